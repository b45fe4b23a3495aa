namespace Maria.Export.Tests.Compatibility;

/// <summary>Finds the repository and the real tokenizer files next to it, failing with a message that says how to get them.</summary>
internal static class SharedTokenizerFiles
{
    /// <summary>The first folder upwards that holds Maria.Onnx.sln.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Maria.Onnx.sln")))
                {
                    return folder.FullName;
                }
            }
            throw new InvalidOperationException($"no Maria.Onnx.sln above {AppContext.BaseDirectory}; run the tests from the repository");
        }
    }

    /// <summary>../shared/tokenizers/olmo-tokenizer.json beside the repository: the real OLMo-1B tokenizer.</summary>
    public static string OlmoTokenizerPath
    {
        get
        {
            string path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "tokenizers", "olmo-tokenizer.json"));
            Assert.True(File.Exists(path), $"missing {path}: the OLMo-1B tokenizer.json must be in the shared data folder next to the repository");
            return path;
        }
    }
}
