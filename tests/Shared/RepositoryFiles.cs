using Xunit;

namespace Maria.Tests.Shared;

/// <summary>
/// Real files the tests read: the repository (found by walking up from the test binaries to Maria.Onnx.sln) and
/// the shared data folder beside it. Linked into every test project; a missing file fails the test with the fix.
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
}
