using System.Globalization;

namespace Maria.Cli.Commands.Generate;

/// <summary>
/// The Figure 5 sweep: M samples (seeds S..S+M-1) for every iteration count, K = 0 always included (it is plain AR
/// sampling at temperature 1, <c>ar-t1</c>), plus M greedy AR decodes (<c>ar-greedy</c>). One untimed warm-up
/// generation first, so that ONNX Runtime's first-run costs do not land on the first setting.
/// </summary>
internal static class SweepRunner
{
    public static List<SampleRecord> Run(SampleGenerator generator, IReadOnlyList<int> counts, int samples, ulong seed, TextWriter progress, CancellationToken cancellation)
    {
        var records = new List<SampleRecord>();
        generator.Anneal(1, seed, _ => { }, cancellation);
        for (int m = 0; m < samples; m++)
        {
            records.Add(generator.Greedy(unchecked(seed + (ulong)m), cancellation));
        }
        Report(progress, records);
        foreach (int iterations in counts.Contains(0) ? counts.Order() : counts.Prepend(0).Order())
        {
            int start = records.Count;
            for (int m = 0; m < samples; m++)
            {
                var (sample, cancelled) = generator.Anneal(iterations, unchecked(seed + (ulong)m), _ => { }, cancellation);
                if (cancelled)
                {
                    throw new OperationCanceledException(cancellation);
                }
                records.Add(sample);
            }
            Report(progress, records.Skip(start).ToList());
        }
        return records;
    }

    private static void Report(TextWriter progress, IReadOnlyList<SampleRecord> samples)
    {
        var row = SweepRow.From(samples);
        string scorer = row.ScorerPerplexityMean is double ppl ? ppl.ToString("F2", CultureInfo.InvariantCulture) : "-";
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generate: {row.Label}: {row.Samples} samples, {row.SecondsPerSample:F3} s/sample, scorer ppl {scorer}, own ppl {row.ArPerplexityMean:F2}"));
    }
}
