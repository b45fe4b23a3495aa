namespace Maria.Training.Tests;

/// <summary>Locates the repository and the corpus for tests that need real files.</summary>
internal static class TestPaths
{
    /// <summary>The folder holding Maria.Onnx.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot => Maria.Tests.Shared.RepositoryFiles.Root;

    /// <summary>A corpus file under data/sotu; fails (never skips) when the corpus has not been fetched.</summary>
    public static string Corpus(string relativePath)
    {
        string path = Path.Combine(RepositoryRoot, "data", "sotu", relativePath);
        Assert.True(File.Exists(path), $"{path} is missing: run tools/data/fetch-sotu.sh to fetch the corpus");
        return path;
    }

    /// <summary>A fresh empty folder under the temporary directory.</summary>
    public static string NewTemporaryFolder()
    {
        string path = Path.Combine(Path.GetTempPath(), "maria-training-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
