using System.Globalization;
using System.Text.Json;
using Maria.Cli.Plotting;
using Maria.Cli.Reporting;

namespace Maria.Cli.Commands.Bench;

/// <summary>Median tokens filled per second, by method and length; written as a table or as JSON.</summary>
internal sealed class BenchReport
{
    private readonly IReadOnlyList<int> lengths;
    private readonly IReadOnlyList<string> methods;
    private readonly Dictionary<(string Method, int Length), double> rates = [];

    /// <summary>Plain generation's single-token steps alone (the prefill left out), by length.</summary>
    private readonly Dictionary<int, double> arStepRates = [];

    public BenchReport(IReadOnlyList<int> lengths, IReadOnlyList<string> methods)
    {
        this.lengths = lengths;
        this.methods = methods;
    }

    public void Add(string method, int length, double tokensPerSecond) => rates[(method, length)] = tokensPerSecond;

    /// <summary>Records the median rate of plain generation's decoding steps after its prefill call.</summary>
    public void AddArSteps(int length, double tokensPerSecond) => arStepRates[length] = tokensPerSecond;

    /// <summary>
    /// length, one column per method, then "ar steps tok/s" (plain generation after its prefill: the figure a
    /// read-bandwidth roofline bounds) when ar was run, then maria/ar and maria/mlm when both sides were run.
    /// </summary>
    public void WriteTable(TextWriter writer)
    {
        var ratios = new[] { "ar", "mlm" }.Where(m => methods.Contains("maria") && methods.Contains(m)).ToList();
        var header = new List<string> { "length" };
        header.AddRange(methods.Select(m => m + " tok/s"));
        bool steps = methods.Contains("ar");
        if (steps)
        {
            header.Add("ar steps tok/s");
        }
        header.AddRange(ratios.Select(m => "maria/" + m));
        var rows = new List<List<string>> { header };
        foreach (int length in lengths)
        {
            var row = new List<string> { length.ToString(CultureInfo.InvariantCulture) };
            row.AddRange(methods.Select(m => rates[(m, length)].ToString("F1", CultureInfo.InvariantCulture)));
            if (steps)
            {
                row.Add(arStepRates[length].ToString("F2", CultureInfo.InvariantCulture));
            }
            row.AddRange(ratios.Select(m => (rates[("maria", length)] / rates[(m, length)]).ToString("F2", CultureInfo.InvariantCulture)));
            rows.Add(row);
        }
        var widths = Enumerable.Range(0, header.Count).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            writer.WriteLine(string.Join("  ", row.Select((cell, c) => cell.PadLeft(widths[c]))).TrimEnd());
        }
    }

    /// <summary>Tokens/s against input length on log-log axes, one line per method (the paper's Figure 3).</summary>
    public void SavePlot(string path, string title)
    {
        var lengthAxis = lengths.Select(l => (double)l).ToArray();
        var series = methods.Select(m => new ChartSeries(m, lengthAxis, lengths.Select(l => rates[(m, l)]).ToArray())).ToList();
        LineChart.Save(path, title, "input length (tokens)", "tokens filled per second", series, logX: true, logY: true);
    }

    /// <summary>
    /// {"lengths", "methods": {name: [{"length", "tokens_per_s"}]}, "machine", "date", "settings"}; ar's entries also
    /// carry "decode_steps_tokens_per_s" (its steps after the prefill).
    /// </summary>
    public void WriteJson(Stream stream, int threads, IReadOnlyDictionary<string, object> settings)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("lengths");
        foreach (int length in lengths)
        {
            json.WriteNumberValue(length);
        }
        json.WriteEndArray();
        json.WriteStartObject("methods");
        foreach (string method in methods)
        {
            json.WriteStartArray(method);
            foreach (int length in lengths)
            {
                json.WriteStartObject();
                json.WriteNumber("length", length);
                json.WriteNumber("tokens_per_s", Math.Round(rates[(method, length)], 3));
                if (method == "ar")
                {
                    json.WriteNumber("decode_steps_tokens_per_s", Math.Round(arStepRates[length], 4));
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteString("machine", MachineDescription.Describe(threads));
        json.WriteString("date", MachineDescription.UtcNow());
        json.WritePropertyName("settings");
        JsonSerializer.Serialize(json, settings);
        json.WriteEndObject();
    }
}
