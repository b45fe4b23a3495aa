using System.Globalization;
using System.Text.Json;
using Maria.Cli;
using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Export.Head;

namespace Maria.Cli.Tests.Inspect;

public sealed class InspectCommandTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static CliResult Inspect(params string[] args) => MariaCli.RunMaria(["inspect", .. args]);

    /// <summary>A one-layer OLMo checkpoint with every tensor OLMo v1 has (tied head, no norms): 2,304 parameters.</summary>
    private string WriteTinyOlmoFolder(bool sharded = false)
    {
        var config = TinyOlmo();
        File.WriteAllText(folder.File("config.json"), config.ToJson());
        File.WriteAllText(folder.File("tokenizer.json"), "{}");
        // The tensors the exporter expects of this config (one list of Hugging Face names: HuggingFaceTensorLayout).
        var tensors = HuggingFaceTensorLayout.For(config)
            .Select(t => TensorToWrite.FromFloat32(t.Name, t.Shape, new float[t.ElementCount], SafetensorsDType.BF16)).ToList();
        if (sharded)
        {
            SafetensorsWriter.WriteSharded(folder.Path, tensors, maxShardBytes: 2048);
        }
        else
        {
            SafetensorsWriter.Write(folder.File("model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        }
        return folder.Path;
    }

    private static OlmoConfig TinyOlmo() => OlmoConfig.Olmo1B() with
    {
        VocabSize = 64, HiddenSize = 16, IntermediateSize = 32, NumHiddenLayers = 1, NumAttentionHeads = 2, NumKeyValueHeads = 2, EosTokenId = 63,
    };

    private const long TinyOlmoParameters = 64 * 16 + 4 * 16 * 16 + 3 * 32 * 16;

    [Fact]
    public void Folder_prints_architecture_key_config_values_and_parameter_count()
    {
        var (exitCode, stdout, stderr) = Inspect(WriteTinyOlmoFolder());

        Assert.Equal(0, exitCode);
        Assert.Equal("", stderr);
        string[] lines = stdout.Split('\n');
        Assert.Contains(lines, line => line.StartsWith("architecture:", StringComparison.Ordinal) && line.EndsWith("OlmoForCausalLM", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("parameters:", StringComparison.Ordinal)
            && line.Contains(TinyOlmoParameters.ToString("N0", CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("hidden_size:", StringComparison.Ordinal) && line.EndsWith("16", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("tensors:", StringComparison.Ordinal) && line.EndsWith(" 8", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("dtypes:", StringComparison.Ordinal) && line.EndsWith("BF16 x 8", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("metadata.format:", StringComparison.Ordinal) && line.EndsWith("pt", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_output_lists_every_tensor_with_dtype_and_shape()
    {
        var (_, stdout, _) = Inspect(WriteTinyOlmoFolder());

        var rows = stdout.Split('\n').SkipWhile(line => !line.StartsWith("name", StringComparison.Ordinal)).Skip(1)
            .Where(line => line.Length > 0).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(8, rows.Count);
        var expected = HuggingFaceTensorLayout.For(TinyOlmo()).Select(t => $"{t.Name} BF16 [{string.Join(", ", t.Shape)}]");
        Assert.Equal(expected.Order(StringComparer.Ordinal), rows.Select(row => string.Join(" ", row)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Json_output_is_one_object_with_the_same_facts()
    {
        var (exitCode, stdout, _) = Inspect(WriteTinyOlmoFolder(), "--json");

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(stdout);
        var root = document.RootElement;
        Assert.Equal("OlmoForCausalLM", root.GetProperty("architecture").GetString());
        Assert.Equal(TinyOlmoParameters, root.GetProperty("parameter_count").GetInt64());
        Assert.Equal(TinyOlmoParameters * 2, root.GetProperty("total_bytes").GetInt64());
        Assert.Equal(8, root.GetProperty("tensor_count").GetInt32());
        Assert.Equal(8, root.GetProperty("dtypes").GetProperty("BF16").GetInt32());
        Assert.Equal(2, root.GetProperty("settings").GetProperty("num_key_value_heads").GetInt32());
        var embedding = root.GetProperty("tensors").EnumerateArray().Single(t => t.GetProperty("name").GetString() == OutputMatrices.CausalEmbedding);
        Assert.Equal([64L, 16L], embedding.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
    }

    [Fact]
    public void Sharded_folder_and_its_index_summarise_the_same_tensors()
    {
        string path = WriteTinyOlmoFolder(sharded: true);

        var (folderExit, folderJson, _) = Inspect(path, "--json");
        var (indexExit, indexJson, _) = Inspect(Path.Combine(path, "model.safetensors.index.json"), "--json");

        Assert.Equal(0, folderExit);
        Assert.Equal(0, indexExit);
        using var fromFolder = JsonDocument.Parse(folderJson);
        using var fromIndex = JsonDocument.Parse(indexJson);
        Assert.Equal(TinyOlmoParameters, fromIndex.RootElement.GetProperty("parameter_count").GetInt64());
        Assert.True(fromIndex.RootElement.GetProperty("settings").GetProperty("shards").GetInt32() > 1);
        Assert.Equal(
            fromFolder.RootElement.GetProperty("tensors").GetRawText(),
            fromIndex.RootElement.GetProperty("tensors").GetRawText());
    }

    [Fact]
    public void Single_safetensors_file_is_summarised_without_an_architecture()
    {
        WriteTinyOlmoFolder();

        var (exitCode, stdout, _) = Inspect(folder.File("model.safetensors"), "--json");

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("architecture").ValueKind);
        Assert.Equal("pt", document.RootElement.GetProperty("metadata").GetProperty("format").GetString());
    }

    [Theory]
    [MemberData(nameof(MalformedSafetensorsFiles.Cases), MemberType = typeof(MalformedSafetensorsFiles))]
    public void Malformed_file_exits_1_with_a_single_line_error(string caseName)
    {
        var (path, fragment) = MalformedSafetensorsFiles.Write(caseName, folder.Path);

        var (exitCode, stdout, stderr) = Inspect(path);

        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        AssertSingleErrorLine(stderr, path);
        Assert.Contains(fragment, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_with_an_inconsistent_config_exits_1_naming_the_key()
    {
        WriteTinyOlmoFolder();
        File.WriteAllText(folder.File("config.json"), File.ReadAllText(folder.File("config.json"))
            .Replace("\"num_key_value_heads\": 2", "\"num_key_value_heads\": 3", StringComparison.Ordinal));

        var (exitCode, _, stderr) = Inspect(folder.Path);

        Assert.Equal(1, exitCode);
        AssertSingleErrorLine(stderr, "num_key_value_heads");
    }

    [Fact]
    public void Folder_without_config_json_exits_1_with_advice()
    {
        var (exitCode, _, stderr) = Inspect(folder.Path);

        Assert.Equal(1, exitCode);
        AssertSingleErrorLine(stderr, "config.json");
    }

    [Fact]
    public void Missing_path_exits_1()
    {
        string path = folder.File("absent.safetensors");

        var (exitCode, _, stderr) = Inspect(path);

        Assert.Equal(1, exitCode);
        AssertSingleErrorLine(stderr, path);
    }

    private static void AssertSingleErrorLine(string stderr, string expectedFragment)
    {
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', stderr.TrimEnd('\n', '\r'));
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Contains(expectedFragment, stderr, StringComparison.Ordinal);
    }
}
