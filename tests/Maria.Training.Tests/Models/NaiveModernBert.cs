using Maria.Export.Configs;
using static Maria.Training.Tests.Models.NaiveMath;

namespace Maria.Training.Tests.Models;

/// <summary>ModernBertForMaskedLM written out as loops over the checkpoint tensors (architectures.md §1.3), one row at a time.</summary>
internal static class NaiveModernBert
{
    /// <summary>Returns logits [T][V] and head output u [T][H] of one row.</summary>
    public static (double[][] Logits, double[][] HeadOutput) Forward(
        IReadOnlyDictionary<string, float[]> w, ModernBertConfig config, long[] ids, int[] attentionMask)
    {
        int length = ids.Length, hidden = config.HiddenSize, heads = config.NumAttentionHeads;
        int headDim = hidden / heads, intermediate = config.IntermediateSize, vocab = config.VocabSize;
        double eps = config.NormEps;
        float[] embeddings = w["model.embeddings.tok_embeddings.weight"];

        var h = new double[length][];
        for (int t = 0; t < length; t++)
        {
            h[t] = LayerNorm(ToDouble(embeddings, (int)ids[t] * hidden, hidden), w["model.embeddings.norm.weight"], eps);
        }

        for (int layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            string prefix = $"model.layers.{layer}.";
            bool global = layer % config.GlobalAttnEveryNLayers == 0;
            double theta = global ? config.GlobalRopeTheta : config.LocalRopeTheta;
            int halfWindow = config.LocalAttention / 2;

            var queries = new double[heads][][];
            var keys = new double[heads][][];
            var values = new double[heads][][];
            for (int head = 0; head < heads; head++)
            {
                queries[head] = new double[length][];
                keys[head] = new double[length][];
                values[head] = new double[length][];
            }
            for (int t = 0; t < length; t++)
            {
                double[] x = layer == 0 ? h[t] : LayerNorm(h[t], w[prefix + "attn_norm.weight"], eps);
                double[] qkv = Linear(w[prefix + "attn.Wqkv.weight"], x, 3 * hidden);
                for (int head = 0; head < heads; head++)
                {
                    queries[head][t] = Rope(Slice(qkv, head * headDim, headDim), t, theta);
                    keys[head][t] = Rope(Slice(qkv, hidden + head * headDim, headDim), t, theta);
                    values[head][t] = Slice(qkv, 2 * hidden + head * headDim, headDim);
                }
            }
            var next = new double[length][];
            for (int t = 0; t < length; t++)
            {
                int query = t;
                var attention = new double[hidden];
                for (int head = 0; head < heads; head++)
                {
                    double[] context = AttendOneHead(queries[head][t], keys[head], values[head],
                        k => attentionMask[k] == 1 && (global || Math.Abs(query - k) <= halfWindow));
                    Array.Copy(context, 0, attention, head * headDim, headDim);
                }
                double[] afterAttention = Add(h[t], Linear(w[prefix + "attn.Wo.weight"], attention, hidden));
                double[] y = LayerNorm(afterAttention, w[prefix + "mlp_norm.weight"], eps);
                double[] z = Linear(w[prefix + "mlp.Wi.weight"], y, 2 * intermediate);
                double[] product = Enumerable.Range(0, intermediate).Select(j => Gelu(z[j]) * z[intermediate + j]).ToArray();
                next[t] = Add(afterAttention, Linear(w[prefix + "mlp.Wo.weight"], product, hidden));
            }
            h = next;
        }

        var logits = new double[length][];
        var headOutput = new double[length][];
        for (int t = 0; t < length; t++)
        {
            double[] last = LayerNorm(h[t], w["model.final_norm.weight"], eps);
            double[] dense = Linear(w["head.dense.weight"], last, hidden).Select(Gelu).ToArray();
            headOutput[t] = LayerNorm(dense, w["head.norm.weight"], eps);
            logits[t] = Linear(embeddings, headOutput[t], vocab, w["decoder.bias"]);
        }
        return (logits, headOutput);
    }
}
