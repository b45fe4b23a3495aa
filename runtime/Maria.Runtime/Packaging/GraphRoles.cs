namespace Maria.Runtime.Packaging;

/// <summary>
/// Keys of the manifest's <c>inputs</c>/<c>outputs</c> tables: each maps a role to the graph's own name for it, and
/// the sessions look every name up by role at load (the manifest is the contract; nothing here assumes a name).
/// Per-layer names carry <see cref="LayerPlaceholder"/> for the layer index.
/// </summary>
internal static class GraphRoles
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string PositionIds = "position_ids";
    public const string LogitPositions = "logit_positions";
    public const string MlmHidden = "mlm_hidden";
    public const string MlmLogits = "mlm_logits";
    public const string ArLogitPositions = "ar_logit_positions";
    public const string Logits = "logits";
    public const string ArLogits = "ar_logits";
    public const string HiddenStates = "hidden_states";
    public const string PastKey = "past_key";
    public const string PastValue = "past_value";
    public const string PresentKey = "present_key";
    public const string PresentValue = "present_value";

    /// <summary>Stands for the layer index in per-layer names, e.g. <c>past_key_values.{i}.key</c>.</summary>
    public const string LayerPlaceholder = "{i}";

    /// <summary>
    /// The decoder's KV layout (format version 2): per layer one buffer [batch, kv_heads, capacity, head_dim] bound as
    /// both past and present; the graph scatters each new row at its <c>position_ids</c> slot in place, the attention
    /// mask spans the whole capacity, and the last slot is scratch for padded chunk tokens.
    /// </summary>
    public const string StaticCacheLayout = "bnsh-static";

    /// <summary>Every input role of the decoder graph, in feeding order (per-layer caches after these).</summary>
    public static readonly string[] DecoderInputs = [InputIds, AttentionMask, PositionIds, LogitPositions, MlmHidden, ArLogitPositions];

    /// <summary>Every output role of the decoder graph (per-layer presents after these).</summary>
    public static readonly string[] DecoderOutputs = [Logits, ArLogits, HiddenStates];

    /// <summary>Every input role of the encoder graph, in feeding order.</summary>
    public static readonly string[] EncoderInputs = [InputIds, AttentionMask, LogitPositions];

    /// <summary>Every output role of the encoder graph.</summary>
    public static readonly string[] EncoderOutputs = [MlmHidden, MlmLogits];

    /// <summary>The name of a per-layer role for <paramref name="layer"/>.</summary>
    public static string ForLayer(string pattern, int layer) =>
        pattern.Replace(LayerPlaceholder, layer.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
