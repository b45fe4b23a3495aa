using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Shipped;

/// <summary>The models committed under models/: readable backbones, a package that verifies, the README's first command.</summary>
public sealed class ShippedModelTests
{
    private static string Models => Path.Combine(RepositoryRoot(), "models");

    [Theory]
    [InlineData("olmo-tiny", "OlmoForCausalLM", "model.layers.0.self_attn.q_proj.weight")]
    [InlineData("modernbert-tiny", "ModernBertForMaskedLM", "model.layers.0.attn.Wqkv.weight")]
    public void Inspect_reads_each_shipped_backbone_with_public_tensor_names(string folder, string architecture, string tensor)
    {
        var (code, stdout, stderr) = RunMaria("inspect", Path.Combine(Models, folder));
        Assert.True(code == 0, stderr);
        Assert.Contains(architecture, stdout, StringComparison.Ordinal);
        Assert.Contains(tensor, stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("olmo-tiny")]
    [InlineData("modernbert-tiny")]
    public void Each_shipped_config_is_typed_as_transformers_declares_and_is_what_the_project_writes(string folder)
    {
        string path = Path.Combine(Models, folder, "config.json");
        string text = File.ReadAllText(path);
        var problems = TransformersConfigTypes.Problems(text);
        Assert.True(problems.Count == 0, $"{path}: {string.Join("; ", problems)}");
        Assert.Equal(Maria.Export.Configs.ModelConfigReader.Read(path).ToJson(), text);
    }

    [Fact]
    public void The_default_package_records_the_hashes_of_the_shipped_backbone_files()
    {
        var provenance = Maria.Runtime.Packaging.PackageManifestReader.Read(Path.Combine(Models, "maria-tiny")).Provenance;
        foreach (var (folder, files) in new[] { ("modernbert-tiny", provenance.MaskedModel), ("olmo-tiny", provenance.CausalModel) })
        {
            Assert.Equal(["config.json", "tokenizer.json", "model.safetensors"], files.Select(f => f.Name));
            foreach (var file in files)
            {
                string path = Path.Combine(Models, folder, file.Name);
                Assert.True(Maria.Runtime.Packaging.PackageManifestReader.Sha256Of(path) == file.Sha256, $"{path} does not have the sha256 that models/maria-tiny/maria.json records");
            }
        }
    }

    [Fact]
    public void The_default_package_passes_verify()
    {
        var (code, _, stderr) = RunMaria("verify", "--model", Path.Combine(Models, "maria-tiny"));
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("FAIL", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_package_ships_a_trained_head_with_its_training_facts()
    {
        var manifest = Maria.Runtime.Packaging.PackageManifestReader.Read(Path.Combine(Models, "maria-tiny"));
        Assert.Equal(Maria.Runtime.Packaging.HeadManifest.Trained, manifest.Head.Kind);
        var facts = manifest.Head.Training!;
        Assert.Equal("train.jsonl", facts["training_data"]);
        Assert.Equal("validation.jsonl", facts["validation_data"]);
        Assert.True(int.Parse(facts["steps"], System.Globalization.CultureInfo.InvariantCulture) >= 1000);
        double loss = double.Parse(facts["validation_loss"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(loss, 0.1, Math.Log(manifest.Head.OutFeatures));
    }

    [Fact]
    public void Everything_under_models_stays_within_40_megabytes()
    {
        long bytes = new DirectoryInfo(Models).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        Assert.True(bytes <= 40_000_000, $"models/ holds {bytes:N0} bytes; the budget is 40 MB");
    }

    [Fact]
    public void The_readme_infill_command_fills_two_words_and_a_phrase_with_the_default_model()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        string command = readme.Split('\n').First(l => l.StartsWith("dotnet run --project tools/Maria.Cli -- infill ", StringComparison.Ordinal));
        string text = command.Split("infill ", 2)[1].Trim().Trim('"');
        Assert.Equal(2, text.Split("[WORD]").Length - 1);
        Assert.Equal(1, text.Split("[BLANK]").Length - 1);

        var (code, stdout, stderr) = RunMaria("infill", text);
        Assert.True(code == 0, stderr);
        string output = Lines(stdout).Single();
        Assert.DoesNotContain("[WORD]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[BLANK]", output, StringComparison.Ordinal);
        Assert.StartsWith(text.Split("[WORD]")[0].TrimEnd(), output, StringComparison.Ordinal);
        // The README quotes the output right after "Output of the first command": it must be what the model prints.
        var lines = readme.Split('\n');
        int heading = Array.FindIndex(lines, l => l.StartsWith("Output of the first command", StringComparison.Ordinal));
        Assert.True(heading > 0, "the README has no 'Output of the first command' paragraph");
        string quoted = lines.Skip(heading + 1).SkipWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).Skip(1).First();
        Assert.Equal(quoted, output);
    }

    [Fact]
    public void The_readme_command_at_temperature_one_hundredth_prints_the_greedy_output_for_any_seed()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        Assert.Contains("Sampling with `--temperature 0.01` prints exactly this greedy output, whatever the `--seed`", readme, StringComparison.Ordinal);
        string command = readme.Split('\n').First(l => l.StartsWith("dotnet run --project tools/Maria.Cli -- infill ", StringComparison.Ordinal));
        string text = command.Split("infill ", 2)[1].Trim().Trim('"');
        string greedy = Lines(RunMaria("infill", text).Stdout).Single();
        foreach (string seed in new[] { "0", "1", "7", "123456789" })
        {
            var (code, stdout, stderr) = RunMaria("infill", "--temperature", "0.01", "--seed", seed, text);
            Assert.True(code == 0, stderr);
            Assert.Equal(greedy, Lines(stdout).Single());
        }
    }

    private static string RepositoryRoot() => RepositoryFiles.Root;
}
