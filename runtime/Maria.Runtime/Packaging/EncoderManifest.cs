using System.Text.Json.Serialization;

namespace Maria.Runtime.Packaging;

/// <summary>
/// The masked LM encoder graph. Inputs: <c>input_ids</c> and <c>attention_mask</c> (int64 [batch, sequence]) and
/// <c>logit_positions</c> (int64 [batch, n]); outputs: <c>mlm_hidden</c> (float [batch, sequence, hidden]: the
/// head-transformed states u) and <c>mlm_logits</c> (float [batch, n, shared vocabulary]) at the requested positions
/// only, so a caller that needs no logits passes n = 0 and pays nothing for them.
/// </summary>
public sealed record EncoderManifest
{
    /// <summary>Graph file, relative to the package directory.</summary>
    [JsonPropertyName("file")] public required string File { get; init; }

    /// <summary>Hugging Face architecture of the source checkpoint, e.g. <c>ModernBertForMaskedLM</c>.</summary>
    [JsonPropertyName("architecture")] public required string Architecture { get; init; }

    /// <summary>Width of <c>mlm_hidden</c> (d_mlm).</summary>
    [JsonPropertyName("hidden_size")] public required int HiddenSize { get; init; }

    /// <summary>Number of transformer layers.</summary>
    [JsonPropertyName("num_layers")] public required int NumLayers { get; init; }

    /// <summary>Number of attention heads.</summary>
    [JsonPropertyName("num_attention_heads")] public required int NumAttentionHeads { get; init; }

    /// <summary>Longest stream the encoder accepts, [CLS] and [SEP] included.</summary>
    [JsonPropertyName("context_length")] public required int ContextLength { get; init; }

    /// <summary>Compute type of activations; <c>float32</c>.</summary>
    [JsonPropertyName("dtype")] public string DType { get; init; } = "float32";

    /// <summary>How weights are stored: <c>fp32</c>, <c>fp16</c>, <c>int8</c> or <c>int4</c>.</summary>
    [JsonPropertyName("weights")] public string Weights { get; init; } = "fp32";

    /// <summary>Graph input names by role.</summary>
    [JsonPropertyName("inputs")] public required IReadOnlyDictionary<string, string> Inputs { get; init; }

    /// <summary>Graph output names by role.</summary>
    [JsonPropertyName("outputs")] public required IReadOnlyDictionary<string, string> Outputs { get; init; }
}
