using System.Globalization;
using Maria.Cli.Commands.Infill.Sharding;
using Maria.Export.Files;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Infill;

/// <summary>
/// <c>--resume</c> of a job whose run already completed (no .partial file; the output holds one line per record): the
/// output is kept, one line says so, and the exit code is the one the completed run had, without filling anything
/// again. An output with another number of records is not this job's: the run starts over, and says why.
/// </summary>
internal static class FinishedOutput
{
    /// <summary>The exit code when <paramref name="output"/> is this job's complete output; null when the job must run.</summary>
    public static int? ExitCodeIfComplete(string output, IReadOnlyList<InfillRecord> records, ShardedInfill? shard, bool json, TextWriter log)
    {
        if (File.Exists(PartialFile.PathOf(output)) || !File.Exists(output))
        {
            return null;
        }
        ShardedInfill.CheckSameJob(shard, output);
        int headerLines = shard is null ? 0 : 1;
        int written = WrittenRecords.CountLines(output) - headerLines;
        if (written != records.Count)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"no {PartialFile.PathOf(output)} to resume, and {output} holds {written} records where this job has {records.Count}: starting over"));
            return null;
        }
        int failures = WrittenRecords.Failures(output, records, written, json, shard is not null);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{output} is already complete ({written} records, {failures} failed); nothing to resume"));
        return failures == 0 ? ExitCodes.Success : ExitCodes.BadInput;
    }
}
