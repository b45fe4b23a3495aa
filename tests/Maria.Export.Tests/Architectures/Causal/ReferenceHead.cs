namespace Maria.Export.Tests.Architectures.Causal;

/// <summary>Direct C# products for checking head outputs.</summary>
internal static class ReferenceHead
{
    /// <summary>rows [count, width] times the first <paramref name="outRows"/> rows of matrix [*, width], transposed: [count, outRows].</summary>
    public static float[] Multiply(ReadOnlySpan<float> rows, int count, int width, ReadOnlySpan<float> matrix, int outRows)
    {
        var result = new float[count * outRows];
        for (int r = 0; r < count; r++)
        {
            for (int o = 0; o < outRows; o++)
            {
                double sum = 0;
                for (int i = 0; i < width; i++)
                {
                    sum += (double)rows[r * width + i] * matrix[o * width + i];
                }

                result[r * outRows + o] = (float)sum;
            }
        }

        return result;
    }
}
