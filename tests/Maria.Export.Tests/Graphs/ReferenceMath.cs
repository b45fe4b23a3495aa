namespace Maria.Export.Tests.Graphs;

/// <summary>Direct C# computations (double accumulation) that the ONNX blocks are checked against.</summary>
internal static class ReferenceMath
{
    /// <summary>y = x·Wᵀ + b with W in nn.Linear layout [out, in]; x is [rows, in].</summary>
    public static float[] Linear(float[] x, float[] weightOutIn, float[]? bias, int outFeatures, int inFeatures)
    {
        int rows = x.Length / inFeatures;
        var y = new float[rows * outFeatures];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outFeatures; o++)
            {
                double sum = bias?[o] ?? 0;
                for (int i = 0; i < inFeatures; i++)
                {
                    sum += (double)x[r * inFeatures + i] * weightOutIn[o * inFeatures + i];
                }

                y[r * outFeatures + o] = (float)sum;
            }
        }

        return y;
    }

    /// <summary>torch LayerNorm over the last axis (biased variance), optional γ, no β.</summary>
    public static float[] LayerNorm(float[] x, int hidden, float[]? gamma, double epsilon)
    {
        var y = new float[x.Length];
        for (int row = 0; row < x.Length / hidden; row++)
        {
            double mean = 0;
            for (int i = 0; i < hidden; i++)
            {
                mean += x[row * hidden + i];
            }

            mean /= hidden;
            double variance = 0;
            for (int i = 0; i < hidden; i++)
            {
                double centred = x[row * hidden + i] - mean;
                variance += centred * centred;
            }

            double inverse = 1 / Math.Sqrt(variance / hidden + epsilon);
            for (int i = 0; i < hidden; i++)
            {
                y[row * hidden + i] = (float)((x[row * hidden + i] - mean) * inverse * (gamma?[i] ?? 1f));
            }
        }

        return y;
    }

    /// <summary>RMSNorm: x / sqrt(mean(x²)+ε) · γ over the last axis.</summary>
    public static float[] RmsNorm(float[] x, int hidden, float[] gamma, double epsilon)
    {
        var y = new float[x.Length];
        for (int row = 0; row < x.Length / hidden; row++)
        {
            double meanSquare = 0;
            for (int i = 0; i < hidden; i++)
            {
                meanSquare += (double)x[row * hidden + i] * x[row * hidden + i];
            }

            double inverse = 1 / Math.Sqrt(meanSquare / hidden + epsilon);
            for (int i = 0; i < hidden; i++)
            {
                y[row * hidden + i] = (float)(x[row * hidden + i] * inverse * gamma[i]);
            }
        }

        return y;
    }

    public static double Gelu(double x) => 0.5 * x * (1 + Erf(x / Math.Sqrt(2)));

    public static double Silu(double x) => x / (1 + Math.Exp(-x));

    /// <summary>erf by its Maclaurin series (exact to ~1e-12 for |x| ≤ 4; |erf| = 1 - 1.5e-8 beyond).</summary>
    public static double Erf(double x)
    {
        if (Math.Abs(x) > 4)
        {
            return Math.Sign(x);
        }

        double term = x;
        double sum = x;
        for (int n = 1; n < 80; n++)
        {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
        }

        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
