using Maria.Cli.Commands.Infill;

namespace Maria.Cli.Tests.Reliability;

/// <summary>
/// Inputs and packages are untrusted (issue 17): a 100 MB JSONL line fails its own record in one line without being
/// held in memory while the other records complete; a package file swapped after `maria verify` is refused at load.
/// </summary>
public sealed class BatchInputLimitTests
{
    private const int HugeTextChars = 100_000_000;

    [Fact]
    public void A_100_MB_jsonl_line_fails_its_record_without_being_held_in_memory_and_the_others_complete()
    {
        using var folder = new TemporaryFolder();
        string input = folder.File("records.jsonl");
        WriteWithHugeLine(input);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var records = InputReader.Read(input, TextReader.Null);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(3, records.Count);
        Assert.Equal("line 2: 100,000,023 characters, more than the 1,048,576 a record may have (far beyond any model context); split the text into records", records[1].Error);
        Assert.InRange(allocated, 0, 16L << 20);  // a 64 KiB read buffer and 1 MiB of line at most, never the 200 MB string

        string output = folder.File("out.jsonl");
        var (code, stderr) = BatchRecords.RunInProcess("infill", "--model", BatchRecords.Package, "--input", input, "--output", output, "--json");
        Assert.Equal(1, code);
        Assert.Equal(["error: record 2: line 2: 100,000,023 characters, more than the 1,048,576 a record may have (far beyond any model context); split the text into records"], BatchRecords.ErrorLines(stderr));
        var lines = File.ReadAllLines(output);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"output\":\"first", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"error\":\"line 2: 100,000,023 characters", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"output\":\"third", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_file_swapped_after_maria_verify_is_refused_at_load_in_one_line()
    {
        using var folder = new TemporaryFolder();
        string package = folder.File("package");
        Directory.CreateDirectory(package);
        foreach (string file in Directory.GetFiles(BatchRecords.Package))
        {
            File.Copy(file, Path.Combine(package, Path.GetFileName(file)));
        }
        Assert.Equal(0, BatchRecords.RunInProcess("verify", "--model", package).ExitCode);
        // Same size, one byte different: only the sha256 tells.
        string decoder = Path.Combine(package, "decoder.onnx");
        byte[] bytes = File.ReadAllBytes(decoder);
        bytes[^100] ^= 0x01;
        File.WriteAllBytes(decoder, bytes);

        var (code, stderr) = BatchRecords.RunInProcess("infill", "--model", package, "The [MASK] of the Union.");

        Assert.Equal(1, code);
        string error = Assert.Single(BatchRecords.ErrorLines(stderr));
        Assert.StartsWith($"error: {decoder}: sha256 ", error, StringComparison.Ordinal);
        Assert.EndsWith("the file is damaged or was tampered with, copy or export the package again", error, StringComparison.Ordinal);
    }

    private static void WriteWithHugeLine(string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("{\"id\": \"1\", \"text\": \"first [MASK] of the Union.\"}");
        writer.Write("{\"id\": \"2\", \"text\": \"");
        var block = new string('a', 1 << 20);
        for (int written = 0; written < HugeTextChars; written += block.Length)
        {
            writer.Write(block.AsSpan(0, Math.Min(block.Length, HugeTextChars - written)));
        }
        writer.WriteLine("\"}");
        writer.WriteLine("{\"id\": \"3\", \"text\": \"third [MASK] of the Union.\"}");
    }
}
