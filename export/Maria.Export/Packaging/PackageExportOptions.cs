using Maria.Export.Graphs.Blocks;

namespace Maria.Export.Packaging;

/// <summary>What <c>maria export</c> is asked to do.</summary>
/// <param name="MaskedModelDirectory">Hugging Face checkpoint folder of the masked LM (ModernBERT), with tokenizer.json.</param>
/// <param name="CausalModelDirectory">Hugging Face checkpoint folder of the causal LM (OLMo v1, Llama), with tokenizer.json.</param>
/// <param name="OutputDirectory">The package folder to create.</param>
public sealed record PackageExportOptions(string MaskedModelDirectory, string CausalModelDirectory, string OutputDirectory)
{
    /// <summary>A trained head (safetensors with <c>weight</c> [V_s, d_ar + d_mlm] and <c>bias</c> [V_s]); null for the product of experts.</summary>
    public string? HeadPath { get; init; }

    /// <summary>
    /// A package whose decoder's head to use instead (<see cref="Head.PackageHeadReader"/>: the head of an old package,
    /// whose head file is gone); null for none. Excludes <see cref="HeadPath"/>.
    /// </summary>
    public string? HeadPackage { get; init; }

    /// <summary>
    /// Also write the package's head as a head file (safetensors <c>weight</c> [V_s, d_ar + d_mlm], <c>bias</c> [V_s],
    /// F32, training facts as metadata) that <see cref="HeadPath"/> accepts; null for none. Written only when the export succeeds.
    /// </summary>
    public string? SaveHeadPath { get; init; }

    /// <summary>How graph weights are stored (computation is float32 either way).</summary>
    public WeightStorage Weights { get; init; } = WeightStorage.Float32;

    /// <summary>Longest causal stream ([BOS] included); null for the longest both models support (see <see cref="ContextLengths"/>).</summary>
    public int? ContextLength { get; init; }

    /// <summary>Replace <see cref="OutputDirectory"/> when it already holds files.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Free bytes on the output's disk (tests pass a fixed figure); null for <see cref="DiskSpaceCheck.FreeBytes"/>.</summary>
    internal Func<string, long>? FreeBytesProbe { get; init; }
}
