using Maria.Runtime;
using Maria.Runtime.Packaging;
using Maria.Tools.Common;

namespace Maria.Cli.Models;

/// <summary>
/// <c>maria infill --workers</c>: how many batches decode side by side (<see cref="MariaModelOptions.Workers"/>); 0, the
/// default, chooses by the package: one per core (at most <see cref="MostAuto"/>) for a small decoder on the CPU with
/// the threads left to the runtime, else one.
/// </summary>
internal static class WorkerCount
{
    /// <summary>
    /// Decoder files up to this size (weights included) make graph runs too small for ONNX Runtime to spread one over
    /// several cores: maria-tiny's 8.9 MB run one text's tokens faster on one thread than on two, and two workers fill
    /// the 1,000-record job 1.34x faster than one worker on two threads (docs/BENCHMARKS.md). A real-scale decoder
    /// gains less (7B int4: 1.16x) and each worker holds its own batch's KV cache, so it keeps one unless asked.
    /// </summary>
    public const long SmallDecoderBytes = 64L << 20;

    /// <summary>The most workers the automatic choice takes, however many cores (each holds its own batch's cache).</summary>
    public const int MostAuto = 8;

    /// <summary>The workers to load with: <paramref name="requested"/> when given, else the automatic choice.</summary>
    /// <exception cref="UsageException">A negative count.</exception>
    public static int Resolve(int requested, int threads, ExecutionDevice device, string packageDirectory)
    {
        Check(requested);
        if (requested > 0)
        {
            return requested;
        }
        if (threads > 0 || device != ExecutionDevice.Cpu)
        {
            return 1;
        }
        return DecoderBytes(packageDirectory) <= SmallDecoderBytes ? Math.Clamp(Environment.ProcessorCount, 1, MostAuto) : 1;
    }

    /// <summary>Refuses a negative <c>--workers</c> (before anything is loaded).</summary>
    /// <exception cref="UsageException">A negative count.</exception>
    public static void Check(int requested)
    {
        if (requested < 0)
        {
            throw new UsageException($"--workers {requested}: give 1 or more batches to decode side by side, or 0 to choose by the package");
        }
    }

    /// <summary>The decoder graph file and its external weights (<c>decoder.onnx</c>, <c>decoder.onnx.data</c>, ...).</summary>
    private static long DecoderBytes(string packageDirectory)
    {
        string file = PackageManifestReader.Read(packageDirectory).Decoder.File;
        return new DirectoryInfo(packageDirectory).EnumerateFiles(file + "*").Sum(f => f.Length);
    }
}
