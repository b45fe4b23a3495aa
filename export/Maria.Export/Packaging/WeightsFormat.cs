using Maria.Export.Graphs.Blocks;

namespace Maria.Export.Packaging;

/// <summary>Reads a manifest's <c>weights</c> spelling (<see cref="PackageExporter.WeightsName"/>) back into words for <c>maria inspect</c>.</summary>
public static class WeightsFormat
{
    /// <summary>
    /// e.g. <c>int4-block32-zp</c> -> <c>int4-block32-zp (MatMulNBits int4, block 32, zero points)</c>, <c>fp16</c> -> <c>fp16</c>;
    /// a spelling this exporter does not write is returned as it is.
    /// </summary>
    public static string Describe(string manifestWeights)
    {
        foreach (var storage in Enum.GetValues<WeightStorage>())
        {
            if (PackageExporter.WeightsName(storage) == manifestWeights && storage.Quantization() is { } scheme)
            {
                return $"{manifestWeights} (MatMulNBits {scheme})";
            }
        }

        return manifestWeights;
    }

    /// <summary>The storage a manifest spelling names, or null when this exporter does not write it.</summary>
    public static WeightStorage? Parse(string manifestWeights) =>
        Enum.GetValues<WeightStorage>().Cast<WeightStorage?>().FirstOrDefault(storage => PackageExporter.WeightsName(storage!.Value) == manifestWeights);
}
