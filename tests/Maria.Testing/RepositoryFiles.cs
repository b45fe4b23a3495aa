using Xunit;

namespace Maria.Testing;

/// <summary>
/// Real files the tests read: the repository (found by walking up from the test binaries to Maria.Onnx.sln) and
/// the shared data folder beside it. Referenced by every test project; a missing file fails the test with the fix.
/// </summary>
internal static class RepositoryFiles
{
    /// <summary>The folder holding Maria.Onnx.sln.</summary>
    public static string Root
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
    public static string OlmoTokenizer
    {
        get
        {
            string path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "tokenizers", "olmo-tokenizer.json"));
            Assert.True(File.Exists(path), $"missing {path}: the OLMo-1B tokenizer.json must be in the shared data folder next to the repository");
            return path;
        }
    }

    /// <summary>A corpus file under data/sotu; fails (never skips) when the corpus has not been fetched.</summary>
    public static string Corpus(string relativePath)
    {
        string path = Path.Combine(Root, "data", "sotu", relativePath);
        Assert.True(File.Exists(path), $"{path} is missing: run tools/data/fetch-sotu.sh to fetch the corpus");
        return path;
    }
}
