using System.Reflection;

namespace Maria.Runtime.Tests.Engine;

/// <summary>Loading a package: integrity, execution providers, the library's dependency rule.</summary>
[Collection(TinyPackageCollection.Name)]
public sealed class ModelLoadingTests(TinyPackageFixture package)
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
    public void Asking_for_cuda_on_a_cpu_build_names_the_switch_that_builds_with_cuda()
    {
        Assert.False(MariaModel.CudaAvailable);
        var error = Assert.Throws<MariaInputException>(() => MariaModel.Load(package.PackageDirectory, new MariaModelOptions(Device: ExecutionDevice.Cuda)));
        Assert.Equal("CUDA was requested but this ONNX Runtime build has no CUDAExecutionProvider; build with -p:OnnxRuntimeFlavor=Cuda "
            + "(Microsoft.ML.OnnxRuntime.Gpu.Linux 1.32.0 instead of Microsoft.ML.OnnxRuntime), or use --device cpu", error.Message);
    }

    [Fact]
    public void The_device_check_runs_a_probe_graph_on_the_cpu_and_refuses_cuda_on_a_cpu_build()
    {
        var cpu = MariaModel.CheckDevice(ExecutionDevice.Cpu);
        Assert.True(cpu.Usable, cpu.Detail);
        Assert.Equal("CPU: a probe graph ran on CPUExecutionProvider", cpu.Detail);
        var cuda = MariaModel.CheckDevice(ExecutionDevice.Cuda);
        Assert.False(cuda.Usable);
        Assert.StartsWith("CUDA was requested but this ONNX Runtime build has no CUDAExecutionProvider", cuda.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:1789 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file: No such file or directory",
        "libcublasLt.so.13 not found: install the CUDA 13 runtime and cuDNN 9, or use --device cpu")]
    [InlineData("Failed to load library libonnxruntime_providers_cuda.so with error: libcudnn.so.9: cannot open shared object file: No such file or directory",
        "libcudnn.so.9 not found: install the CUDA 13 runtime and cuDNN 9, or use --device cpu")]
    [InlineData("CUDA failure 100: no CUDA-capable device is detected ; GPU=0 ; hostname=x ; expr=cudaSetDevice(info_.device_id);",
        "CUDA device 0 could not run a probe graph (CUDA failure 100: no CUDA-capable device is detected ; GPU=0 ; hostname=x ; expr=cudaSetDevice(info_.device_id);); check the NVIDIA driver (nvidia-smi) and the device id, or use --device cpu")]
    public void A_cuda_loader_failure_becomes_one_line_naming_the_missing_library_and_the_fix(string onnxRuntimeMessage, string expected) =>
        Assert.Equal(expected, Maria.Runtime.Devices.DeviceProbe.ExplainCudaFailure(onnxRuntimeMessage, 0));

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
