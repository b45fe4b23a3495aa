using Maria.Export.Configs;
using static Maria.Training.Tests.Models.NaiveMath;

namespace Maria.Training.Tests.Models;

/// <summary>OLMo v1 and Llama written out as loops over the checkpoint tensors (architectures.md §2.3, §4), one row at a time.</summary>
internal static class NaiveCausalLm
{
    /// <summary>Returns logits [T][V] and the final hidden states [T][H] of one unpadded row.</summary>
    public static (double[][] Logits, double[][] FinalHidden) Forward(
        IReadOnlyDictionary<string, float[]> w, CausalLmConfig config, long[] ids)
    {
        int length = ids.Length, hidden = config.HiddenSize, heads = config.NumAttentionHeads;
        int kvHeads = config.NumKeyValueHeads, headDim = config.HeadDim, intermediate = config.IntermediateSize;
        int groupSize = heads / kvHeads;
        double? clip = (config as OlmoConfig)?.ClipQkv;
        Func<double[], string, double[]> norm = config switch
        {
            OlmoConfig => (x, _) => LayerNorm(x, null, 1e-5),
            LlamaConfig llama => (x, name) => RmsNorm(x, w[name], llama.RmsNormEps),
            _ => throw new ArgumentException("unsupported config", nameof(config)),
        };
        double[] Clip(double[] v) => clip is double c ? v.Select(x => Math.Clamp(x, -c, c)).ToArray() : v;

        float[] embeddings = w["model.embed_tokens.weight"];
        var h = Enumerable.Range(0, length).Select(t => ToDouble(embeddings, (int)ids[t] * hidden, hidden)).ToArray();
        for (int layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            string prefix = $"model.layers.{layer}.";
            var queries = new double[heads][][];
            var keys = new double[kvHeads][][];
            var values = new double[kvHeads][][];
            for (int head = 0; head < heads; head++)
            {
                queries[head] = new double[length][];
            }
            for (int g = 0; g < kvHeads; g++)
            {
                keys[g] = new double[length][];
                values[g] = new double[length][];
            }
            for (int t = 0; t < length; t++)
            {
                double[] x = norm(h[t], prefix + "input_layernorm.weight");
                double[] q = Clip(Linear(w[prefix + "self_attn.q_proj.weight"], x, heads * headDim));
                double[] k = Clip(Linear(w[prefix + "self_attn.k_proj.weight"], x, kvHeads * headDim));
                double[] v = Clip(Linear(w[prefix + "self_attn.v_proj.weight"], x, kvHeads * headDim));
                for (int head = 0; head < heads; head++)
                {
                    queries[head][t] = Rope(Slice(q, head * headDim, headDim), t, config.RopeTheta);
                }
                for (int g = 0; g < kvHeads; g++)
                {
                    keys[g][t] = Rope(Slice(k, g * headDim, headDim), t, config.RopeTheta);
                    values[g][t] = Slice(v, g * headDim, headDim);
                }
            }
            var next = new double[length][];
            for (int t = 0; t < length; t++)
            {
                int query = t;
                var attention = new double[heads * headDim];
                for (int head = 0; head < heads; head++)
                {
                    int group = head / groupSize;   // kv head g serves query heads g·r … g·r+r−1
                    double[] context = AttendOneHead(queries[head][t], keys[group], values[group], k => k <= query);
                    Array.Copy(context, 0, attention, head * headDim, headDim);
                }
                double[] afterAttention = Add(h[t], Linear(w[prefix + "self_attn.o_proj.weight"], attention, hidden));
                double[] y = norm(afterAttention, prefix + "post_attention_layernorm.weight");
                double[] gate = Linear(w[prefix + "mlp.gate_proj.weight"], y, intermediate);
                double[] up = Linear(w[prefix + "mlp.up_proj.weight"], y, intermediate);
                double[] product = gate.Select((g, j) => Silu(g) * up[j]).ToArray();
                next[t] = Add(afterAttention, Linear(w[prefix + "mlp.down_proj.weight"], product, hidden));
            }
            h = next;
        }

        float[] outputWeight = config.TieWordEmbeddings ? embeddings : w["lm_head.weight"];
        var finalHidden = h.Select(x => norm(x, "model.norm.weight")).ToArray();
        var logits = finalHidden.Select(x => Linear(outputWeight, x, config.VocabSize)).ToArray();
        return (logits, finalHidden);
    }
}
