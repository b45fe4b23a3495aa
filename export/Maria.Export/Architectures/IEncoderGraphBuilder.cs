using Maria.Runtime.Packaging;

namespace Maria.Export.Architectures;

/// <summary>
/// Builds the package's MLM encoder graph for one Hugging Face architecture (one implementation per file,
/// found by <see cref="ArchitectureRegistry"/> through its <see cref="Architecture"/> name).
/// </summary>
public interface IEncoderGraphBuilder
{
    /// <summary>The <c>architectures[0]</c> value of config.json this builder handles, e.g. <c>ModernBertForMaskedLM</c>.</summary>
    string Architecture { get; }

    /// <summary>Writes the graph to <see cref="EncoderBuildRequest.OutputPath"/> and describes it for the manifest.</summary>
    EncoderManifest Build(EncoderBuildRequest request);
}
