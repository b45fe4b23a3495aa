namespace Maria.Export.Tests.Graphs;

/// <summary>Direct RoPE (rotate_half) and multi-head attention, written from architectures.md §0.</summary>
internal static class ReferenceAttention
{
    /// <summary>
    /// Rotates x [batch, seq, heads·D] at positions[b, s] with the half tables cos/sin [maxPos, D/2]:
    /// for d &lt; D/2: x'[d] = x[d]cos − x[d+D/2]sin; for d ≥ D/2: x'[d] = x[d]cos + x[d−D/2]sin.
    /// </summary>
    public static float[] RotateHalf(float[] x, long[] positions, int batch, int seq, int heads, int headDim, float[] cos, float[] sin)
    {
        int half = headDim / 2;
        var y = new float[x.Length];
        for (int b = 0; b < batch; b++)
        {
            for (int s = 0; s < seq; s++)
            {
                long p = positions[b * seq + s];
                for (int h = 0; h < heads; h++)
                {
                    int baseIndex = ((b * seq + s) * heads + h) * headDim;
                    for (int d = 0; d < half; d++)
                    {
                        double c = cos[p * half + d];
                        double si = sin[p * half + d];
                        double first = x[baseIndex + d];
                        double second = x[baseIndex + d + half];
                        y[baseIndex + d] = (float)(first * c - second * si);
                        y[baseIndex + d + half] = (float)(second * c + first * si);
                    }
                }
            }
        }

        return y;
    }

    /// <summary>
    /// softmax(Q·Kᵀ/√D + mask)·V with q [batch, seqQ, heads·D] and k, v [batch, seqK, kvHeads·D]; query head h
    /// reads kv head h / (heads / kvHeads). Disallowed pairs get the finite value −3.4028235e38 added, so a fully
    /// masked row becomes uniform over all keys, as in Hugging Face.
    /// </summary>
    public static float[] Attention(
        float[] q, float[] k, float[] v, int batch, int seqQ, int seqK, int heads, int kvHeads, int headDim,
        Func<int, int, int, bool> allowed)
    {
        var output = new float[batch * seqQ * heads * headDim];
        var scores = new double[seqK];
        double scale = 1 / Math.Sqrt(headDim);
        for (int b = 0; b < batch; b++)
        {
            for (int h = 0; h < heads; h++)
            {
                int kvHead = h / (heads / kvHeads);
                for (int i = 0; i < seqQ; i++)
                {
                    int qBase = ((b * seqQ + i) * heads + h) * headDim;
                    for (int j = 0; j < seqK; j++)
                    {
                        int kBase = ((b * seqK + j) * kvHeads + kvHead) * headDim;
                        double dot = 0;
                        for (int d = 0; d < headDim; d++)
                        {
                            dot += (double)q[qBase + d] * k[kBase + d];
                        }

                        // Adding the float32 minimum to a small score rounds to the minimum itself.
                        scores[j] = allowed(b, i, j) ? dot * scale : -3.4028235e38;
                    }

                    double max = scores.Max();
                    double total = 0;
                    for (int j = 0; j < seqK; j++)
                    {
                        scores[j] = Math.Exp(scores[j] - max);
                        total += scores[j];
                    }

                    for (int d = 0; d < headDim; d++)
                    {
                        double sum = 0;
                        for (int j = 0; j < seqK; j++)
                        {
                            sum += scores[j] * v[((b * seqK + j) * kvHeads + kvHead) * headDim + d];
                        }

                        output[qBase + d] = (float)(sum / total);
                    }
                }
            }
        }

        return output;
    }
}
