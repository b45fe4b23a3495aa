using System.Globalization;
using System.Text.Json;

namespace Maria.Cli.Commands.Eval;

/// <summary>Masked perplexity and bits per byte by method and masking rate: a table like the paper's Table 2, or JSON.</summary>
internal sealed class EvalReport
{
    private readonly Dictionary<(string Method, double Rate), EvalTally> tallies = [];

    public EvalReport(IReadOnlyList<double> rates, IReadOnlyList<string> methods)
    {
        Rates = rates;
        Methods = methods;
        foreach (string method in methods)
        {
            foreach (double rate in rates)
            {
                tallies[(method, rate)] = new EvalTally();
            }
        }
    }

    public IReadOnlyList<double> Rates { get; }

    public IReadOnlyList<string> Methods { get; }

    public EvalTally this[string method, double rate] => tallies[(method, rate)];

    /// <summary>Two blocks, one row per method and one column per rate: masked perplexity, then bits per byte.</summary>
    public void WriteTable(TextWriter writer)
    {
        WriteBlock(writer, "masked perplexity", t => t.Perplexity.ToString("F2", CultureInfo.InvariantCulture));
        writer.WriteLine();
        WriteBlock(writer, "bits per byte", t => t.BitsPerByte.ToString("F3", CultureInfo.InvariantCulture));
        writer.WriteLine();
        WriteBlock(writer, "masked tokens", t => t.Tokens.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>{"rates", "methods": {name: [{"rate", "ppl", "bpb", "tokens", "nll", "bytes"}]}, then the settings' keys}.</summary>
    public void WriteJson(Stream stream, IReadOnlyDictionary<string, object?> settings)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("rates");
        foreach (double rate in Rates)
        {
            json.WriteNumberValue(rate);
        }
        json.WriteEndArray();
        json.WriteStartObject("methods");
        foreach (string method in Methods)
        {
            json.WriteStartArray(method);
            foreach (double rate in Rates)
            {
                var tally = this[method, rate];
                json.WriteStartObject();
                json.WriteNumber("rate", rate);
                json.WriteNumber("ppl", tally.Perplexity);
                json.WriteNumber("bpb", tally.BitsPerByte);
                json.WriteNumber("tokens", tally.Tokens);
                json.WriteNumber("nll", tally.NegativeLogLikelihood);
                json.WriteNumber("bytes", tally.Bytes);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        foreach (var (key, value) in settings)
        {
            json.WritePropertyName(key);
            JsonSerializer.Serialize(json, value);
        }
        json.WriteEndObject();
    }

    private void WriteBlock(TextWriter writer, string title, Func<EvalTally, string> cell)
    {
        var header = new List<string> { title };
        header.AddRange(Rates.Select(r => r.ToString("0.###", CultureInfo.InvariantCulture)));
        var rows = new List<List<string>> { header };
        foreach (string method in Methods)
        {
            var row = new List<string> { method };
            row.AddRange(Rates.Select(r => cell(this[method, r])));
            rows.Add(row);
        }
        var widths = Enumerable.Range(0, header.Count).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            writer.WriteLine(string.Join("  ", row.Select((text, c) => c == 0 ? text.PadRight(widths[c]) : text.PadLeft(widths[c]))).TrimEnd());
        }
    }
}
