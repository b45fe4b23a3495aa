namespace Maria.Fuzz;

/// <summary>The repository (the folder with Maria.Onnx.sln above the binaries, or MARIA_REPO): the real files behind seeds and the masked-text target.</summary>
internal static class RepositoryLocator
{
    public static string Root
    {
        get
        {
            if (Environment.GetEnvironmentVariable("MARIA_REPO") is { Length: > 0 } repo)
            {
                return repo;
            }
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(folder.FullName, "Maria.Onnx.sln")))
                {
                    return folder.FullName;
                }
            }
            throw new InvalidOperationException($"no Maria.Onnx.sln above {AppContext.BaseDirectory}; set MARIA_REPO to the repository");
        }
    }

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);
}
