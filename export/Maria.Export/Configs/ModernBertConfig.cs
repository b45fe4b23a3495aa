using System.Text.Json;

namespace Maria.Export.Configs;

/// <summary>
/// <c>ModernBertForMaskedLM</c> (architectures.md §1.1). Defaults of the ModernBERT-specific values are those the
/// Hugging Face config class falls back to when a key is missing. Layer i is global (full attention, θ = 160000)
/// when i % <see cref="GlobalAttnEveryNLayers"/> == 0 and local (±<see cref="LocalAttention"/>/2 window, θ = 10000) otherwise.
/// </summary>
public sealed record ModernBertConfig : ModelConfig
{
    /// <inheritdoc/>
    public override string Architecture => "ModernBertForMaskedLM";

    /// <inheritdoc/>
    public override string ModelType => "modernbert";

    /// <summary>RoPE base of global layers (<c>global_rope_theta</c>, or <c>rope_parameters.full_attention.rope_theta</c>).</summary>
    public double GlobalRopeTheta { get; init; } = 160000.0;

    /// <summary>RoPE base of local layers (<c>local_rope_theta</c>, or <c>rope_parameters.sliding_attention.rope_theta</c>).</summary>
    public double LocalRopeTheta { get; init; } = 10000.0;

    /// <summary>Every n-th layer, starting at 0, attends globally (<c>global_attn_every_n_layers</c>, or derived from <c>layer_types</c>).</summary>
    public int GlobalAttnEveryNLayers { get; init; } = 3;

    /// <summary>Total local window (<c>local_attention</c>): a query sees keys within ±LocalAttention/2 (64 for 128).</summary>
    public int LocalAttention { get; init; } = 128;

    /// <summary>Epsilon of every LayerNorm (<c>norm_eps</c>; <c>layer_norm_eps</c> is ignored, as in Hugging Face).</summary>
    public double NormEps { get; init; } = 1e-5;

    /// <summary>Whether LayerNorms have a bias (<c>norm_bias</c>).</summary>
    public bool NormBias { get; init; }

    /// <summary>Whether the MLM decoder has a bias (<c>decoder_bias</c>; tensor <c>decoder.bias</c>).</summary>
    public bool DecoderBias { get; init; } = true;

    /// <summary>Whether the head's dense layer has a bias (<c>classifier_bias</c>).</summary>
    public bool ClassifierBias { get; init; }

    /// <summary>Activation of the GeGLU MLP (<c>hidden_activation</c>); "gelu" is the exact erf form.</summary>
    public string HiddenActivation { get; init; } = "gelu";

    /// <summary>Activation of the MLM head (<c>classifier_activation</c>).</summary>
    public string ClassifierActivation { get; init; } = "gelu";

    /// <summary><c>pad_token_id</c> ([PAD] = 50283 in the public vocabulary).</summary>
    public int PadTokenId { get; init; } = 50283;

    /// <summary><c>cls_token_id</c> ([CLS] = 50281).</summary>
    public int ClsTokenId { get; init; } = 50281;

    /// <summary><c>sep_token_id</c> ([SEP] = 50282).</summary>
    public int SepTokenId { get; init; } = 50282;

    /// <summary><c>mask_token_id</c> when config.json has it; the public configs do not (the tokenizer's [MASK] is 50284).</summary>
    public int? MaskTokenId { get; init; }

    /// <summary><c>bos_token_id</c> (= CLS in the public configs).</summary>
    public int BosTokenId { get; init; } = 50281;

    /// <summary><c>eos_token_id</c> (= SEP in the public configs).</summary>
    public int EosTokenId { get; init; } = 50282;

    /// <summary>True when layer <paramref name="layer"/> attends to the whole sequence.</summary>
    public bool IsGlobalLayer(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, NumHiddenLayers);
        return layer % GlobalAttnEveryNLayers == 0;
    }

    /// <summary>The RoPE base of layer <paramref name="layer"/>: global or local.</summary>
    public double RopeThetaForLayer(int layer) => IsGlobalLayer(layer) ? GlobalRopeTheta : LocalRopeTheta;

    /// <summary><c>answerdotai/ModernBERT-base</c>: 22 layers, H 768, I 1152, 12 heads (149,655,232 parameters).</summary>
    public static ModernBertConfig Base() => new()
    {
        VocabSize = 50368,
        HiddenSize = 768,
        IntermediateSize = 1152,
        NumHiddenLayers = 22,
        NumAttentionHeads = 12,
        MaxPositionEmbeddings = 8192,
        TieWordEmbeddings = true,
    };

    /// <summary><c>answerdotai/ModernBERT-large</c>: 28 layers, H 1024, I 2624, 16 heads (395,881,664 parameters).</summary>
    public static ModernBertConfig Large() => Base() with
    {
        HiddenSize = 1024,
        IntermediateSize = 2624,
        NumHiddenLayers = 28,
        NumAttentionHeads = 16,
    };

    /// <inheritdoc/>
    public override void Validate(string sourceName)
    {
        base.Validate(sourceName);
        RequirePositive(sourceName, "global_attn_every_n_layers", GlobalAttnEveryNLayers);
        RequirePositive(sourceName, "local_attention", LocalAttention);
        if (LocalAttention % 2 != 0)
        {
            throw Problem(sourceName, "local_attention", $"local_attention {LocalAttention} is odd; it is the total window, split evenly on both sides of a token");
        }
        RequirePositive(sourceName, "global_rope_theta", GlobalRopeTheta);
        RequirePositive(sourceName, "local_rope_theta", LocalRopeTheta);
        RequirePositive(sourceName, "norm_eps", NormEps);
        RequireTokenId(sourceName, "pad_token_id", PadTokenId);
        RequireTokenId(sourceName, "cls_token_id", ClsTokenId);
        RequireTokenId(sourceName, "sep_token_id", SepTokenId);
        RequireTokenId(sourceName, "mask_token_id", MaskTokenId);
        RequireTokenId(sourceName, "bos_token_id", BosTokenId);
        RequireTokenId(sourceName, "eos_token_id", EosTokenId);
    }

    /// <inheritdoc/>
    protected override void WriteProperties(Utf8JsonWriter json)
    {
        // Key set and spelling of the public answerdotai/ModernBERT-* config.json files (older style, read by every
        // transformers version); values this project does not model are written as the public checkpoints have them.
        json.WriteBoolean("attention_bias", false);
        WriteFloat(json, "attention_dropout", 0.0);
        json.WriteNumber("bos_token_id", BosTokenId);
        json.WriteString("classifier_activation", ClassifierActivation);
        json.WriteBoolean("classifier_bias", ClassifierBias);
        WriteFloat(json, "classifier_dropout", 0.0);
        json.WriteString("classifier_pooling", "mean");
        json.WriteNumber("cls_token_id", ClsTokenId);
        json.WriteBoolean("decoder_bias", DecoderBias);
        json.WriteBoolean("deterministic_flash_attn", false);
        WriteFloat(json, "embedding_dropout", 0.0);
        json.WriteNumber("eos_token_id", EosTokenId);
        json.WriteNumber("global_attn_every_n_layers", GlobalAttnEveryNLayers);
        WriteFloat(json, "global_rope_theta", GlobalRopeTheta);
        json.WriteString("hidden_activation", HiddenActivation);
        json.WriteNumber("hidden_size", HiddenSize);
        WriteFloat(json, "initializer_cutoff_factor", 2.0);
        WriteFloat(json, "initializer_range", 0.02);
        json.WriteNumber("intermediate_size", IntermediateSize);
        WriteFloat(json, "layer_norm_eps", NormEps);
        json.WriteNumber("local_attention", LocalAttention);
        WriteFloat(json, "local_rope_theta", LocalRopeTheta);
        if (MaskTokenId is int mask)
        {
            json.WriteNumber("mask_token_id", mask);
        }
        json.WriteNumber("max_position_embeddings", MaxPositionEmbeddings);
        json.WriteBoolean("mlp_bias", false);
        WriteFloat(json, "mlp_dropout", 0.0);
        json.WriteBoolean("norm_bias", NormBias);
        WriteFloat(json, "norm_eps", NormEps);
        json.WriteNumber("num_attention_heads", NumAttentionHeads);
        json.WriteNumber("num_hidden_layers", NumHiddenLayers);
        json.WriteNumber("pad_token_id", PadTokenId);
        json.WriteString("position_embedding_type", "absolute");
        json.WriteNumber("sep_token_id", SepTokenId);
        json.WriteBoolean("sparse_prediction", false);
        json.WriteBoolean("tie_word_embeddings", TieWordEmbeddings);
        json.WriteNumber("vocab_size", VocabSize);
    }
}
