using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Maria.Runtime;
using Maria.Runtime.Baselines;

namespace Maria.Cli.Commands.Bench;

/// <summary>
/// <c>maria bench --batch-sizes</c>: the same records decoded greedily with KV-cached MARIA and continuous batching
/// (<see cref="MariaBaselines.Maria(IReadOnlyList{MaskedTokens}, int, Runtime.SamplingOptions?, CancellationToken)"/>)
/// at each batch size in turn, smallest first, in one process: batch 1 is the baseline of the speed-ups, on the
/// same records and in the same run. Each batch size gets its warm-up passes (one batch of records, untimed), then
/// its timed passes over every record (the median is kept), with the resident memory sampled throughout.
/// </summary>
internal static class BatchBench
{
    /// <summary>One row per batch size, in the order of <paramref name="sizes"/> (which must start with 1).</summary>
    public static IReadOnlyList<BatchBenchRow> Run(MariaBaselines baselines, BenchRecords records, IReadOnlyList<int> sizes, int repeats, int warmup,
        TextWriter log, CancellationToken cancellation)
    {
        var rows = new List<BatchBenchRow>(sizes.Count);
        string? baseline = null;
        foreach (int size in sizes)
        {
            // Garbage from the previous size should not count against this one (ONNX Runtime's arena is kept anyway).
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var seconds = new List<double>(repeats);
            string fills = "";
            var memory = PeakResidentMemory.Start();
            try
            {
                var firstBatch = records.Records.Take(size).ToArray();
                for (int run = 0; run < warmup; run++)
                {
                    baselines.Maria(firstBatch, size, null, cancellation);
                }
                for (int run = 0; run < repeats; run++)
                {
                    var clock = Stopwatch.StartNew();
                    var results = baselines.Maria(records.Records, size, null, cancellation);
                    seconds.Add(clock.Elapsed.TotalSeconds);
                    fills = FillsSha256(results);
                }
            }
            finally
            {
                memory.Dispose();
            }
            double median = Median(seconds);
            baseline ??= fills;
            double recordsPerSecond = records.Records.Count / median;
            var row = new BatchBenchRow(size, median, recordsPerSecond, records.MaskedTokens / median,
                rows.Count == 0 ? 1.0 : recordsPerSecond / rows[0].RecordsPerSecond, memory.PeakMebibytes, fills, fills == baseline);
            rows.Add(row);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench: batch {size}: {row.RecordsPerSecond:F2} records/s, {row.MaskedTokensPerSecond:F1} masked tokens/s, {row.Speedup:F2}x batch 1, peak RSS {row.PeakMebibytes:F0} MiB (median of {repeats})"));
            if (!row.SameFillsAsBatch1)
            {
                log.WriteLine($"warning: batch {size} filled other tokens than batch 1: an int8 package rounds activations slightly differently when other rows share a product, which can flip a near-tied choice; --batch-invariant makes them bit-identical (with an fp32 package, report it with the command line)");
            }
        }
        return rows;
    }

    /// <summary>
    /// SHA-256 (lowercase hex) of the UTF-8 text of every record's filled ids in record order: ids joined by ',',
    /// records by '\n'. Equal hashes mean identical fills.
    /// </summary>
    public static string FillsSha256(IEnumerable<BaselineResult> results)
    {
        string text = string.Join('\n', results.Select(r => string.Join(',', r.TokenIds.Select(id => id.ToString(CultureInfo.InvariantCulture)))));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
