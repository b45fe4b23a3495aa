using System.Globalization;
using Maria.Cli.Commands.Infill.Sharding;
using Maria.Runtime;

namespace Maria.Cli.Commands.Merge;

/// <summary>
/// The shard outputs of one job, checked before anything is written: every file a shard of the same job (same count,
/// input, package and options), each shard exactly once, and each file holding exactly its shard's record indices in
/// order. Every refusal names the shard, the files and the record indices concerned.
/// </summary>
internal sealed class ShardSet
{
    private ShardSet(ShardHeader job, string[] fileOfShard)
    {
        Job = job;
        FileOfShard = fileOfShard;
    }

    /// <summary>The job's header (shard index aside, every file's header is this one).</summary>
    public ShardHeader Job { get; }

    /// <summary>The file of each shard index.</summary>
    public IReadOnlyList<string> FileOfShard { get; }

    public static ShardSet Open(IReadOnlyList<string> files)
    {
        var headers = files.Select(f => (File: f, Header: ReadHeader(f))).ToList();
        var (firstFile, job) = headers[0];
        foreach (var (file, header) in headers.Skip(1))
        {
            var differences = job.JobDifferences(header).ToList();
            if (differences.Count > 0)
            {
                throw new MariaInputException($"{file} and {firstFile} are shards of different jobs ({string.Join("; ", differences)}); merge the shards of one run");
            }
        }
        int count = job.Shard.Count, records = job.Records;
        foreach (var twice in headers.GroupBy(h => h.Header.Shard.Index).Where(g => g.Count() > 1))
        {
            var indices = RecordIndexList.Stride(twice.Key, count, records);
            throw new MariaInputException($"shard {twice.Key}/{count} is given twice ({string.Join(", ", twice.Select(h => h.File))}): {RecordIndexList.Describe(indices)} would appear more than once; keep one file of each shard");
        }
        var fileOfShard = new string[count];
        foreach (var (file, header) in headers)
        {
            fileOfShard[header.Shard.Index] = file;
        }
        var missing = Enumerable.Range(0, count).Where(s => fileOfShard[s] is null).ToList();
        if (missing.Count > 0)
        {
            var indices = Enumerable.Range(0, records).Where(i => fileOfShard[i % count] is null).ToList();
            string shards = string.Join(", ", missing.Select(s => $"{s}/{count}"));
            throw new MariaInputException($"shard{(missing.Count > 1 ? "s" : "")} {shards} missing among the {files.Count} files: {RecordIndexList.Describe(indices)} have no output; run maria infill --shard {missing[0]}/{count} (--resume continues its .partial file) and merge again");
        }
        return new ShardSet(job, fileOfShard);
    }

    /// <summary>
    /// Reads the shards' records in input order (index i from shard i mod N), checking each line's index; a line
    /// is given without its index. Refuses truncated shards, foreign or repeated indices and extra lines.
    /// </summary>
    public IEnumerable<string> Records()
    {
        int count = Job.Shard.Count;
        var readers = FileOfShard.Select(f => new StreamReader(f)).ToArray();
        try
        {
            var lineNumbers = new int[count];
            foreach (var reader in readers)
            {
                reader.ReadLine();  // the header, checked in Open
            }
            for (int index = 0; index < Job.Records; index++)
            {
                int shard = index % count;
                string? line = readers[shard].ReadLine();
                int lineNumber = ++lineNumbers[shard] + 1;
                if (line is null)
                {
                    var lost = RecordIndexList.Stride(index, count, Job.Records);
                    throw new MariaInputException($"{FileOfShard[shard]} ends after {lineNumbers[shard] - 1} records of shard {shard}/{count}: {RecordIndexList.Describe(lost)} have no output; rerun that shard (--resume continues it) and merge again");
                }
                yield return RecordText(line, index, FileOfShard[shard], lineNumber);
            }
            for (int shard = 0; shard < count; shard++)
            {
                if (readers[shard].ReadLine() is { } extra)
                {
                    throw new MariaInputException($"{FileOfShard[shard]} line {lineNumbers[shard] + 2}: a record past the input's {Job.Records} records ('{Cut(extra)}'); the file was edited or joined with another");
                }
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }

    private static string RecordText(string line, int expected, string file, int lineNumber)
    {
        int tab = line.IndexOf('\t', StringComparison.Ordinal);
        if (tab < 0 || !int.TryParse(line.AsSpan(0, tab), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            throw new MariaInputException($"{file} line {lineNumber}: expected 'INDEX<tab>RECORD' for record index {expected}, found '{Cut(line)}'; the file is damaged");
        }
        return index == expected
            ? line[(tab + 1)..]
            : throw new MariaInputException($"{file} line {lineNumber}: record index {index} where record index {expected} belongs (each shard lists its indices once, in order); the file is damaged or from another layout");
    }

    private static ShardHeader ReadHeader(string file)
    {
        using var reader = new StreamReader(file);
        string? first = reader.ReadLine();
        return (first is null ? null : ShardHeader.Parse(first))
            ?? throw new MariaInputException($"{file}: not a shard output (its first line is no '{ShardHeader.Prefix.Trim()}' header); merge only the --output files of maria infill --shard");
    }

    private static string Cut(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
