using System.IO.Enumeration;
using Maria.Runtime;

namespace Maria.Cli.Commands.Merge;

/// <summary>
/// The files named by <c>--input</c>: paths, or patterns with * and ? in the file name (quoted, so that the shell
/// leaves them to us; an unquoted pattern expanded by the shell arrives as several paths and works too).
/// </summary>
internal static class ShardFiles
{
    public static IReadOnlyList<string> Expand(IEnumerable<string> inputs)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string input in inputs)
        {
            string name = Path.GetFileName(input);
            if (name.IndexOfAny(['*', '?']) < 0)
            {
                files.Add(File.Exists(input)
                    ? Path.GetFullPath(input)
                    : throw new MariaInputException($"--input {input}: no such file; give the shard outputs of maria infill --shard (a quoted pattern like 'out.*.jsonl' works)"));
                continue;
            }
            string directory = Path.GetDirectoryName(input) is { Length: > 0 } d ? d : ".";
            if (directory.IndexOfAny(['*', '?']) >= 0 || !Directory.Exists(directory))
            {
                throw new MariaInputException($"--input {input}: the folder '{directory}' must exist and have no wildcard (only the file name may have * or ?)");
            }
            var matches = Directory.EnumerateFiles(directory)
                .Where(f => FileSystemName.MatchesSimpleExpression(name, Path.GetFileName(f), ignoreCase: false))
                .ToList();
            if (matches.Count == 0)
            {
                throw new MariaInputException($"--input {input}: no file matches; are the shards' outputs elsewhere, or still running (FILE.partial)?");
            }
            files.UnionWith(matches.Select(Path.GetFullPath));
        }
        return files.Count > 0 ? [.. files] : throw new MariaInputException("give the shard outputs with --input 'out.*.jsonl' (or several files)");
    }
}
