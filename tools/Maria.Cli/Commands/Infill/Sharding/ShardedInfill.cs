using Maria.Export.Files;
using Maria.Runtime;

namespace Maria.Cli.Commands.Infill.Sharding;

/// <summary>
/// <c>maria infill --shard</c>: picks the shard's records, writes the shard header first, numbers every record line
/// with its input index, and on <c>--resume</c> continues only a .partial file of the very same shard and job.
/// </summary>
internal sealed class ShardedInfill
{
    private ShardedInfill(ShardHeader header, List<InfillRecord> records)
    {
        Header = header;
        Records = records;
    }

    public ShardHeader Header { get; }

    /// <summary>The shard's records, in input order.</summary>
    public List<InfillRecord> Records { get; }

    public static ShardedInfill Prepare(ShardSpec shard, object command, IReadOnlyList<InfillRecord> records, string packageDirectory)
    {
        var header = new ShardHeader(shard, records.Count, ShardSettings.InputFingerprint(records),
            ShardSettings.ModelFingerprint(packageDirectory), ShardSettings.Of(command));
        return new ShardedInfill(header, records.Where((_, index) => shard.Contains(index)).ToList());
    }

    /// <summary>
    /// Refuses to resume a .partial file that another shard or job wrote, or a shard's file without --shard (and an
    /// unsharded file with it), before the file is opened for appending.
    /// </summary>
    public static void CheckResumable(ShardedInfill? shard, string output) => CheckSameJob(shard, PartialFile.PathOf(output));

    /// <summary>The same check on any file of this job's output (a .partial file, or a complete output being resumed).</summary>
    public static void CheckSameJob(ShardedInfill? shard, string partial)
    {
        if (FirstLine(partial) is not { } line)
        {
            return;
        }
        var found = ShardHeader.Parse(line);
        if (shard is null)
        {
            if (found is not null)
            {
                throw new MariaInputException($"{partial} holds shard {found.Shard} of a sharded run; resume it with --shard {found.Shard}, or delete it");
            }
            return;
        }
        var header = shard.Header;
        if (found is null)
        {
            throw new MariaInputException($"{partial}: not the output of a shard (no '{ShardHeader.Prefix.Trim()}' first line); resume it without --shard, or delete it to start shard {header.Shard} over");
        }
        var differences = header.JobDifferences(found).ToList();
        if (found.Shard.Index != header.Shard.Index)
        {
            differences.Insert(0, $"shard {header.Shard.Index} vs {found.Shard.Index}");
        }
        if (differences.Count > 0)
        {
            throw new MariaInputException($"{partial} was written by another job ({string.Join("; ", differences)} against this run); resume with the same input, package and options, or delete it");
        }
    }

    /// <summary>Writes the header unless the resumed file has it, and returns where the records go and how many are done.</summary>
    public (TextWriter Writer, int Completed) Begin(OutputSink sink, TextWriter log)
    {
        int completed = sink.CompletedRecords;
        if (completed == 0)
        {
            sink.Writer.WriteLine(Header.ToLine());
            sink.Writer.Flush();
        }
        else
        {
            completed--;  // the header line
            log.WriteLine($"resuming shard {Header.Shard}: {completed} of {Records.Count} records already written");
        }
        return (new ShardLineWriter(sink.Writer, Header.Shard, completed), completed);
    }

    /// <summary>The first complete line of a file, or null when it has none or does not exist.</summary>
    private static string? FirstLine(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        using var reader = new StreamReader(path);
        var line = new System.Text.StringBuilder();
        for (int c = reader.Read(); c >= 0; c = reader.Read())
        {
            if (c == '\n')
            {
                return line.ToString();
            }
            line.Append((char)c);
        }
        return null;
    }
}
