using CommandLine;
using Maria.Cli.Commands.Infill;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Merge;

/// <summary><c>maria merge</c>: joins the outputs of <c>maria infill --shard I/N</c> into the file one process would have written.</summary>
[Verb("merge", HelpText = "Join the outputs of maria infill --shard I/N into one file in input order, byte for byte what one unsharded run writes. Refuses missing, repeated or mismatched shards, naming the record indices.")]
internal sealed class MergeCommand : ICommand
{
    [Option("input", Required = true, Min = 1, HelpText = "The shard outputs: files, or a quoted pattern such as 'out.*.jsonl' (* and ? in the file name).")]
    public IEnumerable<string> Inputs { get; set; } = [];

    [Option("output", Default = "-", HelpText = "Merged file (written under a temporary name and renamed when complete), or - for standard output.")]
    public string Output { get; set; } = "-";

    public int Execute(CommandContext context)
    {
        var shards = ShardSet.Open(ShardFiles.Expand(Inputs));
        // Check every line before writing any, so a refused merge leaves no output behind.
        int records = shards.Records().Count();
        using var sink = OutputSink.Open(Output, context.Out, resume: false);
        foreach (string record in shards.Records())
        {
            sink.Writer.Write(record);
            sink.Writer.Write('\n');
        }
        sink.Complete();
        context.Error.WriteLine($"merged {records} records from {shards.Job.Shard.Count} shards");
        return ExitCodes.Success;
    }
}
