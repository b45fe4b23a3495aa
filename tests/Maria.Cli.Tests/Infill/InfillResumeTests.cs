using System.Text.Json.Nodes;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Infill;

/// <summary>
/// `maria infill --resume` ends as one uninterrupted run would: the same exit code whichever run wrote a failed record,
/// and nothing filled again when the job had already completed.
/// </summary>
[Collection(InfillPackageCollection.Name)]
public sealed class InfillResumeTests(InfillPackageFixture fixture)
{
    // b is refused by the model (a special token), not by the input reader: only its output line says it failed.
    private static readonly string[] Records =
    [
        """{"id": "a", "text": "one [MASK] two"}""",
        """{"id": "b", "text": "[CLS] bad special [MASK]"}""",
        """{"id": "c", "text": "[MASK] three"}""",
        """{"id": "d", "text": "four [MASK]"}""",
    ];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_record_the_model_refused_before_the_interruption_still_makes_the_resumed_run_exit_1(bool json)
    {
        string input = WriteInput(Records);
        string[] format = json ? ["--json"] : [];
        string whole = fixture.File("whole-" + Guid.NewGuid().ToString("N") + ".out");
        var (code, _, _) = RunMaria(["infill", "--model", fixture.Package, "--input", input, "--output", whole, .. format]);
        Assert.Equal(1, code);
        string[] expected = File.ReadAllLines(whole);

        // Interrupted after a and the refused b, half-way through c.
        string resumed = fixture.File("resumed-" + Guid.NewGuid().ToString("N") + ".out");
        File.WriteAllText(resumed + ".partial", expected[0] + "\n" + expected[1] + "\n" + expected[2][..3]);
        var (resumedCode, _, stderr) = RunMaria(["infill", "--model", fixture.Package, "--input", input, "--output", resumed, "--resume", .. format]);

        Assert.Equal(1, resumedCode);
        Func<string, string> comparable = json ? WithoutTiming : line => line;
        Assert.Equal(expected.Select(comparable), File.ReadAllLines(resumed).Select(comparable));
        Assert.DoesNotContain("record b", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_a_job_that_completed_says_so_in_one_line_fills_nothing_and_exits_0()
    {
        string input = WriteInput([Records[0], Records[2], Records[3]]);
        string output = fixture.File("done-" + Guid.NewGuid().ToString("N") + ".txt");
        var (code, _, _) = RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", output);
        Assert.Equal(0, code);
        // Lines no fill produces: a run that filled the records again would replace them.
        File.WriteAllLines(output, ["kept 1", "kept 2", "kept 3"]);

        var (resumedCode, stdout, stderr) = RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", output, "--resume");

        Assert.Equal(0, resumedCode);
        Assert.Equal($"{output} is already complete (3 records, 0 failed); nothing to resume", Lines(stderr).Single());
        Assert.Empty(stdout);
        Assert.Equal(["kept 1", "kept 2", "kept 3"], File.ReadAllLines(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public void Resuming_a_completed_job_with_a_failed_record_exits_1_as_the_job_did()
    {
        string input = WriteInput(Records);
        string output = fixture.File("failed-" + Guid.NewGuid().ToString("N") + ".jsonl");
        var (code, _, _) = RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", output, "--json");
        Assert.Equal(1, code);
        byte[] written = File.ReadAllBytes(output);

        var (resumedCode, _, stderr) = RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", output, "--json", "--resume");

        Assert.Equal(1, resumedCode);
        Assert.Equal($"{output} is already complete (4 records, 1 failed); nothing to resume", Lines(stderr).Single());
        Assert.Equal(written, File.ReadAllBytes(output));
    }

    [Fact]
    public void An_output_with_another_number_of_records_is_not_this_job_and_the_run_starts_over_saying_why()
    {
        string input = WriteInput([Records[0], Records[2]]);
        string output = fixture.File("other-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllLines(output, ["from", "another", "job"]);

        var (code, _, stderr) = RunMaria("infill", "--model", fixture.Package, "--input", input, "--output", output, "--resume");

        Assert.Equal(0, code);
        Assert.Contains($"no {output}.partial to resume, and {output} holds 3 records where this job has 2: starting over", stderr, StringComparison.Ordinal);
        var lines = File.ReadAllLines(output);
        Assert.Equal(2, lines.Length);
        Assert.EndsWith(" two", lines[0], StringComparison.Ordinal);
    }

    /// <summary>A JSON record line without its timings, which differ from run to run.</summary>
    private static string WithoutTiming(string line)
    {
        var record = JsonNode.Parse(line)!.AsObject();
        record.Remove("timing_ms");
        return record.ToJsonString();
    }

    private string WriteInput(string[] lines)
    {
        string input = fixture.File("records-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllLines(input, lines);
        return input;
    }
}
