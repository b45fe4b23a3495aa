using System.Text.Json;
using Maria.Export.Checkpoints;
using Maria.Runtime;
using Maria.Runtime.Representations;

namespace Maria.Cli.Tests.Embed;

/// <summary><c>maria embed</c> on the shipped package: the written rows are the runtime's representations.</summary>
public sealed class EmbedCommandTests : IDisposable
{
    private readonly TemporaryFolder temporary = new();

    private string folder => temporary.Path;


    private static string ShippedModel => Path.Combine(RepositoryFiles.Root, "models", "maria-tiny");

    [Fact]
    public void Safetensors_output_holds_each_records_rows_and_token_ids()
    {
        string input = WriteInput("""{"id":"a","text":"The state of the Union is strong."}""", """{"id":"b","text":"The [MASK] of the Union is [MASK]."}""");
        string output = Path.Combine(folder, "out.safetensors");
        var (code, _, error) = Run("embed", "--model", ShippedModel, "--input", input, "--output", output, "--kind", "maria", "--alignment", "after-token", "--batch-size", "2");
        Assert.True(code == 0, error);

        using var model = MariaModel.Load(ShippedModel);
        using var file = SafetensorsFile.Open(output);
        foreach (var (id, text) in new[] { ("a", "The state of the Union is strong."), ("b", "The [MASK] of the Union is [MASK].") })
        {
            var expected = model.Represent(text);
            var rows = file.ReadAsFloat32(id);
            Assert.Equal(expected.Count * expected.Width(RepresentationKind.Maria), rows.Length);
            var want = expected.Matrix(RepresentationKind.Maria, ArAlignment.AfterToken);
            for (int j = 0; j < rows.Length; j++)
            {
                Assert.True(Math.Abs(want[j] - rows[j]) <= 1e-4f * Math.Max(1f, Math.Abs(want[j])), $"{id} element {j}: {want[j]} vs {rows[j]}");
            }
            Assert.Equal(expected.Count * 4, file.GetBytes(id + ".token_ids").Length);
        }
    }

    [Fact]
    public void Pooled_json_lines_keep_the_other_records_when_one_is_too_long()
    {
        string tooLong = JsonSerializer.Serialize(new { id = "long", text = string.Concat(Enumerable.Repeat("word ", 1200)) });
        string input = WriteInput("""{"id":"a","text":"Our nation is strong."}""", tooLong, """{"text":"The budget."}""");
        string output = Path.Combine(folder, "out.jsonl");
        var (code, _, error) = Run("embed", "--model", ShippedModel, "--input", input, "--output", output, "--kind", "mlm", "--pool", "mean");
        Assert.Equal(1, code);
        Assert.Contains("record long (line 2)", error);
        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["a", "long", "line-3"], lines.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(256, lines[0].GetProperty("vector").GetArrayLength());
        Assert.Contains("context", lines[1].GetProperty("error").GetString());
        Assert.Equal(256, lines[2].GetProperty("vector").GetArrayLength());
    }

    [Fact]
    public void An_unknown_alignment_is_refused_naming_the_choices()
    {
        string input = WriteInput("""{"id":"a","text":"Our nation."}""");
        var (code, _, error) = Run("embed", "--input", input, "--output", Path.Combine(folder, "out.safetensors"), "--alignment", "middle");
        Assert.Equal(1, code);
        Assert.Contains("head-input", error);
    }

    [Fact]
    public void Json_lines_without_pooling_are_refused_before_the_model_loads()
    {
        string input = WriteInput("""{"id":"a","text":"Our nation."}""");
        var (code, _, error) = Run("embed", "--input", input, "--output", Path.Combine(folder, "out.jsonl"));
        Assert.Equal(1, code);
        Assert.Contains("add --pool mean", error);
    }

    public void Dispose() => temporary.Dispose();

    private string WriteInput(params string[] lines)
    {
        string path = Path.Combine(folder, "in.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static CliResult Run(params string[] args) => MariaCli.RunMaria(args);
}
