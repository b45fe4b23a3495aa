using Maria.Runtime;
using Maria.Runtime.Masking;

namespace Maria.Training.Probing;

/// <summary>
/// The representations a probe can read per word (its first token i): the MLM's u_i, the causal state after the token
/// v_i or before it v_{i-1} (the head's input), their concatenations, and two controls for the width difference.
/// </summary>
internal static class ProbeRepresentation
{
    /// <summary>Names accepted by <c>--representations</c>, in report order.</summary>
    public static readonly string[] All = ["mlm", "ar", "ar-head", "maria", "maria-after", "maria-projected", "mlm-noise"];

    public static string Describe(string name) => name switch
    {
        "mlm" => "u_i (MLM)",
        "ar" => "v_i (AR, after the token)",
        "ar-head" => "v_{i-1} (AR, the head's input: has not read the token)",
        "maria" => "[v_{i-1} ; u_i] (MARIA head input)",
        "maria-after" => "[v_i ; u_i]",
        "maria-projected" => "random projection of [v_{i-1} ; u_i] to d_mlm (control)",
        "mlm-noise" => "[Gaussian noise of d_ar ; u_i] (control)",
        _ => throw new MariaInputException($"--representations: unknown '{name}'; choose from {string.Join(", ", All)}"),
    };

    /// <summary>Builds the feature rows [words, width] of <paramref name="name"/> from the per-word blocks.</summary>
    public static (float[] Rows, int Width) Build(string name, ProbeWords words, int seed)
    {
        int n = words.Count, dMlm = words.MlmWidth, dAr = words.ArWidth;
        return name switch
        {
            "mlm" => (words.Mlm, dMlm),
            "ar" => (words.ArAfter, dAr),
            "ar-head" => (words.ArBefore, dAr),
            "maria" => (Concatenate(words.ArBefore, dAr, words.Mlm, dMlm, n), dAr + dMlm),
            "maria-after" => (Concatenate(words.ArAfter, dAr, words.Mlm, dMlm, n), dAr + dMlm),
            "maria-projected" => (Project(Concatenate(words.ArBefore, dAr, words.Mlm, dMlm, n), dAr + dMlm, dMlm, n, seed), dMlm),
            "mlm-noise" => (Concatenate(Noise(n * dAr, seed, words.Salt), dAr, words.Mlm, dMlm, n), dAr + dMlm),
            _ => throw new MariaInputException($"--representations: unknown '{name}'; choose from {string.Join(", ", All)}"),
        };
    }

    private static float[] Concatenate(float[] left, int leftWidth, float[] right, int rightWidth, int n)
    {
        int width = leftWidth + rightWidth;
        var rows = new float[n * width];
        for (int i = 0; i < n; i++)
        {
            left.AsSpan(i * leftWidth, leftWidth).CopyTo(rows.AsSpan(i * width));
            right.AsSpan(i * rightWidth, rightWidth).CopyTo(rows.AsSpan(i * width + leftWidth));
        }
        return rows;
    }

    /// <summary>rows [n, from] times a fixed Gaussian matrix [from, to] / sqrt(to): the same matrix for every split (seeded by the seed only).</summary>
    private static float[] Project(float[] rows, int from, int to, int n, int seed)
    {
        var matrix = Noise(from * to, seed, salt: 1);
        float scale = 1f / MathF.Sqrt(to);
        var projected = new float[n * to];
        for (int i = 0; i < n; i++)
        {
            var row = rows.AsSpan(i * from, from);
            var output = projected.AsSpan(i * to, to);
            for (int k = 0; k < from; k++)
            {
                float value = row[k] * scale;
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(matrix.AsSpan(k * to, to), value, output, output);
            }
        }
        return projected;
    }

    private static float[] Noise(int count, int seed, int salt)
    {
        var random = SeededRandom.For(seed, "probe-noise", salt);
        var values = new float[count];
        for (int j = 0; j < count; j++)
        {
            values[j] = (float)random.NextNormal();
        }
        return values;
    }
}
