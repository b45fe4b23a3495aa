using System.Globalization;

namespace Maria.Cli.Tests.Reliability;

/// <summary>
/// The batch the fault tests run: numbered JSONL records (so order and duplicates show in the output), one unusable
/// line among them (its record fails, the others complete, exit 1), filled by the shipped maria-tiny package.
/// </summary>
internal static class BatchRecords
{
    public static string Package => Path.Combine(RepositoryFiles.Root, "models", "maria-tiny");

    /// <summary>Writes <paramref name="count"/> records (line 5 is broken JSON) and returns the path.</summary>
    public static string Write(string path, int count, int extraWords = 0)
    {
        string padding = string.Concat(Enumerable.Repeat(" and the people", extraWords));
        var lines = Enumerable.Range(1, count).Select(i => i == 5
            ? "{\"id\": \"r5\", \"text\": \"unterminated"
            : string.Create(CultureInfo.InvariantCulture, $"{{\"id\": \"r{i}\", \"text\": \"Record {i}: the [MASK] of the Union is [MASK]{padding}.\"}}"));
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>`maria infill` in this process (the reference run): exit code and stderr.</summary>
    public static (int ExitCode, string Stderr) RunInProcess(params string[] args)
    {
        var result = MariaCli.RunMaria(args);
        return (result.ExitCode, result.Stderr);
    }

    /// <summary>The lines of stderr that are errors (progress lines aside).</summary>
    public static string[] ErrorLines(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("error:", StringComparison.Ordinal) || l.StartsWith("internal error:", StringComparison.Ordinal)).ToArray();

    /// <summary>A file's bytes, readable while another process still writes it.</summary>
    public static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>Complete lines in a file (0 when it does not exist).</summary>
    public static int CompleteLines(string path)
    {
        try
        {
            return ReadShared(path).Count(b => b == (byte)'\n');
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }
}
