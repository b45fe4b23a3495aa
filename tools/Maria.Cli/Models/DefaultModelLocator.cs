using Maria.Runtime;

namespace Maria.Cli.Models;

/// <summary>
/// Finds a package given on the command line, or the embedded default <c>models/maria-tiny</c>: first beside the
/// executable (the build copies it there), then in the current directory and its parents (a repository checkout).
/// </summary>
internal static class DefaultModelLocator
{
    public const string DefaultRelativePath = "models/maria-tiny";

    public static string Resolve(string? requested)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            if (!Directory.Exists(requested))
            {
                throw new MariaInputException($"{requested}: no such model directory; pass a package folder (with maria.json) to --model, or omit --model for {DefaultRelativePath}");
            }
            return requested;
        }
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, DefaultRelativePath);
                if (File.Exists(Path.Combine(candidate, "maria.json")))
                {
                    return candidate;
                }
            }
        }
        throw new MariaInputException($"the default model {DefaultRelativePath} was not found beside the executable or in the current directory's parents; pass --model DIR");
    }
}
