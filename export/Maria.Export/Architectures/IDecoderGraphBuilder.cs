using Maria.Runtime.Packaging;

namespace Maria.Export.Architectures;

/// <summary>
/// Builds the package's AR decoder graph (KV cache, AR logits, hidden states and the MARIA head) for one Hugging
/// Face architecture (one implementation per file, found by <see cref="ArchitectureRegistry"/>).
/// </summary>
public interface IDecoderGraphBuilder
{
    /// <summary>The <c>architectures[0]</c> value of config.json this builder handles, e.g. <c>OlmoForCausalLM</c>.</summary>
    string Architecture { get; }

    /// <summary>Writes the graph to <see cref="DecoderBuildRequest.OutputPath"/> and describes it for the manifest.</summary>
    DecoderManifest Build(DecoderBuildRequest request);
}
