using System.Reflection;

namespace Maria.Runtime.Tests.Engine;

/// <summary>Loading a package: integrity, execution providers, the library's dependency rule.</summary>
public sealed class ModelLoadingTests(TinyPackageFixture package) : IClassFixture<TinyPackageFixture>
{
    [Fact]
    public async Task LoadAsync_reports_progress_to_completion_and_loads_the_manifest()
    {
        var reports = new List<float>();
        using var model = await MariaModel.LoadAsync(package.PackageDirectory, progress: new SynchronousProgress(reports.Add));
        Assert.Equal(1f, reports[^1]);
        Assert.True(reports.SequenceEqual(reports.Order()));
        Assert.Equal(4096, model.Manifest.Vocabulary.SharedSize);
    }

    [Fact]
    public void A_changed_byte_in_a_graph_is_detected_at_load_naming_the_file()
    {
        string copy = CopyPackage();
        string decoder = Path.Combine(copy, "decoder.onnx");
        var bytes = File.ReadAllBytes(decoder);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(decoder, bytes);
        var error = Assert.Throws<MariaInputException>(() => MariaModel.Load(copy));
        Assert.Contains("decoder.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("sha256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_detected_at_load_naming_it()
    {
        string copy = CopyPackage();
        File.Delete(Path.Combine(copy, "tokenizer.json"));
        var error = Assert.Throws<MariaInputException>(() => MariaModel.Load(copy));
        Assert.Contains("tokenizer.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_a_manifest_is_refused_with_the_fix()
    {
        var error = Assert.Throws<MariaInputException>(() => MariaModel.Load(package.Root));
        Assert.Contains("maria export", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_for_cuda_on_a_cpu_build_names_the_gpu_package()
    {
        Assert.False(MariaModel.CudaAvailable);
        var error = Assert.Throws<MariaInputException>(() => MariaModel.Load(package.PackageDirectory, new MariaModelOptions(Device: ExecutionDevice.Cuda)));
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_runtime_library_references_neither_torchsharp_nor_the_tools()
    {
        var referenced = typeof(MariaModel).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(referenced, n => n.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(referenced, n => n is "maria" or "maria-train" or "Maria.Export");
        Assert.Contains("Microsoft.ML.OnnxRuntime", referenced);
    }

    private string CopyPackage()
    {
        string copy = Path.Combine(package.Root, "copy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(package.PackageDirectory))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        return copy;
    }

    private sealed class SynchronousProgress(Action<float> report) : IProgress<float>
    {
        public void Report(float value) => report(value);
    }
}
