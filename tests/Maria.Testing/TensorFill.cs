using Maria.Export.Checkpoints;

namespace Maria.Testing;

/// <summary>
/// How <see cref="TinyCheckpoint"/> fills each tensor, given its layout entry and its index in the written list. Seeded
/// with <see cref="Random"/>: test data only, where a sequence that changed with the .NET version would change which
/// random weights a test runs on, never what it asserts.
/// </summary>
internal abstract class TensorFill
{
    public abstract float[] Values(TensorSpec tensor, int index);

    /// <summary>
    /// One generator over the whole checkpoint in layout order: matrices and biases uniform in ±<paramref name="amplitude"/>,
    /// norm scales exactly 1. Small weights keep the logits moderate (the packaging and CLI tests).
    /// </summary>
    public static TensorFill UniformStream(int seed, float amplitude) => new Stream(new Random(seed), amplitude);

    /// <summary>
    /// One generator over the whole checkpoint: matrices and biases ~ N(0, <paramref name="deviation"/>²), norm scales
    /// 1 + N(0, <paramref name="normDeviation"/>²). Large enough weights that fills depend on the text (the engine tests).
    /// </summary>
    public static TensorFill GaussianStream(int seed, float deviation, float normDeviation) => new Gaussian(new Random(seed), deviation, normDeviation);

    /// <summary>
    /// Each tensor its own generator (seed·100 + index), so editing one tensor leaves the others' values: uniform in
    /// ±<paramref name="amplitude"/>, norm scales 1 ± <paramref name="normAmplitude"/> (the graph contract tests).
    /// </summary>
    public static TensorFill PerTensor(int seed, float amplitude, float normAmplitude) => new Independent(seed, amplitude, normAmplitude);

    private sealed class Stream(Random random, float amplitude) : TensorFill
    {
        public override float[] Values(TensorSpec tensor, int index)
        {
            var values = new float[tensor.ElementCount];
            if (tensor.Role == TensorRole.NormScale)
            {
                Array.Fill(values, 1f);
                return values;
            }
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)((random.NextDouble() * 2 - 1) * amplitude);
            }
            return values;
        }
    }

    private sealed class Gaussian(Random random, float deviation, float normDeviation) : TensorFill
    {
        public override float[] Values(TensorSpec tensor, int index)
        {
            var values = new float[tensor.ElementCount];
            bool norm = tensor.Role == TensorRole.NormScale;
            for (int i = 0; i < values.Length; i++)
            {
                // Box-Muller: two uniforms, one standard normal.
                double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
                double normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
                values[i] = norm ? 1f + (float)(normDeviation * normal) : (float)(deviation * normal);
            }
            return values;
        }
    }

    private sealed class Independent(int seed, float amplitude, float normAmplitude) : TensorFill
    {
        public override float[] Values(TensorSpec tensor, int index)
        {
            int count = checked((int)tensor.ElementCount);
            return tensor.Role == TensorRole.NormScale
                ? TestData.Random(seed * 100 + index, count, normAmplitude).Select(v => 1f + v).ToArray()
                : TestData.Random(seed * 100 + index, count, amplitude);
        }
    }
}
