using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Doctor;

/// <summary>`maria doctor` on the CPU build: one fact per line on stdout, CUDA refused with the switch that builds it.</summary>
public sealed class DoctorCommandTests
{
    [Fact]
    public void Doctor_reports_the_cpu_build_the_providers_that_run_and_the_package()
    {
        string package = Path.Combine(RepositoryFiles.Root, "models", "maria-tiny");
        var (exitCode, stdout, _) = RunMaria("doctor", "--model", package);

        Assert.Equal(0, exitCode);
        var lines = Lines(stdout);
        Assert.Equal("onnxruntime: 1.32.0, native build Cpu (Microsoft.ML.OnnxRuntime)", lines[0]);
        Assert.Equal("providers compiled in: CPUExecutionProvider", lines[1]);
        Assert.Equal("providers that run: CPUExecutionProvider", lines[2]);
        Assert.Equal("cpu: usable: CPU: a probe graph ran on CPUExecutionProvider", lines[3]);
        Assert.StartsWith("cuda: NOT usable: CUDA was requested but this ONNX Runtime build has no CUDAExecutionProvider; build with -p:OnnxRuntimeFlavor=Cuda", lines[4], StringComparison.Ordinal);
        Assert.StartsWith("cuda libraries: libcuda.so.1 ", lines[5], StringComparison.Ordinal);
        Assert.StartsWith($"threads: {Environment.ProcessorCount} logical cores", lines[6], StringComparison.Ordinal);
        Assert.StartsWith("simd: ", lines[7], StringComparison.Ordinal);
        Assert.Equal($"package: {package}: loads (format 2, OlmoForCausalLM + ModernBertForMaskedLM, weights int8)", lines[8]);
    }

    [Fact]
    public void Infill_on_cuda_in_the_cpu_build_fails_in_one_line_naming_the_fix()
    {
        var (exitCode, stdout, stderr) = RunMaria("infill", "--device", "cuda", "The [MASK] is here.");

        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        string line = Assert.Single(Lines(stderr));
        Assert.StartsWith("error: CUDA was requested but this ONNX Runtime build has no CUDAExecutionProvider; build with -p:OnnxRuntimeFlavor=Cuda", line, StringComparison.Ordinal);
        Assert.EndsWith("or use --device cpu", line, StringComparison.Ordinal);
    }
}
