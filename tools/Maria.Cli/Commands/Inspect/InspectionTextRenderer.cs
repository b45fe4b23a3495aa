using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maria.Export.Checkpoints;

namespace Maria.Cli.Commands.Inspect;

/// <summary>Writes a report as aligned plain text: a summary block, then one row per tensor (name, dtype, shape).</summary>
internal static class InspectionTextRenderer
{
    public static void Write(InspectionReport report, TextWriter output)
    {
        var summary = new List<(string Label, string Value)>
        {
            ("path", report.Path),
            ("kind", report.Kind),
        };
        if (report.Architecture is not null)
        {
            summary.Add(("architecture", report.Architecture));
        }
        summary.AddRange(report.Settings.Select(pair => (pair.Key, Scalar(pair.Value))));
        summary.AddRange(report.Files.Select((file, i) => (i == 0 ? "files" : "", file)));
        summary.Add(("tensors", report.Tensors.Count.ToString(CultureInfo.InvariantCulture)));
        summary.Add(("parameters", $"{report.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)} ({Abbreviate(report.ParameterCount, "")})"));
        summary.Add(("dtypes", string.Join(", ", report.DTypeCounts.Select(p => $"{p.Key.ToHeaderString()} x {p.Value}"))));
        summary.Add(("total size", $"{Abbreviate(report.TotalBytes, "B")} ({report.TotalBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)"));
        summary.AddRange(report.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ($"metadata.{p.Key}", p.Value)));

        int labelWidth = summary.Max(row => row.Label.Length) + 2;
        foreach (var (label, value) in summary)
        {
            output.WriteLine((label.Length == 0 ? "" : label + ":").PadRight(labelWidth) + OneLine(value));
        }
        WriteTensorTable(report.Tensors, output);
    }

    private static void WriteTensorTable(IReadOnlyList<TensorInfo> tensors, TextWriter output)
    {
        if (tensors.Count == 0)
        {
            return;
        }
        int nameWidth = Math.Max("name".Length, tensors.Max(t => t.Name.Length)) + 2;
        int dtypeWidth = "dtype".Length + 2;
        output.WriteLine();
        output.WriteLine("name".PadRight(nameWidth) + "dtype".PadRight(dtypeWidth) + "shape");
        foreach (var tensor in tensors)
        {
            output.WriteLine(OneLine(tensor.Name).PadRight(nameWidth) + tensor.DType.ToHeaderString().PadRight(dtypeWidth) + tensor.ShapeText);
        }
    }

    private static string Scalar(JsonNode? value) => value switch
    {
        null => "none",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    /// <summary>1234567 -> "1.23 M"; with a unit, decimal prefixes (kB, MB, GB) as file sizes are quoted on the Hub.</summary>
    private static string Abbreviate(long value, string unit)
    {
        string[] prefixes = unit.Length == 0 ? ["", " K", " M", " B", " T"] : [" B", " kB", " MB", " GB", " TB"];
        double scaled = value;
        int index = 0;
        while (Math.Abs(scaled) >= 1000 && index < prefixes.Length - 1)
        {
            scaled /= 1000;
            index++;
        }
        string number = index == 0 ? value.ToString(CultureInfo.InvariantCulture) : scaled.ToString("0.##", CultureInfo.InvariantCulture);
        return number + prefixes[index];
    }

    /// <summary>Tensor names and metadata come from files: keep one record per line whatever they contain.</summary>
    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
