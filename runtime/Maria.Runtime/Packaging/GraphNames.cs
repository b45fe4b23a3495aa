using System.Globalization;

namespace Maria.Runtime.Packaging;

/// <summary>
/// Input and output names of the package graphs, shared by the exporter that builds them and the runtime that
/// feeds them (Hugging Face / Optimum conventions where one exists). Every graph only does the work its inputs
/// ask for: ONNX Runtime runs the whole graph whatever outputs are fetched, so logits are computed only at the
/// positions passed in, and a caller that needs none passes an empty [batch, 0] position tensor.
/// </summary>
public static class GraphNames
{
    // ---- both graphs ----

    /// <summary>int64 [batch, sequence]: token ids (encoder: [CLS] x' [SEP]; decoder: a chunk of the AR stream).</summary>
    public const string InputIds = "input_ids";

    /// <summary>
    /// int64: encoder [batch, sequence], 1 for real tokens, 0 for right padding; decoder [batch, past + chunk],
    /// all ones for the tokens in the cache and in the chunk (its length tells the graph the total length).
    /// </summary>
    public const string AttentionMask = "attention_mask";

    /// <summary>int64 [batch, n]: positions (within the input) at which MARIA / MLM logits are produced.</summary>
    public const string LogitPositions = "logit_positions";

    // ---- encoder ----

    /// <summary>float [batch, sequence, d_mlm]: encoder output after the MLM head transform (u).</summary>
    public const string MlmHidden = "mlm_hidden";

    /// <summary>float [batch, n, V_s]: MLM logits over the shared vocabulary at <see cref="LogitPositions"/>.</summary>
    public const string MlmLogits = "mlm_logits";

    // ---- decoder ----

    /// <summary>
    /// float [batch, n, d_mlm] (decoder input, same name as the encoder output): the MLM rows u_i for the n
    /// positions of <see cref="LogitPositions"/>.
    /// </summary>
    public const string DecoderMlmRows = MlmHidden;

    /// <summary>int64 [batch, m]: positions (within the chunk) at which AR-only logits are produced.</summary>
    public const string ArLogitPositions = "ar_logit_positions";

    /// <summary>float [batch, n, V_s]: MARIA logits z = W3 [v ; u] + b3 at <see cref="LogitPositions"/>.</summary>
    public const string Logits = "logits";

    /// <summary>float [batch, m, V_s]: the AR model's own logits over the shared vocabulary at <see cref="ArLogitPositions"/>.</summary>
    public const string ArLogits = "ar_logits";

    /// <summary>float [batch, n, d_ar]: AR final-norm states v at <see cref="LogitPositions"/> (head training features).</summary>
    public const string ArHidden = "hidden_states";

    /// <summary>float [batch, kv_heads, context, head_dim] cache input of a layer (shared buffer: also the present).</summary>
    public static string PastKey(int layer) => string.Create(CultureInfo.InvariantCulture, $"past_key_values.{layer}.key");

    /// <summary>Value counterpart of <see cref="PastKey"/>.</summary>
    public static string PastValue(int layer) => string.Create(CultureInfo.InvariantCulture, $"past_key_values.{layer}.value");

    /// <summary>Cache output of a layer; bound to the same buffer as <see cref="PastKey"/>.</summary>
    public static string PresentKey(int layer) => string.Create(CultureInfo.InvariantCulture, $"present.{layer}.key");

    /// <summary>Value counterpart of <see cref="PresentKey"/>.</summary>
    public static string PresentValue(int layer) => string.Create(CultureInfo.InvariantCulture, $"present.{layer}.value");

    /// <summary>The <see cref="DecoderManifest.KeyValueLayout"/> of a shared [batch, kv_heads, context, head_dim] buffer.</summary>
    public const string SharedBufferLayout = "bnsh-shared";
}
