using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Maria.Cli.Commands.Generate;

/// <summary>The Figure 5 table: one row per method and iteration count, printed as text or written as JSON.</summary>
internal sealed class SweepReport
{
    public SweepReport(IReadOnlyList<SampleRecord> samples, IReadOnlyDictionary<string, object?> settings)
    {
        Samples = samples;
        Settings = settings;
        Rows = samples
            .GroupBy(s => (s.Method, s.Iterations))
            .Select(g => SweepRow.From(g.ToList()))
            .OrderBy(r => r.Method == SweepMethods.Greedy ? -1 : r.Iterations)
            .ToList();
    }

    public IReadOnlyList<SampleRecord> Samples { get; }

    public IReadOnlyList<SweepRow> Rows { get; }

    public IReadOnlyDictionary<string, object?> Settings { get; }

    public void WriteTable(TextWriter writer)
    {
        var rows = new List<string[]>
        {
            new[] { "method", "iterations", "samples", "s/sample", "scorer ppl mean", "scorer ppl pooled", "own ppl mean", "own ppl pooled" },
        };
        rows.AddRange(Rows.Select(r => new[]
        {
            r.Method, r.Iterations?.ToString(CultureInfo.InvariantCulture) ?? "-", r.Samples.ToString(CultureInfo.InvariantCulture),
            r.SecondsPerSample.ToString("F3", CultureInfo.InvariantCulture), Format(r.ScorerPerplexityMean), Format(r.ScorerPerplexityPooled),
            Format(r.ArPerplexityMean), Format(r.ArPerplexityPooled),
        }));
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
            writer.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    /// <summary>{"settings", "rows": [...], "samples": [...], "machine", "date"}; perplexities without a scorer are null.</summary>
    public void WriteJson(Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WritePropertyName("settings");
        JsonSerializer.Serialize(json, Settings);
        json.WriteStartArray("rows");
        foreach (var row in Rows)
        {
            json.WriteStartObject();
            json.WriteString("method", row.Method);
            WriteNumber(json, "iterations", row.Iterations);
            json.WriteNumber("samples", row.Samples);
            json.WriteNumber("seconds_per_sample", Math.Round(row.SecondsPerSample, 6));
            WriteNumber(json, "scorer_perplexity_mean", row.ScorerPerplexityMean);
            WriteNumber(json, "scorer_perplexity_pooled", row.ScorerPerplexityPooled);
            WriteNumber(json, "ar_perplexity_mean", row.ArPerplexityMean);
            WriteNumber(json, "ar_perplexity_pooled", row.ArPerplexityPooled);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("samples");
        foreach (var sample in Samples)
        {
            SampleJson.WriteObject(json, sample);
        }
        json.WriteEndArray();
        json.WriteString("machine", string.Create(CultureInfo.InvariantCulture,
            $"{RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} logical cores, ONNX Runtime CPU, {RuntimeInformation.FrameworkDescription}"));
        json.WriteString("date", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    private static string Format(double? value) => value?.ToString("F2", CultureInfo.InvariantCulture) ?? "-";

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double number && double.IsFinite(number))
        {
            json.WriteNumber(name, Math.Round(number, 4));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is int number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
