using System.Text.Json;

namespace Maria.Export.Configs;

/// <summary>
/// What every decoder-only causal LM here shares: grouped-query attention (<see cref="NumKeyValueHeads"/> divides
/// <see cref="ModelConfig.NumAttentionHeads"/>; equal means plain multi-head), unscaled rotary embeddings with base
/// <see cref="RopeTheta"/>, a SwiGLU MLP, and its special token ids.
/// </summary>
public abstract record CausalLmConfig : ModelConfig
{
    /// <summary>Number of key/value heads (<c>num_key_value_heads</c>; defaults to the query heads when absent).</summary>
    public required int NumKeyValueHeads { get; init; }

    /// <summary>RoPE base (<c>rope_theta</c>, or <c>rope_parameters.rope_theta</c> in newer configs).</summary>
    public double RopeTheta { get; init; } = 10000.0;

    /// <summary>End-of-sequence id (<c>eos_token_id</c>; the first one when config.json lists several).</summary>
    public required int EosTokenId { get; init; }

    /// <summary>Padding id (<c>pad_token_id</c>).</summary>
    public required int PadTokenId { get; init; }

    /// <summary>Beginning-of-sequence id (<c>bos_token_id</c>), or null when the model has none (OLMo v1).</summary>
    public int? BosTokenId { get; init; }

    /// <inheritdoc/>
    public override void Validate(string sourceName)
    {
        base.Validate(sourceName);
        RequirePositive(sourceName, "num_key_value_heads", NumKeyValueHeads);
        if (NumAttentionHeads % NumKeyValueHeads != 0)
        {
            throw Problem(sourceName, "num_key_value_heads",
                $"num_attention_heads {NumAttentionHeads} is not divisible by num_key_value_heads {NumKeyValueHeads}; each key/value head must serve the same number of query heads");
        }
        RequirePositive(sourceName, "rope_theta", RopeTheta);
        RequireTokenId(sourceName, "eos_token_id", EosTokenId);
        RequireTokenId(sourceName, "pad_token_id", PadTokenId);
        RequireTokenId(sourceName, "bos_token_id", BosTokenId);
    }

    /// <summary>
    /// Writes <c>bos_token_id</c> (when set, or as an explicit null when <paramref name="nullWhenAbsent"/> because the
    /// reader's default differs from "none") and <c>eos_token_id</c>, in the alphabetical place public configs use.
    /// </summary>
    protected static void WriteTokenIds(Utf8JsonWriter json, int? bos, int eos, bool nullWhenAbsent)
    {
        if (bos is int value)
        {
            json.WriteNumber("bos_token_id", value);
        }
        else if (nullWhenAbsent)
        {
            json.WriteNull("bos_token_id");
        }
        json.WriteNumber("eos_token_id", eos);
    }
}
