using System.Text.Json.Serialization;

namespace Maria.Runtime.Packaging;

/// <summary>
/// The MARIA head z = W3 · [v ; u] + b3 baked into the decoder graph: either trained, or the product-of-experts
/// initialisation (the average of both models' logits), which evaluation reports as the <c>product</c> method.
/// </summary>
public sealed record HeadManifest
{
    /// <summary>The value of <see cref="Kind"/> for a trained head.</summary>
    public const string Trained = "trained";

    /// <summary>The value of <see cref="Kind"/> for the untrained product-of-experts head.</summary>
    public const string ProductOfExperts = "product_of_experts";

    /// <summary><see cref="Trained"/> or <see cref="ProductOfExperts"/>.</summary>
    [JsonPropertyName("kind")] public required string Kind { get; init; }

    /// <summary>d_ar + d_mlm.</summary>
    [JsonPropertyName("in_features")] public required int InFeatures { get; init; }

    /// <summary>|V_s|, the shared vocabulary size.</summary>
    [JsonPropertyName("out_features")] public required int OutFeatures { get; init; }

    /// <summary>Source file of a trained head and its sha256; null for the product-of-experts head.</summary>
    [JsonPropertyName("source")] public SourceFile? Source { get; init; }

    /// <summary>Training facts of a trained head (data, steps, final validation loss), as the trainer recorded them.</summary>
    [JsonPropertyName("training")] public IReadOnlyDictionary<string, string>? Training { get; init; }
}
