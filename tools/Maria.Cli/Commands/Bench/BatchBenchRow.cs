namespace Maria.Cli.Commands.Bench;

/// <summary>One batch size's figures.</summary>
/// <param name="BatchSize">Records in flight.</param>
/// <param name="Seconds">Median wall time of a pass over every record.</param>
/// <param name="RecordsPerSecond">Records / <paramref name="Seconds"/>.</param>
/// <param name="MaskedTokensPerSecond">Masked tokens filled / <paramref name="Seconds"/>.</param>
/// <param name="Speedup">Records/s over batch 1's.</param>
/// <param name="PeakMebibytes">Peak resident memory sampled while this batch size ran (warm-up included).</param>
/// <param name="FillsSha256">Hash of the fills (<see cref="BatchBench.FillsSha256"/>).</param>
/// <param name="SameFillsAsBatch1">Whether the fills equal batch 1's.</param>
internal sealed record BatchBenchRow(int BatchSize, double Seconds, double RecordsPerSecond, double MaskedTokensPerSecond, double Speedup,
    double PeakMebibytes, string FillsSha256, bool SameFillsAsBatch1);
