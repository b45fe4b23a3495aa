namespace Maria.Cli.Tests.Reliability;

/// <summary>
/// `maria infill --input --output` when the file system fights back (issue 17): a full disk, a read-only folder, an
/// output path that is a folder, an input that vanishes. Each is one error line and exit 1, and a run cut short
/// resumes to the same bytes as an uninterrupted run.
/// </summary>
public sealed class BatchOutputFaultTests
{
    private const int Records = 40;

    [Fact]
    public void A_full_disk_stops_the_batch_with_one_line_and_exit_1_and_the_partial_file_resumes_once_space_is_back()
    {
        using var folder = new TemporaryFolder();
        // ~120 bytes per output line: 40 records do not fit a 4 KiB tmpfs.
        string input = BatchRecords.Write(folder.File("records.jsonl"), Records, extraWords: 4);
        string reference = folder.File("reference.txt");
        BatchRecords.RunInProcess("infill", "--model", BatchRecords.Package, "--input", input, "--output", reference);
        byte[] expected = File.ReadAllBytes(reference);
        Assert.True(expected.Length > 4096, $"the reference output ({expected.Length} bytes) must overflow the 4 KiB disk");

        using var disk = TmpfsMount.Create(folder.File("disk"), 4096);
        string output = Path.Combine(disk.Path, "out.txt");
        var (code, stderr) = BatchRecords.RunInProcess("infill", "--model", BatchRecords.Package, "--input", input, "--output", output);

        Assert.Equal(1, code);
        string error = Assert.Single(BatchRecords.ErrorLines(stderr), l => !l.StartsWith("error: record 5:", StringComparison.Ordinal));
        Assert.StartsWith($"error: --output {output}: writing failed after ", error, StringComparison.Ordinal);
        Assert.Contains("No space left on device", error, StringComparison.Ordinal);
        Assert.EndsWith($"then rerun the same command with --resume to continue from {output}.partial", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        byte[] cut = File.ReadAllBytes(output + ".partial");
        Assert.True(cut.Length > 0 && cut.AsSpan().SequenceEqual(expected.AsSpan(0, cut.Length)), "the .partial file must be a prefix of the full output");

        disk.Resize(1 << 20);
        var (resumed, resumeErrors) = BatchRecords.RunInProcess("infill", "--model", BatchRecords.Package, "--input", input, "--output", output, "--resume");

        Assert.Equal(1, resumed);  // record 5's broken line, written before the disk filled, still fails the job
        Assert.Empty(BatchRecords.ErrorLines(resumeErrors));
        Assert.Equal(expected, File.ReadAllBytes(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public void A_read_only_output_folder_is_one_error_line_and_exit_1_before_any_record_is_filled()
    {
        using var folder = new TemporaryFolder();
        string input = BatchRecords.Write(folder.File("records.jsonl"), 6);
        // Root ignores permission bits, so the read-only folder is a read-only file system (EROFS), as in CI.
        using var readOnly = TmpfsMount.Create(folder.File("ro"), 1 << 16, readOnly: true);
        string output = Path.Combine(readOnly.Path, "out.txt");

        var (code, stderr) = BatchRecords.RunInProcess("infill", "--model", BatchRecords.Package, "--input", input, "--output", output);

        Assert.Equal(1, code);
        string error = Assert.Single(BatchRecords.ErrorLines(stderr));
        Assert.Equal($"error: --output {output}: cannot create {output}.partial (Read-only file system : '{output}.partial'); write to a folder you can write to", error);
        Assert.Empty(Directory.GetFileSystemEntries(readOnly.Path));
    }

    [Fact]
    public void An_output_path_that_is_a_folder_is_one_error_line_and_exit_1()
    {
        using var folder = new TemporaryFolder();
        string input = BatchRecords.Write(folder.File("records.jsonl"), 6);
        string output = folder.File("results");
        Directory.CreateDirectory(output);

        var (code, stderr) = BatchRecords.RunInProcess("infill", "--model", BatchRecords.Package, "--input", input, "--output", output);

        Assert.Equal(1, code);
        Assert.Equal([$"error: --output {output}: is a folder; pass a file path such as {output}/output.jsonl"], BatchRecords.ErrorLines(stderr));
        Assert.Empty(Directory.GetFileSystemEntries(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public void An_input_that_vanishes_mid_run_does_not_change_the_run_and_a_resume_without_it_is_one_error_line()
    {
        using var folder = new TemporaryFolder();
        string input = BatchRecords.Write(folder.File("records.jsonl"), 24);
        string reference = folder.File("reference.txt");
        BatchRecords.RunInProcess("infill", "--model", BatchRecords.Package, "--input", input, "--output", reference);
        byte[] expected = File.ReadAllBytes(reference);
        string output = folder.File("out.txt");
        string[] command = ["infill", "--model", BatchRecords.Package, "--input", input, "--output", output];

        // Deleted once the first records are out: every record was read at the start, so the run completes unchanged.
        using (var child = MariaChildProcess.Start(folder.Path, command))
        {
            WaitForLines(child, output + ".partial", 1);
            File.Delete(input);
            Assert.Equal(1, child.WaitForExit(TimeSpan.FromMinutes(2)));
        }
        Assert.Equal(expected, File.ReadAllBytes(output));

        // Killed, then the input vanishes: the resume refuses in one line and leaves the .partial file as it was.
        BatchRecords.Write(input, 24);
        File.Delete(output);
        using (var child = MariaChildProcess.Start(folder.Path, command))
        {
            WaitForLines(child, output + ".partial", 2);
            child.Kill();
        }
        byte[] cut = File.ReadAllBytes(output + ".partial");
        File.Delete(input);
        var (code, stderr) = BatchRecords.RunInProcess([.. command, "--resume"]);

        Assert.Equal(1, code);
        Assert.Equal([$"error: {input}: no such input file; pass a text file with one text per line or JSON lines {{\"id\",\"text\"}}"], BatchRecords.ErrorLines(stderr));
        Assert.Equal(cut, File.ReadAllBytes(output + ".partial"));

        // The input is back: the resume completes the very bytes of the uninterrupted run.
        BatchRecords.Write(input, 24);
        BatchRecords.RunInProcess([.. command, "--resume"]);
        Assert.Equal(expected, File.ReadAllBytes(output));
    }

    private static void WaitForLines(MariaChildProcess child, string path, int lines)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (BatchRecords.CompleteLines(path) < lines)
        {
            Assert.False(child.HasExited, $"maria exited before writing {lines} lines: {child.Stderr}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "no output after 2 minutes");
            Thread.Sleep(2);
        }
    }
}
