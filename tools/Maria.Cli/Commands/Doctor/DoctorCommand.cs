using System.Reflection;
using System.Runtime.InteropServices;
using CommandLine;
using Maria.Runtime;
using Maria.Tools.Common;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Cli.Commands.Doctor;

/// <summary>
/// <c>maria doctor [--model DIR] [--threads N]</c>: what this build and machine can run, one fact per line on stdout:
/// the ONNX Runtime version and native build, the execution providers compiled in and those that really run a probe
/// graph (with the one-line reason when one does not), the CUDA libraries the GPU build loads, threads, the CPU's
/// SIMD level, and optionally whether a package loads. Exit 0 when the CPU works (and the package loads), 1 otherwise.
/// </summary>
[Verb("doctor", HelpText = "Report the ONNX Runtime build, which execution providers really work here, CUDA libraries, threads and SIMD.")]
internal sealed class DoctorCommand : ICommand
{
    /// <summary>What ONNX Runtime's CUDA provider loads from the machine (none of it ships in the package).</summary>
    public static readonly string[] CudaLibraries = ["libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10", "libcudnn.so.9"];

    [Option("model", HelpText = "Also load this package (default: none).")]
    public string? Model { get; set; }

    [Option("threads", Default = 0, HelpText = "ONNX Runtime threads per call the report assumes (0 = one per core).")]
    public int Threads { get; set; }

    public int Execute(CommandContext context)
    {
        var output = context.Out;
        string flavor = typeof(DoctorCommand).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "OnnxRuntimeFlavor")?.Value ?? "unknown";
        output.WriteLine($"onnxruntime: {OrtEnv.Instance().GetVersionString()}, native build {flavor} ({NativePackage(flavor)})");
        var compiled = OrtEnv.Instance().GetAvailableProviders();
        output.WriteLine($"providers compiled in: {string.Join(", ", compiled)}");
        var cpu = MariaModel.CheckDevice(ExecutionDevice.Cpu);
        var cuda = MariaModel.CheckDevice(ExecutionDevice.Cuda);
        output.WriteLine($"providers that run: {string.Join(", ", new[] { (cpu, "CPUExecutionProvider"), (cuda, "CUDAExecutionProvider") }.Where(p => p.Item1.Usable).Select(p => p.Item2))}");
        output.WriteLine($"cpu: {(cpu.Usable ? "usable" : "NOT usable")}: {cpu.Detail}");
        output.WriteLine($"cuda: {(cuda.Usable ? "usable" : "NOT usable")}: {cuda.Detail}");
        output.WriteLine($"cuda libraries: {string.Join(", ", CudaLibraries.Select(name => $"{name} {(CanLoad(name) ? "found" : "missing")}"))}");
        output.WriteLine($"threads: {Environment.ProcessorCount} logical cores; intra-op threads per call {(Threads > 0 ? Threads.ToString(System.Globalization.CultureInfo.InvariantCulture) : "ONNX Runtime's default (one per physical core)")}; idle threads sleep (no spinning)");
        output.WriteLine($"simd: {SimdLevel.Describe()}");
        if (Model is not null)
        {
            using var model = MariaModel.Load(Model, new MariaModelOptions(IntraOpThreads: Threads));
            output.WriteLine($"package: {Model}: loads (format {model.Manifest.FormatVersion}, {model.Manifest.Decoder.Architecture} + {model.Manifest.Encoder.Architecture}, weights {model.Manifest.Decoder.Weights})");
        }
        return cpu.Usable ? ExitCodes.Success : ExitCodes.BadInput;
    }

    private static string NativePackage(string flavor) => flavor switch
    {
        "Cuda" => "Microsoft.ML.OnnxRuntime.Gpu.Linux",
        "Cpu" => "Microsoft.ML.OnnxRuntime",
        _ => "unknown package",
    };

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
