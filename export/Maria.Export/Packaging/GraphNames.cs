using System.Globalization;
using Maria.Runtime.Packaging;

namespace Maria.Export.Packaging;

/// <summary>
/// Input and output names of the package graphs: the definitions the exporter writes into the graphs and into the
/// manifest's name tables (Hugging Face / Optimum conventions where one exists). The runtime never uses these
/// constants: it looks every name up in the manifest by role. Every graph only does the work its inputs
/// ask for: ONNX Runtime runs the whole graph whatever outputs are fetched, so logits are computed only at the
/// positions passed in, and a caller that needs none passes an empty [batch, 0] position tensor.
/// </summary>
internal static class GraphNames
{
    // ---- both graphs ----

    /// <summary>int64 [batch, sequence]: token ids (encoder: [CLS] x' [SEP]; decoder: a chunk of the AR stream).</summary>
    public const string InputIds = "input_ids";

    /// <summary>
    /// int64: encoder [batch, sequence], 1 for real tokens, 0 for right padding; decoder [batch, capacity], 1 for the
    /// cache slots a row holds after the call (the mask spans the whole cache buffer).
    /// </summary>
    public const string AttentionMask = "attention_mask";

    /// <summary>int64 decoder [B, S]: the RoPE position and cache slot of every chunk token.</summary>
    public const string PositionIds = "position_ids";

    /// <summary>int64: encoder [batch, n] positions within a row; decoder [n] flat indices b·S + s, at which MARIA / MLM logits are produced.</summary>
    public const string LogitPositions = "logit_positions";

    // ---- encoder ----

    /// <summary>float [batch, sequence, d_mlm]: encoder output after the MLM head transform (u).</summary>
    public const string MlmHidden = "mlm_hidden";

    /// <summary>float [batch, n, V_s]: MLM logits over the shared vocabulary at <see cref="LogitPositions"/>.</summary>
    public const string MlmLogits = "mlm_logits";

    // ---- decoder ----

    /// <summary>
    /// float [n, d_mlm] (decoder input, same name as the encoder output): the MLM rows u_i for the n
    /// positions of <see cref="LogitPositions"/>.
    /// </summary>
    public const string DecoderMlmRows = MlmHidden;

    /// <summary>int64 [m]: flat indices b·S + s of the chunk states at which AR-only logits are produced.</summary>
    public const string ArLogitPositions = "ar_logit_positions";

    /// <summary>float [n, V_s]: MARIA logits z = W3 [v ; u] + b3 at <see cref="LogitPositions"/>.</summary>
    public const string Logits = "logits";

    /// <summary>float [m, V_s]: the AR model's own logits over the shared vocabulary at <see cref="ArLogitPositions"/>.</summary>
    public const string ArLogits = "ar_logits";

    /// <summary>float [n, d_ar]: AR final-norm states v at <see cref="LogitPositions"/> (head training features).</summary>
    public const string ArHidden = "hidden_states";

    /// <summary>float [batch, kv_heads, capacity, head_dim] cache input of a layer (one buffer: also the present).</summary>
    public static string PastKey(int layer) => PastKey(layer.ToString(CultureInfo.InvariantCulture));

    private static string PastKey(string layer) => $"past_key_values.{layer}.key";

    /// <summary>Value counterpart of <see cref="PastKey"/>.</summary>
    public static string PastValue(int layer) => PastValue(layer.ToString(CultureInfo.InvariantCulture));

    private static string PastValue(string layer) => $"past_key_values.{layer}.value";

    /// <summary>Cache output of a layer; bound to the same buffer as <see cref="PastKey"/>.</summary>
    public static string PresentKey(int layer) => PresentKey(layer.ToString(CultureInfo.InvariantCulture));

    private static string PresentKey(string layer) => $"present.{layer}.key";

    /// <summary>Value counterpart of <see cref="PresentKey"/>.</summary>
    public static string PresentValue(int layer) => PresentValue(layer.ToString(CultureInfo.InvariantCulture));

    private static string PresentValue(string layer) => $"present.{layer}.value";

    /// <summary>The decoder's input name table for the manifest, by role (per-layer names with <c>{i}</c>).</summary>
    public static Dictionary<string, string> DecoderInputTable() => new(StringComparer.Ordinal)
    {
        [GraphRoles.InputIds] = InputIds,
        [GraphRoles.AttentionMask] = AttentionMask,
        [GraphRoles.PositionIds] = PositionIds,
        [GraphRoles.PastKey] = PastKey(GraphRoles.LayerPlaceholder),
        [GraphRoles.PastValue] = PastValue(GraphRoles.LayerPlaceholder),
        [GraphRoles.LogitPositions] = LogitPositions,
        [GraphRoles.MlmHidden] = DecoderMlmRows,
        [GraphRoles.ArLogitPositions] = ArLogitPositions,
    };

    /// <summary>The decoder's output name table for the manifest, by role.</summary>
    public static Dictionary<string, string> DecoderOutputTable() => new(StringComparer.Ordinal)
    {
        [GraphRoles.Logits] = Logits,
        [GraphRoles.ArLogits] = ArLogits,
        [GraphRoles.HiddenStates] = ArHidden,
        [GraphRoles.PresentKey] = PresentKey(GraphRoles.LayerPlaceholder),
        [GraphRoles.PresentValue] = PresentValue(GraphRoles.LayerPlaceholder),
    };

    /// <summary>The encoder's input name table for the manifest, by role.</summary>
    public static Dictionary<string, string> EncoderInputTable() => new(StringComparer.Ordinal)
    {
        [GraphRoles.InputIds] = InputIds,
        [GraphRoles.AttentionMask] = AttentionMask,
        [GraphRoles.LogitPositions] = LogitPositions,
    };

    /// <summary>The encoder's output name table for the manifest, by role.</summary>
    public static Dictionary<string, string> EncoderOutputTable() => new(StringComparer.Ordinal)
    {
        [GraphRoles.MlmHidden] = MlmHidden,
        [GraphRoles.MlmLogits] = MlmLogits,
    };
}
