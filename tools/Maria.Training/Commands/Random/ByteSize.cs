using System.Globalization;
using Maria.Runtime;
using Maria.Tools.Common;

namespace Maria.Training.Commands.RandomWeights;

/// <summary>Parses sizes the way Hugging Face's max_shard_size does: "5GB" = 5·10⁹ bytes, "2GiB" = 2·2³⁰, "100MB", "4096".</summary>
internal static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Units =
    {
        ("KIB", 1L << 10), ("MIB", 1L << 20), ("GIB", 1L << 30), ("TIB", 1L << 40),
        ("KB", 1_000L), ("MB", 1_000_000L), ("GB", 1_000_000_000L), ("TB", 1_000_000_000_000L), ("B", 1L),
    };

    public static long Parse(string text, string optionName)
    {
        string trimmed = text.Trim().ToUpperInvariant();
        long factor = 1;
        foreach (var (suffix, unitFactor) in Units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.Ordinal))
            {
                trimmed = trimmed[..^suffix.Length].Trim();
                factor = unitFactor;
                break;
            }
        }
        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || !(number > 0))
        {
            throw new UsageException($"--{optionName} '{text}' is not a size; write a positive number with an optional unit, e.g. 5GB, 500MB or 2GiB");
        }
        return (long)Math.Round(number * factor);
    }
}
