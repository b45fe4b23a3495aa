using System.Diagnostics;
using CommandLine;
using Maria.Cli.Commands.Infill;
using Maria.Cli.Inputs;
using Maria.Cli.Models;
using Maria.Runtime;
using Maria.Runtime.Representations;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Embed;

/// <summary><c>maria embed</c>: per-token (or mean-pooled) representations u, v or [v ; u] of JSONL records.</summary>
[Verb("embed", HelpText = "Write per-token representations of JSON-lines texts: the MLM's u, the causal model's v or MARIA's [v ; u] (safetensors, one tensor per record; or JSON lines of mean-pooled vectors). Texts with [MASK]s: the causal model reads MARIA's greedy fills.")]
internal sealed class EmbedCommand : ICommand
{
    [Option("model", HelpText = "Package directory (with maria.json). Default: the embedded models/maria-tiny.")]
    public string? Model { get; set; }

    [Option("input", Required = true, HelpText = "JSON lines {\"id\",\"text\"} (records without an id are named line-N).")]
    public string Input { get; set; } = "";

    [Option("output", Required = true, HelpText = "FILE.safetensors (tensor <id> [tokens, width] F32 and <id>.token_ids [tokens] I32 per record; [width] with --pool mean) or FILE.jsonl ({\"id\",\"tokens\",\"vector\"}, needs --pool mean).")]
    public string Output { get; set; } = "";

    [Option("kind", Default = EmbedKind.Maria, HelpText = "maria = [v ; u] (d_ar + d_mlm), mlm = u, ar = v.")]
    public EmbedKind Kind { get; set; } = EmbedKind.Maria;

    [Option("alignment", Default = "head-input", HelpText = "Which causal state stands for token i: head-input = v_{i-1}, what the MARIA head reads at i; after-token = v_i, the state after reading token i.")]
    public string Alignment { get; set; } = "head-input";

    [Option("pool", Default = EmbedPool.None, HelpText = "none = one row per token; mean = the mean of the rows, one vector per record.")]
    public EmbedPool Pool { get; set; } = EmbedPool.None;

    [Option("batch-size", Default = 8, HelpText = "Records per encoder and decoder call.")]
    public int BatchSize { get; set; } = 8;

    [Option("threads", Default = 0, HelpText = "ONNX Runtime threads per call (0 = one per core).")]
    public int Threads { get; set; }

    public int Execute(CommandContext context)
    {
        if (BatchSize < 1)
        {
            throw new MariaInputException($"--batch-size {BatchSize}: give 1 or more records per call");
        }
        var alignment = Alignment switch
        {
            "head-input" => ArAlignment.HeadInput,
            "after-token" => ArAlignment.AfterToken,
            _ => throw new MariaInputException($"--alignment {Alignment}: choose head-input (v_(i-1), what the head reads) or after-token (v_i)"),
        };
        var writer = EmbeddingWriter.Open(Output, Pool, Kind, alignment);
        var records = JsonTextLines.ReadRecords(Input, "--input").ToList();
        if (records.Count == 0)
        {
            throw new MariaInputException($"--input {Input}: no records (the file is empty)");
        }
        using var model = MariaModel.Load(DefaultModelLocator.Resolve(Model), new MariaModelOptions(IntraOpThreads: Threads));
        var kind = Kind switch { EmbedKind.Mlm => RepresentationKind.MaskedLanguageModel, EmbedKind.Ar => RepresentationKind.Autoregressive, _ => RepresentationKind.Maria };
        var progress = new BatchProgress(context.Error, records.Count, enabled: true);
        var clock = Stopwatch.StartNew();
        int done = 0, failures = 0;
        foreach (var batch in records.Chunk(BatchSize))
        {
            foreach (var (record, representations, error) in Represent(model, batch, context.Cancellation))
            {
                string id = record.Id ?? $"line-{record.Line}";
                if (error is not null)
                {
                    context.Error.WriteLine($"error: record {id} (line {record.Line}): {error.Message}");
                    writer.WriteError(id, error.Message);
                    failures++;
                    continue;
                }
                var rows = representations!.Matrix(kind, alignment);
                writer.Write(id, representations.TokenIds, Pool == EmbedPool.Mean ? representations.Mean(kind, alignment) : rows, representations.Width(kind));
            }
            done += batch.Length;
            progress.Advance(done, clock.Elapsed);
        }
        writer.Complete(model.Directory);
        progress.Finish(clock.Elapsed, failures);
        return failures == 0 ? ExitCodes.Success : ExitCodes.BadInput;
    }

    /// <summary>A batch in one call; when a record is refused, each record alone so that the others complete.</summary>
    private static IEnumerable<(JsonTextRecord Record, TokenRepresentations? Representations, MariaInputException? Error)> Represent(
        MariaModel model, JsonTextRecord[] batch, CancellationToken cancellation)
    {
        TokenRepresentations[]? together = null;
        try
        {
            together = model.Represent(batch.Select(r => r.Text).ToList(), batch.Length, cancellation);
        }
        catch (MariaInputException) when (batch.Length > 1)
        {
            // Fall through to one record at a time below.
        }
        catch (MariaInputException e)
        {
            return [(batch[0], null, e)];
        }
        if (together is not null)
        {
            return batch.Select((r, i) => (r, (TokenRepresentations?)together[i], (MariaInputException?)null)).ToList();
        }
        var alone = new List<(JsonTextRecord, TokenRepresentations?, MariaInputException?)>();
        foreach (var record in batch)
        {
            try
            {
                alone.Add((record, model.Represent(record.Text, cancellation), null));
            }
            catch (MariaInputException e)
            {
                alone.Add((record, null, e));
            }
        }
        return alone;
    }
}

/// <summary>The <c>--kind</c> values.</summary>
internal enum EmbedKind
{
    Maria,
    Mlm,
    Ar,
}

/// <summary>The <c>--pool</c> values.</summary>
internal enum EmbedPool
{
    None,
    Mean,
}
