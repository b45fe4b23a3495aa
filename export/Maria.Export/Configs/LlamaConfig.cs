using System.Text.Json;

namespace Maria.Export.Configs;

/// <summary>
/// <c>LlamaForCausalLM</c> (architectures.md §4): RMSNorm with weights (<see cref="RmsNormEps"/>), grouped-query
/// attention, optional explicit <c>head_dim</c>. Only unscaled RoPE is implemented: configs with a
/// <c>rope_scaling</c> type such as "llama3", "linear", "dynamic" or "yarn" are refused by name.
/// </summary>
public sealed record LlamaConfig : CausalLmConfig
{
    /// <inheritdoc/>
    public override string Architecture => "LlamaForCausalLM";

    /// <inheritdoc/>
    public override string ModelType => "llama";

    /// <summary>Epsilon of every RMSNorm (<c>rms_norm_eps</c>).</summary>
    public double RmsNormEps { get; init; } = 1e-6;

    /// <summary>The <c>head_dim</c> key when config.json has one; null means H / heads.</summary>
    public int? ExplicitHeadDim { get; init; }

    /// <inheritdoc/>
    public override int HeadDim => ExplicitHeadDim ?? base.HeadDim;

    /// <inheritdoc/>
    protected override bool HasExplicitHeadDim => ExplicitHeadDim is not null;

    /// <inheritdoc/>
    public override void Validate(string sourceName)
    {
        base.Validate(sourceName);
        RequirePositive(sourceName, "rms_norm_eps", RmsNormEps);
    }

    /// <inheritdoc/>
    protected override void WriteProperties(Utf8JsonWriter json)
    {
        json.WriteBoolean("attention_bias", false);
        WriteFloat(json, "attention_dropout", 0.0);
        WriteTokenIds(json, BosTokenId, EosTokenId, nullWhenAbsent: true);
        if (ExplicitHeadDim is int headDim)
        {
            json.WriteNumber("head_dim", headDim);
        }
        json.WriteString("hidden_act", "silu");
        json.WriteNumber("hidden_size", HiddenSize);
        WriteFloat(json, "initializer_range", 0.02);
        json.WriteNumber("intermediate_size", IntermediateSize);
        json.WriteNumber("max_position_embeddings", MaxPositionEmbeddings);
        json.WriteBoolean("mlp_bias", false);
        json.WriteNumber("num_attention_heads", NumAttentionHeads);
        json.WriteNumber("num_hidden_layers", NumHiddenLayers);
        json.WriteNumber("num_key_value_heads", NumKeyValueHeads);
        json.WriteNumber("pad_token_id", PadTokenId);
        json.WriteNumber("pretraining_tp", 1);
        WriteFloat(json, "rms_norm_eps", RmsNormEps);
        json.WriteNull("rope_scaling");
        WriteFloat(json, "rope_theta", RopeTheta);
        json.WriteBoolean("tie_word_embeddings", TieWordEmbeddings);
        json.WriteBoolean("use_cache", true);
        json.WriteNumber("vocab_size", VocabSize);
    }
}
