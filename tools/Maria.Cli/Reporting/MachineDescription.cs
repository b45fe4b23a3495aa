using System.Globalization;
using System.Runtime.InteropServices;

namespace Maria.Cli.Reporting;

/// <summary>The machine line recorded with every measurement (BENCHMARKS.md asks for command, date and machine).</summary>
internal static class MachineDescription
{
    /// <summary>OS, architecture, cores, ONNX Runtime execution provider and threads, .NET version.</summary>
    public static string Describe(int threads) => string.Create(CultureInfo.InvariantCulture,
        $"{RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} logical cores, ONNX Runtime CPU, {(threads == 0 ? "default" : threads.ToString(CultureInfo.InvariantCulture))} intra-op threads, {RuntimeInformation.FrameworkDescription}");

    /// <summary>UTC now as ISO 8601 to the second.</summary>
    public static string UtcNow() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
