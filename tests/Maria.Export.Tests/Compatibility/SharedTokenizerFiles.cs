namespace Maria.Export.Tests.Compatibility;

/// <summary>Finds the repository and the real tokenizer files next to it, failing with a message that says how to get them.</summary>
internal static class SharedTokenizerFiles
{
    /// <summary>The first folder upwards that holds Maria.Onnx.sln.</summary>
    public static string RepositoryRoot => RepositoryFiles.Root;

    /// <summary>../shared/tokenizers/olmo-tokenizer.json beside the repository: the real OLMo-1B tokenizer.</summary>
    public static string OlmoTokenizerPath => RepositoryFiles.OlmoTokenizer;
}
