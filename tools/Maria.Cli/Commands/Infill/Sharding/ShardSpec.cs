using System.Globalization;
using Maria.Runtime;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Infill.Sharding;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/>: the records whose index (0-based position in the input) is
/// congruent to Index modulo Count. Round-robin rather than contiguous ranges: a shard is known without counting the
/// input first, and an input sorted by length or date (long records together) spreads evenly over the shards.
/// </summary>
internal sealed record ShardSpec(int Index, int Count)
{
    private const string Usage = "give I/N (0 <= I < N), auto (Slurm job array 0..N-1) or auto/N (the scheduler's index, N shards)";

    /// <summary>Whether the record at <paramref name="recordIndex"/> belongs to this shard.</summary>
    public bool Contains(int recordIndex) => recordIndex % Count == Index;

    /// <summary>The input index of this shard's <paramref name="position"/>-th record.</summary>
    public int RecordIndex(int position) => Index + (position * Count);

    /// <summary>How many of <paramref name="totalRecords"/> records fall in this shard.</summary>
    public int RecordsOf(int totalRecords) => totalRecords <= Index ? 0 : ((totalRecords - Index - 1) / Count) + 1;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>
    /// Parses <c>I/N</c>, <c>auto</c> or <c>auto/N</c>; auto reads the scheduler's variables through
    /// <paramref name="environment"/>: Slurm's SLURM_ARRAY_TASK_ID (with SLURM_ARRAY_TASK_COUNT when N is not given),
    /// or Kubernetes' JOB_COMPLETION_INDEX (an Indexed Job tells no count, so N must be given).
    /// </summary>
    public static ShardSpec Parse(string text, Func<string, string?> environment)
    {
        string[] parts = text.Split('/');
        if (parts.Length > 2 || parts[0].Length == 0)
        {
            throw new UsageException($"--shard {text}: {Usage}");
        }
        int? count = parts.Length == 2 ? ParseNumber(text, parts[1], "N") : null;
        if (count is < 1)
        {
            throw new UsageException($"--shard {text}: N must be 1 or more");
        }
        if (!parts[0].Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            int index = ParseNumber(text, parts[0], "I");
            return count is null
                ? throw new UsageException($"--shard {text}: {Usage}")
                : Checked(text, index, count.Value);
        }
        return FromScheduler(text, count, environment);
    }

    private static ShardSpec FromScheduler(string text, int? count, Func<string, string?> environment)
    {
        if (environment("SLURM_ARRAY_TASK_ID") is { } slurmIndex)
        {
            int index = ParseNumber(text, slurmIndex, "SLURM_ARRAY_TASK_ID");
            if (count is null)
            {
                // A resubmitted element (sbatch --array=2) has a task count of 1: only a whole 0..N-1 array tells N.
                string? slurmCount = environment("SLURM_ARRAY_TASK_COUNT");
                if (slurmCount is null || environment("SLURM_ARRAY_TASK_MIN") is { } min && min != "0")
                {
                    throw new UsageException($"--shard auto: the job array is not numbered 0..N-1 (SLURM_ARRAY_TASK_MIN {environment("SLURM_ARRAY_TASK_MIN") ?? "unset"}, SLURM_ARRAY_TASK_COUNT {slurmCount ?? "unset"}); submit --array=0-(N-1) or give --shard auto/N");
                }
                count = ParseNumber(text, slurmCount, "SLURM_ARRAY_TASK_COUNT");
            }
            return Checked(text + $" (SLURM_ARRAY_TASK_ID {index})", index, count.Value);
        }
        if (environment("JOB_COMPLETION_INDEX") is { } kubernetesIndex)
        {
            int index = ParseNumber(text, kubernetesIndex, "JOB_COMPLETION_INDEX");
            return count is null
                ? throw new UsageException($"--shard auto: a Kubernetes Indexed Job gives no shard count; give --shard auto/N with N = the Job's completions")
                : Checked(text + $" (JOB_COMPLETION_INDEX {index})", index, count.Value);
        }
        throw new UsageException($"--shard {text}: neither SLURM_ARRAY_TASK_ID (Slurm job array) nor JOB_COMPLETION_INDEX (Kubernetes Indexed Job) is set; give --shard I/N outside a scheduler");
    }

    private static ShardSpec Checked(string text, int index, int count) => index < count
        ? new ShardSpec(index, count)
        : throw new UsageException($"--shard {text}: shard {index} does not exist among {count} shards (0..{count - 1})");

    private static int ParseNumber(string text, string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            ? number
            : throw new UsageException($"--shard {text}: {name} '{value}' is not a whole number; {Usage}");
}
