namespace Maria.Export.Packaging;

/// <summary>The file names <see cref="PackageExporter"/> gives the parts of a package (the manifest records them).</summary>
public static class PackageFileNames
{
    /// <summary>The masked LM encoder graph.</summary>
    public const string Encoder = "encoder.onnx";

    /// <summary>The causal LM decoder graph with the MARIA head.</summary>
    public const string Decoder = "decoder.onnx";

    /// <summary>The masked LM's tokenizer.json, copied unchanged.</summary>
    public const string Tokenizer = "tokenizer.json";
}
