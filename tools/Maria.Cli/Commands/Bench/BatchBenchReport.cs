using System.Globalization;
using System.Text.Json;
using Maria.Cli.Reporting;

namespace Maria.Cli.Commands.Bench;

/// <summary>The figures of <c>maria bench --batch-sizes</c>: a table, one row per batch size, or JSON.</summary>
internal static class BatchBenchReport
{
    /// <summary>batch, records/s, masked tok/s, speed-up (x batch 1), peak RSS MiB.</summary>
    public static void WriteTable(TextWriter writer, IReadOnlyList<BatchBenchRow> rows)
    {
        var table = new List<string[]> { new[] { "batch", "records/s", "masked tok/s", "speed-up", "peak RSS MiB" } };
        table.AddRange(rows.Select(r => new[]
        {
            r.BatchSize.ToString(CultureInfo.InvariantCulture),
            r.RecordsPerSecond.ToString("F2", CultureInfo.InvariantCulture),
            r.MaskedTokensPerSecond.ToString("F1", CultureInfo.InvariantCulture),
            r.Speedup.ToString("F2", CultureInfo.InvariantCulture),
            r.PeakMebibytes.ToString("F0", CultureInfo.InvariantCulture),
        }));
        var widths = Enumerable.Range(0, table[0].Length).Select(c => table.Max(r => r[c].Length)).ToArray();
        foreach (var row in table)
        {
            writer.WriteLine(string.Join("  ", row.Select((cell, c) => cell.PadLeft(widths[c]))).TrimEnd());
        }
    }

    /// <summary>
    /// {"batch_sizes": [...], "results": [{"batch_size", "seconds", "records_per_s", "masked_tokens_per_s", "speedup",
    /// "peak_rss_mib", "fills_sha256", "same_fills_as_batch_1"}], "records", "masked_tokens", "tokens", "source",
    /// "peak_rss", "machine", "date", "settings"}.
    /// </summary>
    public static void WriteJson(Stream stream, IReadOnlyList<BatchBenchRow> rows, BenchRecords records, int threads, IReadOnlyDictionary<string, object> settings)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("batch_sizes");
        foreach (var row in rows)
        {
            json.WriteNumberValue(row.BatchSize);
        }
        json.WriteEndArray();
        json.WriteStartArray("results");
        foreach (var row in rows)
        {
            json.WriteStartObject();
            json.WriteNumber("batch_size", row.BatchSize);
            json.WriteNumber("seconds", Math.Round(row.Seconds, 4));
            json.WriteNumber("records_per_s", Math.Round(row.RecordsPerSecond, 3));
            json.WriteNumber("masked_tokens_per_s", Math.Round(row.MaskedTokensPerSecond, 3));
            json.WriteNumber("speedup", Math.Round(row.Speedup, 3));
            json.WriteNumber("peak_rss_mib", Math.Round(row.PeakMebibytes, 1));
            json.WriteString("fills_sha256", row.FillsSha256);
            json.WriteBoolean("same_fills_as_batch_1", row.SameFillsAsBatch1);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("records", records.Records.Count);
        json.WriteNumber("masked_tokens", records.MaskedTokens);
        json.WriteNumber("tokens", records.Tokens);
        json.WriteString("source", records.Source);
        json.WriteString("peak_rss", string.Create(CultureInfo.InvariantCulture,
            $"resident set (VmRSS) sampled every {PeakResidentMemory.Interval.TotalMilliseconds} ms while each batch size ran, warm-up included; batch sizes run smallest first in one process"));
        json.WriteString("machine", MachineDescription.Describe(threads));
        json.WriteString("date", MachineDescription.UtcNow());
        json.WritePropertyName("settings");
        JsonSerializer.Serialize(json, settings);
        json.WriteEndObject();
    }
}
