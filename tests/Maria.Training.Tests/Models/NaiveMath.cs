namespace Maria.Training.Tests.Models;

/// <summary>
/// Plain-loop building blocks for the reference checks: every function works on double arrays, reads fp32 weights
/// stored row-major exactly as the checkpoint stores them ([out, in] for linear layers), and shares no code with the
/// TorchSharp modules under test.
/// </summary>
internal static class NaiveMath
{
    /// <summary>y[o] = Σ_i W[o, i]·x[i] (+ b[o]) for W [outputs, inputs].</summary>
    public static double[] Linear(float[] weight, double[] x, int outputs, float[]? bias = null)
    {
        int inputs = x.Length;
        Assert.Equal(outputs * inputs, weight.Length);
        var y = new double[outputs];
        for (int o = 0; o < outputs; o++)
        {
            double sum = bias is null ? 0 : bias[o];
            for (int i = 0; i < inputs; i++)
            {
                sum += weight[o * inputs + i] * x[i];
            }
            y[o] = sum;
        }
        return y;
    }

    /// <summary>(x − mean) / sqrt(var + ε) · γ, biased variance; γ = 1 when null.</summary>
    public static double[] LayerNorm(double[] x, float[]? gamma, double epsilon)
    {
        double mean = x.Average();
        double variance = x.Select(v => (v - mean) * (v - mean)).Average();
        double inverse = 1.0 / Math.Sqrt(variance + epsilon);
        return x.Select((v, i) => (v - mean) * inverse * (gamma is null ? 1.0 : gamma[i])).ToArray();
    }

    /// <summary>x / sqrt(mean(x²) + ε) · γ.</summary>
    public static double[] RmsNorm(double[] x, float[] gamma, double epsilon)
    {
        double inverse = 1.0 / Math.Sqrt(x.Select(v => v * v).Average() + epsilon);
        return x.Select((v, i) => v * inverse * gamma[i]).ToArray();
    }

    /// <summary>Exact GELU: 0.5·x·(1 + erf(x/√2)).</summary>
    public static double Gelu(double x) => 0.5 * x * (1.0 + Erf(x / Math.Sqrt(2.0)));

    /// <summary>x·σ(x).</summary>
    public static double Silu(double x) => x / (1.0 + Math.Exp(-x));

    /// <summary>
    /// erf by the all-positive series erf(x) = 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)) (no cancellation, double
    /// accuracy); ±1 beyond |x| = 6 where erf differs from 1 by less than 1e-17.
    /// </summary>
    public static double Erf(double x)
    {
        if (Math.Abs(x) > 6)
        {
            return Math.Sign(x);
        }
        double term = x, sum = x;
        for (int n = 1; n < 200 && Math.Abs(term) > 1e-18 * Math.Abs(sum); n++)
        {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * sum;
    }

    /// <summary>
    /// rotate_half RoPE of one head vector at position p: angle_k = p·inv_freq[k], inv_freq[k] = fp32(1/θ^(2k/D)),
    /// the angle rounded to fp32 as the fp32 tables are.
    /// </summary>
    public static double[] Rope(double[] x, int position, double theta)
    {
        int dim = x.Length, half = dim / 2;
        var rotated = new double[dim];
        for (int k = 0; k < half; k++)
        {
            float inverseFrequency = (float)(1.0 / Math.Pow(theta, 2.0 * k / dim));
            double angle = (float)(position * inverseFrequency);
            double cos = Math.Cos(angle), sin = Math.Sin(angle);
            rotated[k] = x[k] * cos - x[k + half] * sin;
            rotated[k + half] = x[k + half] * cos + x[k] * sin;
        }
        return rotated;
    }

    /// <summary>
    /// One head of attention for query position q over keys allowed[k]: softmax(q·k/√D) over allowed keys, a uniform
    /// average over all keys when none is allowed (what a finite large negative mask gives).
    /// </summary>
    public static double[] AttendOneHead(double[] query, double[][] keys, double[][] values, Func<int, bool> allowed)
    {
        int count = keys.Length, dim = query.Length;
        var scores = new double[count];
        bool anyAllowed = Enumerable.Range(0, count).Any(allowed);
        for (int k = 0; k < count; k++)
        {
            scores[k] = !anyAllowed ? 0 : allowed(k) ? Dot(query, keys[k]) / Math.Sqrt(dim) : double.NegativeInfinity;
        }
        double max = scores.Max();
        var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
        double total = weights.Sum();
        var output = new double[dim];
        for (int k = 0; k < count; k++)
        {
            for (int d = 0; d < dim; d++)
            {
                output[d] += weights[k] / total * values[k][d];
            }
        }
        return output;
    }

    public static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    public static double[] Add(double[] a, double[] b) => a.Select((v, i) => v + b[i]).ToArray();

    public static double[] Slice(double[] x, int start, int length) => x.AsSpan(start, length).ToArray();

    public static double[] ToDouble(float[] x, int start, int length) => x.AsSpan(start, length).ToArray().Select(v => (double)v).ToArray();
}
