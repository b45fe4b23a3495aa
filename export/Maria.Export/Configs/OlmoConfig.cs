using System.Text.Json;

namespace Maria.Export.Configs;

/// <summary>
/// <c>OlmoForCausalLM</c> (OLMo v1, architectures.md §2): the Llama module tree with parameter-free LayerNorms
/// (no γ, no β, ε = 1e-5 hard-coded, so there is no norm key) and optional clamping of q, k, v to ±<see cref="ClipQkv"/>.
/// </summary>
public sealed record OlmoConfig : CausalLmConfig
{
    /// <summary>The fixed epsilon of OLMo v1's parameter-free LayerNorm (not a config key).</summary>
    public const double NormEps = 1e-5;

    /// <inheritdoc/>
    public override string Architecture => "OlmoForCausalLM";

    /// <inheritdoc/>
    public override string ModelType => "olmo";

    /// <summary>When set, q, k and v are clamped to [-ClipQkv, ClipQkv] after projection, before RoPE (<c>clip_qkv</c>).</summary>
    public double? ClipQkv { get; init; }

    /// <summary><c>allenai/OLMo-1B-hf</c>: 16 layers, H 2048, I 8192, 16 heads, tied head (1,176,764,416 parameters).</summary>
    public static OlmoConfig Olmo1B() => new()
    {
        VocabSize = 50304,
        HiddenSize = 2048,
        IntermediateSize = 8192,
        NumHiddenLayers = 16,
        NumAttentionHeads = 16,
        NumKeyValueHeads = 16,
        MaxPositionEmbeddings = 2048,
        TieWordEmbeddings = true,
        RopeTheta = 10000.0,
        EosTokenId = 50279,
        PadTokenId = 1,
        BosTokenId = null,
        ClipQkv = null,
    };

    /// <summary><c>allenai/OLMo-7B-hf</c>: 32 layers, H 4096, I 11008, 32 heads, untied head (6,888,095,744 parameters).</summary>
    public static OlmoConfig Olmo7B() => Olmo1B() with
    {
        HiddenSize = 4096,
        IntermediateSize = 11008,
        NumHiddenLayers = 32,
        NumAttentionHeads = 32,
        NumKeyValueHeads = 32,
        TieWordEmbeddings = false,
    };

    /// <inheritdoc/>
    public override void Validate(string sourceName)
    {
        base.Validate(sourceName);
        if (ClipQkv is double clip)
        {
            RequirePositive(sourceName, "clip_qkv", clip);
        }
    }

    /// <inheritdoc/>
    protected override void WriteProperties(Utf8JsonWriter json)
    {
        json.WriteBoolean("attention_bias", false);
        WriteFloat(json, "attention_dropout", 0.0);
        if (ClipQkv is double clip)
        {
            WriteFloat(json, "clip_qkv", clip);
        }
        else
        {
            json.WriteNull("clip_qkv");
        }
        WriteTokenIds(json, BosTokenId, EosTokenId, nullWhenAbsent: false);
        json.WriteString("hidden_act", "silu");
        json.WriteNumber("hidden_size", HiddenSize);
        WriteFloat(json, "initializer_range", 0.02);
        json.WriteNumber("intermediate_size", IntermediateSize);
        json.WriteNumber("max_position_embeddings", MaxPositionEmbeddings);
        json.WriteNumber("num_attention_heads", NumAttentionHeads);
        json.WriteNumber("num_hidden_layers", NumHiddenLayers);
        json.WriteNumber("num_key_value_heads", NumKeyValueHeads);
        json.WriteNumber("pad_token_id", PadTokenId);
        json.WriteNumber("pretraining_tp", 1);
        json.WriteNull("rope_scaling");
        WriteFloat(json, "rope_theta", RopeTheta);
        json.WriteBoolean("tie_word_embeddings", TieWordEmbeddings);
        json.WriteBoolean("use_cache", true);
        json.WriteNumber("vocab_size", VocabSize);
    }
}
