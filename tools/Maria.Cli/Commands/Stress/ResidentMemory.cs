using System.Globalization;

namespace Maria.Cli.Commands.Stress;

/// <summary>The process's resident set (VmRSS of /proc/self/status) and the least-squares slope of samples.</summary>
internal static class ResidentMemory
{
    /// <summary>Resident bytes now.</summary>
    public static long Bytes()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                // "VmRSS:    123456 kB"
                return long.Parse(line["VmRSS:".Length..^"kB".Length].Trim(), CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException("/proc/self/status has no VmRSS line (not Linux?)");
    }

    /// <summary>Least-squares slope of y against x (bytes per unit of x).</summary>
    public static double Slope(IReadOnlyList<(double X, double Y)> samples)
    {
        if (samples.Count < 2)
        {
            return 0;
        }
        double meanX = samples.Average(s => s.X), meanY = samples.Average(s => s.Y);
        double covariance = samples.Sum(s => (s.X - meanX) * (s.Y - meanY));
        double variance = samples.Sum(s => (s.X - meanX) * (s.X - meanX));
        return variance == 0 ? 0 : covariance / variance;
    }
}
