using System.Text;
using System.Text.Json;

namespace Maria.Cli.Commands.Infill;

/// <summary>
/// Reads back the records an earlier run of the same job wrote (the .partial file being resumed, or a complete output),
/// so that a resumed run exits as one uninterrupted run would: 1 when any record of the job failed, whichever run wrote
/// it. A failed record is recognised in what <see cref="InfillOutputWriter"/> wrote for it: with --json an object whose
/// third key is "error" (a result's is "output"; the input's extra fields come after both); in text an empty line for a
/// non-empty input (a filled text is never empty when its input is not). A record whose input line was unusable failed
/// whatever its line says.
/// </summary>
internal static class WrittenRecords
{
    /// <summary>The number of complete lines (ending in a newline) of <paramref name="path"/>.</summary>
    public static int CountLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        var block = new byte[1 << 16];
        int lines = 0;
        int read;
        while ((read = stream.Read(block, 0, block.Length)) > 0)
        {
            lines += block.AsSpan(0, read).Count((byte)'\n');
        }
        return lines;
    }

    /// <summary>
    /// How many of the first <paramref name="count"/> records in <paramref name="path"/> failed; <paramref name="sharded"/>
    /// files start with the shard header and prefix each record line with its input index and a tab.
    /// </summary>
    public static int Failures(string path, IReadOnlyList<InfillRecord> records, int count, bool json, bool sharded)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        if (sharded)
        {
            reader.ReadLine();
        }
        int failures = 0;
        for (int index = 0; index < Math.Min(count, records.Count) && reader.ReadLine() is { } line; index++)
        {
            string written = sharded ? line[(line.IndexOf('\t', StringComparison.Ordinal) + 1)..] : line;
            if (records[index].Error is not null || (json ? IsErrorObject(written) : written.Length == 0 && !string.IsNullOrEmpty(records[index].Text)))
            {
                failures++;
            }
        }
        return failures;
    }

    /// <summary>True for <c>{"id": ..., "input": ..., "error": ...}</c>: the third key decides (see the class summary).</summary>
    private static bool IsErrorObject(string line)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(line));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            for (int key = 0; key < 3; key++)
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
                {
                    return false;
                }
                if (key == 2)
                {
                    return reader.ValueTextEquals("error"u8);
                }
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not a record this writer wrote (the resumed file was edited): not counted as failed.
        }
        return false;
    }
}
