using System.Text.Json.Serialization;

namespace Maria.Runtime.Packaging;

/// <summary>
/// The causal LM decoder graph with its KV cache and the MARIA head. It reads a chunk of tokens on top of the cache
/// and produces logits only at the requested positions of the chunk (the MARIA head once per chunk, at its last
/// position, during infilling). Input and output names follow the Hugging Face / Optimum conventions
/// (<c>past_key_values.{i}.key</c>, <c>present.{i}.key</c>); the exact names by role are in
/// <see cref="Inputs"/> and <see cref="Outputs"/>.
/// </summary>
public sealed record DecoderManifest
{
    /// <summary>Graph file, relative to the package directory.</summary>
    [JsonPropertyName("file")] public required string File { get; init; }

    /// <summary>Hugging Face architecture of the source checkpoint, e.g. <c>OlmoForCausalLM</c>.</summary>
    [JsonPropertyName("architecture")] public required string Architecture { get; init; }

    /// <summary>Width of the final hidden states (d_ar).</summary>
    [JsonPropertyName("hidden_size")] public required int HiddenSize { get; init; }

    /// <summary>Number of transformer layers, i.e. of key/value cache pairs.</summary>
    [JsonPropertyName("num_layers")] public required int NumLayers { get; init; }

    /// <summary>Number of query heads.</summary>
    [JsonPropertyName("num_attention_heads")] public required int NumAttentionHeads { get; init; }

    /// <summary>Number of key/value heads (fewer than query heads with grouped-query attention).</summary>
    [JsonPropertyName("num_key_value_heads")] public required int NumKeyValueHeads { get; init; }

    /// <summary>Width of one head.</summary>
    [JsonPropertyName("head_dim")] public required int HeadDim { get; init; }

    /// <summary>Longest AR stream, [BOS] included; also the length of a preallocated cache buffer.</summary>
    [JsonPropertyName("context_length")] public required int ContextLength { get; init; }

    /// <summary>
    /// Cache layout; format 2 has <c>bnsh-static</c>: per layer one [batch, kv_heads, capacity, head_dim] buffer bound as
    /// both past and present, into which the graph scatters each new row at its <c>position_ids</c> slot (in place);
    /// the attention mask spans the whole capacity and the last slot is scratch for padded chunk tokens.
    /// </summary>
    [JsonPropertyName("kv_layout")] public required string KeyValueLayout { get; init; }

    /// <summary>Compute type of activations; <c>float32</c>.</summary>
    [JsonPropertyName("dtype")] public string DType { get; init; } = "float32";

    /// <summary>How weights are stored: <c>fp32</c>, <c>fp16</c>, <c>int8</c> or <c>int4</c>.</summary>
    [JsonPropertyName("weights")] public string Weights { get; init; } = "fp32";

    /// <summary>Graph input names by role; per-layer names use <c>{i}</c> for the layer index.</summary>
    [JsonPropertyName("inputs")] public required IReadOnlyDictionary<string, string> Inputs { get; init; }

    /// <summary>Graph output names by role; per-layer names use <c>{i}</c> for the layer index.</summary>
    [JsonPropertyName("outputs")] public required IReadOnlyDictionary<string, string> Outputs { get; init; }
}
