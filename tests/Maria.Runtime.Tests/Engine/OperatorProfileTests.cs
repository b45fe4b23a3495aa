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
    public void A_profiled_model_runs_beside_models_on_the_process_wide_pool_without_breaking_the_profiler()
    {
        // On the shared pool, ONNX Runtime's thread-pool profiler once aborted the test process ("LogStart must pair with
        // LogEnd") when other sessions ran on that pool during a profiled run; the profiled model now has a pool of its
        // own. (This run did not reproduce the abort without the fix: it is a check that mixing them works, not a repro.)
        using var folder = new TemporaryFolder();
        // The shipped int8 package: its MatMulNBits nodes split work over the pool (where the abort was seen).
        string shipped = Path.Combine(Tokenization.TokenizerTestFiles.RepositoryRoot, "models", "maria-tiny");
        using var profiled = MariaModel.Load(shipped, new MariaModelOptions { ProfileDirectory = folder.Path });
        using var shared = MariaModel.Load(shipped);
        string text = string.Join(" ", Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? "[MASK]" : "the people of the United States"));
        string expected = shared.Infill(text).Output;
        var outputs = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => outputs.Add((i % 2 == 0 ? profiled : shared).Infill(text).Output));
        Assert.All(outputs, output => Assert.Equal(expected, output));
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
