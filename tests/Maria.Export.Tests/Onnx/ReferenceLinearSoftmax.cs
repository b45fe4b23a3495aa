namespace Maria.Export.Tests.Onnx;

/// <summary>Plain C# softmax(x·W + b) over the last axis, the reference for the builder's first graph.</summary>
internal static class ReferenceLinearSoftmax
{
    /// <param name="x">[rows, inDim]</param>
    /// <param name="weight">[inDim, outDim]</param>
    /// <param name="bias">[outDim]</param>
    /// <returns>[rows, outDim]</returns>
    public static float[] Compute(float[] x, float[] weight, float[] bias, int inDim, int outDim)
    {
        int rows = x.Length / inDim;
        var result = new float[rows * outDim];
        var logits = new double[outDim];
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity;
            for (int o = 0; o < outDim; o++)
            {
                double sum = bias[o];
                for (int i = 0; i < inDim; i++)
                {
                    sum += (double)x[r * inDim + i] * weight[i * outDim + o];
                }

                logits[o] = sum;
                max = Math.Max(max, sum);
            }

            double total = 0;
            for (int o = 0; o < outDim; o++)
            {
                logits[o] = Math.Exp(logits[o] - max);
                total += logits[o];
            }

            for (int o = 0; o < outDim; o++)
            {
                result[r * outDim + o] = (float)(logits[o] / total);
            }
        }

        return result;
    }
}
