using System.Text.Json;

namespace Maria.Export.Configs;

/// <summary>
/// Builds a <see cref="ModernBertConfig"/> from either key style: older <c>global_rope_theta</c>/<c>local_rope_theta</c>/
/// <c>global_attn_every_n_layers</c>, or newer <c>layer_types</c>/<c>rope_parameters</c> (transformers v5). Missing
/// ModernBERT-specific keys take the Hugging Face defaults (architectures.md §1.1); the sizes are required.
/// </summary>
internal static class ModernBertConfigReader
{
    private const string FullAttention = "full_attention";
    private const string SlidingAttention = "sliding_attention";

    public static ModernBertConfig Read(ConfigJson json)
    {
        json.RequireFalse("attention_bias", "attention projections with biases are not implemented for ModernBERT");
        json.RequireFalse("mlp_bias", "MLP layers with biases are not implemented for ModernBERT");
        int layers = json.RequiredInt("num_hidden_layers");
        var (globalTheta, localTheta) = ReadRopeThetas(json);
        int localAttention = json.Int("local_attention", 128);
        if (json.OptionalInt("sliding_window") is int halfWindow && halfWindow * 2 != localAttention)
        {
            throw json.Error("sliding_window", $"is {halfWindow} but local_attention is {localAttention}; sliding_window must be half of local_attention");
        }
        return new ModernBertConfig
        {
            VocabSize = json.RequiredInt("vocab_size"),
            HiddenSize = json.RequiredInt("hidden_size"),
            IntermediateSize = json.RequiredInt("intermediate_size"),
            NumHiddenLayers = layers,
            NumAttentionHeads = json.RequiredInt("num_attention_heads"),
            MaxPositionEmbeddings = json.Int("max_position_embeddings", 8192),
            TieWordEmbeddings = json.Bool("tie_word_embeddings", true),
            GlobalRopeTheta = globalTheta,
            LocalRopeTheta = localTheta,
            GlobalAttnEveryNLayers = ReadGlobalEvery(json, layers),
            LocalAttention = localAttention,
            NormEps = json.Double("norm_eps", 1e-5),
            NormBias = json.Bool("norm_bias", false),
            DecoderBias = json.Bool("decoder_bias", true),
            ClassifierBias = json.Bool("classifier_bias", false),
            HiddenActivation = json.String("hidden_activation", "gelu"),
            ClassifierActivation = json.String("classifier_activation", "gelu"),
            PadTokenId = json.Int("pad_token_id", 50283),
            ClsTokenId = json.Int("cls_token_id", 50281),
            SepTokenId = json.Int("sep_token_id", 50282),
            MaskTokenId = json.OptionalInt("mask_token_id"),
            BosTokenId = json.Int("bos_token_id", 50281),
            EosTokenId = json.Int("eos_token_id", 50282),
        };
    }

    /// <summary>
    /// n such that layer i is global iff i % n == 0. With <c>layer_types</c> the list must have one entry per layer
    /// and follow that pattern (the only one the graphs implement); with both keys they must agree.
    /// </summary>
    private static int ReadGlobalEvery(ConfigJson json, int layers)
    {
        int? declared = json.OptionalInt("global_attn_every_n_layers");
        if (json.Element("layer_types") is not JsonElement list)
        {
            return declared ?? 3;
        }
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw json.Error("layer_types", $"is {list.GetRawText()}; expected a list of \"{FullAttention}\"/\"{SlidingAttention}\"");
        }
        var isGlobal = new List<bool>();
        foreach (var item in list.EnumerateArray())
        {
            string? kind = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (kind is not (FullAttention or SlidingAttention))
            {
                throw json.Error("layer_types", $"contains {item.GetRawText()}; expected \"{FullAttention}\" or \"{SlidingAttention}\"");
            }
            isGlobal.Add(kind == FullAttention);
        }
        if (isGlobal.Count != layers)
        {
            throw json.Error("layer_types", $"has {isGlobal.Count} entries but num_hidden_layers is {layers}; give one entry per layer");
        }
        // The second global layer's index is the period; a single global layer (at 0) fits any period >= layers.
        int secondGlobal = isGlobal.IndexOf(true, 1);
        int every = declared ?? (secondGlobal > 0 ? secondGlobal : Math.Max(layers, 1));
        if (every <= 0)
        {
            throw json.Error("global_attn_every_n_layers", $"is {every}; expected a positive integer");
        }
        for (int i = 0; i < layers; i++)
        {
            if (isGlobal[i] != (i % every == 0))
            {
                throw json.Error("layer_types", declared is null
                    ? $"does not put \"{FullAttention}\" exactly on every {every}-th layer starting at 0 (layer {i} differs); only that pattern is implemented"
                    : $"disagrees with global_attn_every_n_layers {every} at layer {i}; keep one of them");
            }
        }
        return every;
    }

    private static (double Global, double Local) ReadRopeThetas(ConfigJson json)
    {
        if (json.Element("rope_scaling") is JsonElement scaling)
        {
            throw json.Error("rope_scaling", $"is {scaling.GetRawText()}; RoPE scaling is not implemented for ModernBERT");
        }
        double? globalFromParameters = null, localFromParameters = null;
        if (json.Element("rope_parameters") is JsonElement parameters)
        {
            if (parameters.ValueKind != JsonValueKind.Object)
            {
                throw json.Error("rope_parameters", $"is {parameters.GetRawText()}; expected {{\"{FullAttention}\": {{...}}, \"{SlidingAttention}\": {{...}}}}");
            }
            if (parameters.TryGetProperty(FullAttention, out var full) && full.ValueKind != JsonValueKind.Null)
            {
                globalFromParameters = RopeSettingsReader.ReadParameterBlock(json, $"rope_parameters.{FullAttention}", full);
            }
            if (parameters.TryGetProperty(SlidingAttention, out var sliding) && sliding.ValueKind != JsonValueKind.Null)
            {
                localFromParameters = RopeSettingsReader.ReadParameterBlock(json, $"rope_parameters.{SlidingAttention}", sliding);
            }
        }
        double global = Reconcile(json, "global_rope_theta", json.OptionalDouble("global_rope_theta"), FullAttention, globalFromParameters) ?? 160000.0;
        double local = Reconcile(json, "local_rope_theta", json.OptionalDouble("local_rope_theta"), SlidingAttention, localFromParameters) ?? 10000.0;
        return (global, local);
    }

    private static double? Reconcile(ConfigJson json, string key, double? fromKey, string layerType, double? fromParameters)
    {
        if (fromKey is double a && fromParameters is double b && a != b)
        {
            throw json.Error(key, $"is {a} but rope_parameters.{layerType}.rope_theta is {b}; keep one of them");
        }
        return fromKey ?? fromParameters;
    }
}
