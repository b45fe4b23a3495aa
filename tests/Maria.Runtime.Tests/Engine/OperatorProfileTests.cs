using System.Text.Json;

namespace Maria.Runtime.Tests.Engine;

/// <summary><see cref="MariaModelOptions.ProfileDirectory"/>: ONNX Runtime's per-operator profile of each graph.</summary>
[Collection(TinyPackageCollection.Name)]
public sealed class OperatorProfileTests(TinyPackageFixture package)
{
    [Fact]
    public void A_profiled_model_writes_one_trace_per_graph_with_its_runs_and_operators_when_disposed()
    {
        using var folder = new TemporaryFolder();
        string profiles = folder.File("profile");   // does not exist yet: loading creates it
        string output;
        using (var model = MariaModel.Load(package.PackageDirectory, new MariaModelOptions { ProfileDirectory = profiles }))
        {
            output = model.Infill("The [MASK] is [MASK] and [MASK].").Output;
        }
        // Same fills as the unprofiled model: recording changes timings only.
        Assert.Equal(package.Model.Infill("The [MASK] is [MASK] and [MASK].").Output, output);

        var files = Directory.GetFiles(profiles).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(2, files.Length);
        Assert.StartsWith("decoder_", files[0]);
        Assert.StartsWith("encoder_", files[1]);

        // Three masks, one encoder run; the decoder ran at least once per masked token's chunk.
        var decoder = ReadTrace(Path.Combine(profiles, files[0]!));
        var encoder = ReadTrace(Path.Combine(profiles, files[1]!));
        Assert.Equal(1, encoder.Runs);
        Assert.InRange(decoder.Runs, 1, 3);
        Assert.Contains("ScatterND", decoder.Operators);          // the in-place cache write of format 2
        Assert.Contains("LayerNormalization", encoder.Operators);
        Assert.DoesNotContain("ScatterND", encoder.Operators);    // the encoder has no cache
    }

    [Fact]
    public void Without_the_option_no_profile_is_written()
    {
        // With profiling on and no prefix, ONNX Runtime would write onnxruntime_profile_DATE.json into the current folder.
        int before = Directory.GetFiles(Environment.CurrentDirectory, "onnxruntime_profile_*").Length;
        using (var model = MariaModel.Load(package.PackageDirectory))
        {
            model.Infill("The [MASK] is here.");
        }
        Assert.Equal(before, Directory.GetFiles(Environment.CurrentDirectory, "onnxruntime_profile_*").Length);
    }

    private static (int Runs, HashSet<string> Operators) ReadTrace(string path)
    {
        using var trace = JsonDocument.Parse(File.ReadAllText(path));
        int runs = 0;
        var operators = new HashSet<string>();
        foreach (var e in trace.RootElement.EnumerateArray())
        {
            string category = e.GetProperty("cat").GetString()!;
            string name = e.GetProperty("name").GetString()!;
            if (category == "Session" && name == "model_run")
            {
                runs++;
            }
            else if (category == "Node" && name.EndsWith("_kernel_time", StringComparison.Ordinal))
            {
                operators.Add(e.GetProperty("args").GetProperty("op_name").GetString()!);
            }
        }
        return (runs, operators);
    }
}
