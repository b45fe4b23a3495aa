using Maria.Export.Checkpoints;
using Maria.Training.Models.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Maria.Training.Tests.Models;

/// <summary>Shared test helpers: weights with visible magnitudes, weight dumps, batch tensors, and the comparison.</summary>
internal static class ModelTestKit
{
    public const double Tolerance = 1e-5;

    /// <summary>
    /// Re-draws every parameter from torch's generator seeded with <paramref name="seed"/>, larger than the
    /// 0.02 initialisation so that activations are O(1) and a wrong formula shows: matrices ~ N(0, 0.2²),
    /// norm scales ~ 1 + N(0, 0.1²), biases ~ N(0, 0.1²).
    /// </summary>
    public static void RandomizeVisibly(nn.Module module, long seed)
    {
        torch.random.manual_seed(seed);
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            switch (TensorRoles.Of(name))
            {
                case TensorRole.NormScale:
                    parameter.normal_(1.0, 0.1);
                    break;
                case TensorRole.Bias:
                    parameter.normal_(0.0, 0.1);
                    break;
                default:
                    parameter.normal_(0.0, 0.2);
                    break;
            }
        }
    }

    /// <summary>Every parameter's values by Hugging Face name.</summary>
    public static Dictionary<string, float[]> Weights(nn.Module module)
        => module.named_parameters().ToDictionary(p => p.name, p => p.parameter.data<float>().ToArray());

    /// <summary>Copies every parameter of <paramref name="source"/> into the same-named parameter of <paramref name="target"/>.</summary>
    public static void CopyParameters(nn.Module source, nn.Module target)
    {
        var sourceParameters = source.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in target.named_parameters())
        {
            parameter.copy_(sourceParameters[name]);
        }
    }

    /// <summary>Rows of equal length -> int64 tensor [B, T].</summary>
    public static Tensor Batch(long[][] rows)
        => torch.tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, rows[0].Length });

    /// <summary>Rows of equal length -> int64 mask tensor [B, T].</summary>
    public static Tensor Batch(int[][] rows)
        => torch.tensor(rows.SelectMany(r => r.Select(v => (long)v)).ToArray(), new long[] { rows.Length, rows[0].Length });

    /// <summary>Deterministic token ids in [0, vocab).</summary>
    public static long[] Tokens(int length, int vocab, int salt)
        => Enumerable.Range(0, length).Select(i => (long)((i * 7 + salt * 13 + i * i * salt) % vocab)).ToArray();

    /// <summary>Row b of a [B, T, N] tensor as [T][N].</summary>
    public static double[][] Row(Tensor values, int b)
    {
        using var row = values.select(0, b).contiguous();
        int length = (int)row.shape[0], width = (int)row.shape[1];
        float[] flat = row.data<float>().ToArray();
        return Enumerable.Range(0, length).Select(t => flat.AsSpan(t * width, width).ToArray().Select(v => (double)v).ToArray()).ToArray();
    }

    /// <summary>Largest absolute difference, and a description of the first elements over the tolerance.</summary>
    public static double MaxAbsoluteDifference(double[][] expected, double[][] actual, out string firstMismatches)
    {
        double max = 0;
        var mismatches = new List<string>();
        for (int t = 0; t < expected.Length; t++)
        {
            for (int i = 0; i < expected[t].Length; i++)
            {
                double difference = Math.Abs(expected[t][i] - actual[t][i]);
                max = Math.Max(max, double.IsNaN(difference) ? double.PositiveInfinity : difference);
                if (!(difference <= Tolerance) && mismatches.Count < 5)
                {
                    mismatches.Add($"[{t},{i}] expected {expected[t][i]:R} actual {actual[t][i]:R}");
                }
            }
        }
        firstMismatches = string.Join("; ", mismatches);
        return max;
    }

    /// <summary>Asserts |expected − actual| ≤ 1e-5 everywhere, naming the first mismatching elements.</summary>
    public static void AssertClose(double[][] expected, double[][] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = MaxAbsoluteDifference(expected, actual, out string mismatches);
        Assert.True(max <= Tolerance, $"{what}: max |difference| {max:G3} > {Tolerance}: {mismatches}");
    }

    /// <summary>Largest absolute element, so tests can show the compared values are not trivially small.</summary>
    public static double MaxAbsolute(double[][] values) => values.SelectMany(v => v).Max(Math.Abs);
}
