using Maria.Runtime;

namespace Maria.Editor;

/// <summary>The package to load: <c>--model DIR</c>, or <c>models/maria-tiny</c> beside the executable or above the working directory.</summary>
internal static class ModelLocator
{
    public const string DefaultRelativePath = "models/maria-tiny";

    /// <exception cref="MariaInputException">The folder given does not exist, or no default model was found.</exception>
    public static string Resolve(string? requested)
    {
        if (requested is not null)
        {
            return Directory.Exists(requested)
                ? requested
                : throw new MariaInputException($"{requested}: no such model directory; pass a package folder (with maria.json) to --model, or omit --model for {DefaultRelativePath}");
        }
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, DefaultRelativePath);
                if (File.Exists(Path.Combine(candidate, "maria.json")))
                {
                    return candidate;
                }
            }
        }
        throw new MariaInputException($"the default model {DefaultRelativePath} was not found beside the executable or in the working directory's parents; pass --model DIR");
    }
}
