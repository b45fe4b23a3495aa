using System.Runtime.InteropServices;
using Maria.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Cuda.Tests;

/// <summary>
/// The runtime on ONNX Runtime's GPU build (Microsoft.ML.OnnxRuntime.Gpu.Linux), checked where it is built: the CUDA
/// provider is compiled in, asking for it names the first CUDA library the machine lacks (or, on a machine that has
/// them all, runs or names the driver problem), and the CPU path of the same build gives the CPU build's fills.
/// </summary>
public sealed class CudaBuildTests
{
    /// <summary>What libonnxruntime_providers_cuda.so 1.32.0 needs, in its DT_NEEDED order (readelf -d); the loader names the first missing.</summary>
    private static readonly string[] ProviderNeeds = ["libcublasLt.so.13", "libcublas.so.13", "libcurand.so.10", "libcudart.so.13", "libcuda.so.1"];

    private static string Package => Path.Combine(RepositoryFiles.Root, "models", "maria-tiny");

    [Fact]
    public void The_gpu_native_library_is_the_one_loaded_and_lists_the_cuda_provider()
    {
        Assert.Equal("1.32.0", OrtEnv.Instance().GetVersionString());
        Assert.Contains("CUDAExecutionProvider", OrtEnv.Instance().GetAvailableProviders());
        // The CPU package's native has no provider bridge: finding it beside the tests proves the GPU native was copied.
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libonnxruntime_providers_cuda.so"))
            || File.Exists(Path.Combine(AppContext.BaseDirectory, "libonnxruntime_providers_cuda.so")));
    }

    [Fact]
    public void Loading_on_cuda_names_the_first_missing_cuda_library_and_the_fix()
    {
        string? missing = ProviderNeeds.FirstOrDefault(library => !CanLoad(library));
        var check = MariaModel.CheckDevice(ExecutionDevice.Cuda);
        if (missing is not null)
        {
            // This machine (no CUDA 13 runtime): the loader's failure as one line.
            Assert.False(check.Usable);
            string expected = $"{missing} not found: install the CUDA 13 runtime and cuDNN 9, or use --device cpu";
            Assert.Equal(expected, check.Detail);
            var error = Assert.Throws<MariaInputException>(() => MariaModel.Load(Package, new MariaModelOptions(Device: ExecutionDevice.Cuda)));
            Assert.Equal(expected, error.Message);
        }
        else
        {
            // A machine with the CUDA libraries: the probe either ran or names the driver/device problem.
            Assert.True(check.Usable || check.Detail.StartsWith("CUDA device 0 could not run a probe graph", StringComparison.Ordinal)
                || check.Detail.EndsWith("not found: install the CUDA 13 runtime and cuDNN 9, or use --device cpu", StringComparison.Ordinal), check.Detail);
        }
    }

    [Fact]
    public void The_cuda_build_runs_on_the_cpu_with_the_cpu_builds_fills()
    {
        using var model = MariaModel.Load(Package);
        var result = model.Infill("The [MASK] of the United States shall from time to time give to the [MASK] information of the [MASK] of the Union.");
        // The README's first command, verbatim (CPU build).
        Assert.Equal("Thet of the United States shall from time to time give to the present information of the Government of the Union.", result.Output);
    }

    private static bool CanLoad(string library)
    {
        if (!NativeLibrary.TryLoad(library, out var handle))
        {
            return false;
        }
        NativeLibrary.Free(handle);
        return true;
    }
}
