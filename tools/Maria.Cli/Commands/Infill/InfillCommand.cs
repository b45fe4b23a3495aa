using System.Diagnostics;
using CommandLine;
using Maria.Cli.Commands.Infill.Sharding;
using Maria.Cli.Models;
using Maria.Runtime;
using Maria.Runtime.Blanks;
using Maria.Runtime.Infilling;
using Maria.Runtime.Sampling;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Infill;

/// <summary><c>maria infill</c>: fills every [MASK] of texts given as arguments or in a file (plain lines or JSONL).</summary>
[Verb("infill", HelpText = "Fill every [MASK] token of each text with MARIA (one [MASK] = one token), every [WORD] with one whole word and every [BLANK] with a phrase of 1 to --max-blank-tokens tokens. Texts come from the arguments or from --input (plain lines or JSON lines {\"id\",\"text\",...}).")]
internal sealed class InfillCommand : ICommand
{
    [Value(0, MetaName = "TEXT", HelpText = "Texts to fill (each argument is one text). Omit when using --input.")]
    public IEnumerable<string> Texts { get; set; } = [];

    [Option("model", HelpText = "Package directory (with maria.json). Default: the embedded models/maria-tiny.")]
    public string? Model { get; set; }

    [Option("input", HelpText = "File of texts, or - for standard input: plain lines, or JSON lines {\"id\",\"text\",...} (extra fields are passed through).")]
    public string? Input { get; set; }

    [Option("output", HelpText = "Output file (written under a temporary name and renamed when complete), or - for standard output (default).")]
    public string? Output { get; set; }

    [Option("resume", HelpText = "Continue an interrupted --output run from its .partial file instead of starting over.")]
    public bool Resume { get; set; }

    [Option("json", HelpText = "One JSON object per text: id, input, output, filled tokens with probabilities, timing.")]
    public bool Json { get; set; }

    [Option("temperature", Default = 0f, HelpText = "0 = greedy (default); higher values sample more freely.")]
    public float Temperature { get; set; }

    [Option("top-k", Default = 0, HelpText = "Sample only among the K most likely tokens (0 = all).")]
    public int TopK { get; set; }

    [Option("top-p", Default = 1f, HelpText = "Nucleus sampling: smallest set of tokens reaching probability P (1 = all).")]
    public float TopP { get; set; }

    [Option("seed", Default = 0UL, HelpText = "Seed of the sampler: the same seed gives the same output.")]
    public ulong Seed { get; set; }

    [Option("threads", Default = 0, HelpText = "ONNX Runtime threads per call (0 = one per core).")]
    public int Threads { get; set; }

    [Option("batch-size", Default = MariaModel.DefaultBatchSize, HelpText = "Texts decoded together (continuous batching: a finished text's slot goes to the next one). Output order, --resume and per-record errors do not depend on it.")]
    public int BatchSize { get; set; } = MariaModel.DefaultBatchSize;

    [Option("workers", Default = 0, HelpText = "Batches decoded side by side, each on a thread of its own (sharing the model, the cores split among them). 0 chooses: one per core (at most 8) for a decoder of at most 64 MiB on the CPU without --threads (maria-tiny: a graph run of a few tokens is slower on two threads than on one, and two workers fill the 1,000-record job 1.34x faster than one worker on two threads), else 1 (a large model gains less: 1.16x at 7B int4, and each worker holds its own batch's KV cache). The output does not depend on it.")]
    public int Workers { get; set; }

    [Option("ort-profile", HelpText = "Folder for ONNX Runtime's per-operator profile of this run (encoder_DATE.json, decoder_DATE.json, Chrome trace format; tools/bench/ort-profile.mjs sums them per operator). Recording slows every call.")]
    public string? OrtProfile { get; set; }

    // A batch job's output must not depend on --batch-size (nor on a --resume with another one), so the CLI pads every
    // decoder call to 16 token rows by default (MariaModelOptions.BatchInvariant; without it int8/int4 packages change
    // rare near-tied tokens and fp32 ones the last bits of probabilities); at the default batch size the rows are mostly
    // there anyway, at --batch-size 1 it costs about half the speed on maria-tiny and 6x per decode step on the 7B int4
    // package (docs/BENCHMARKS.md).
    [Option("fast-batching", HelpText = "Skip the padding that makes the output bit-identical whatever --batch-size, down to single token rows (faster at small batch sizes: 1.9x on maria-tiny at --batch-size 1, 4.3-4.8x per decode step of a 7B int4 package; an int8/int4 package may then change a near-tied greedy choice between batch sizes, an fp32 one the last bits of probabilities).")]
    public bool FastBatching { get; set; }

    [Option("max-blank-tokens", Default = BlankOptions.DefaultMaxTokens, HelpText = "Longest fill of a [WORD] or [BLANK] blank, in tokens: every length from 1 to this is tried and the best by exact likelihood kept (docs/BLANKS.md).")]
    public int MaxBlankTokens { get; set; } = BlankOptions.DefaultMaxTokens;

    [Option("blank-beam", Default = 2, HelpText = "Partial fillings kept after each blank, left to right (1 = greedy over blanks).")]
    public int BlankBeam { get; set; } = 2;

    [Option("blank-first-tokens", Default = 1, HelpText = "Candidates per blank length: the K best first tokens of MARIA's fill, each continued greedily (K times the proposal cost; docs/BENCHMARKS.md).")]
    public int BlankFirstTokens { get; set; } = 1;

    [Option("shard", HelpText = "Fill only shard I of N: the records whose 0-based index is I modulo N (I/N), or the scheduler's index (auto: a Slurm job array 0..N-1; auto/N: Slurm's or a Kubernetes Indexed Job's index). The output starts with a shard header and numbers its records; maria merge joins the shards.")]
    public string? Shard { get; set; }

    [Option("device", Default = ExecutionDevice.Cpu, HelpText = "cpu or cuda (needs the CUDA build, -p:OnnxRuntimeFlavor=Cuda, and CUDA 13 + cuDNN 9; 'maria doctor' says what is missing).")]
    public ExecutionDevice Device { get; set; }

    public int Execute(CommandContext context)
    {
        // The runtime's one validation path: a MariaInputException whose message starts with the option's name.
        var sampling = new SamplingOptions(Temperature, TopK, TopP, Seed);
        sampling.Validate();
        var blanks = new BlankOptions(MaxBlankTokens, BlankBeam, FirstTokenAlternatives: BlankFirstTokens);
        blanks.Validate();
        if (BatchSize < 1)
        {
            throw new UsageException($"--batch-size {BatchSize}: give 1 or more texts to decode together");
        }
        WorkerCount.Check(Workers);
        bool hasTexts = Texts.Any();
        if (hasTexts == (Input is not null))
        {
            throw new UsageException("give the texts either as arguments or with --input FILE (or --input - for standard input), not both or neither");
        }
        if (Resume && (Output is null or "-"))
        {
            throw new UsageException("--resume needs --output FILE");
        }
        var records = hasTexts
            ? Texts.Select((t, i) => InfillRecord.FromPlain(i + 1, t)).ToList()
            : InputReader.Read(Input!, context.In);
        if (records.Count == 0)
        {
            throw new UsageException($"{Input}: no texts to fill (the input is empty)");
        }

        string modelDirectory = DefaultModelLocator.Resolve(Model);
        var shard = Shard is null ? null : ShardedInfill.Prepare(ShardSpec.Parse(Shard, Environment.GetEnvironmentVariable), this, records, modelDirectory);
        records = shard?.Records ?? records;
        if (Resume)
        {
            if (FinishedOutput.ExitCodeIfComplete(Output!, records, shard, Json, context.Error) is { } finished)
            {
                return finished;
            }
            ShardedInfill.CheckResumable(shard, Output!);
        }
        int workers = WorkerCount.Resolve(Workers, Threads, Device, modelDirectory);
        using var model = MariaModel.Load(modelDirectory, new MariaModelOptions(Device: Device, IntraOpThreads: Threads, BatchInvariant: !FastBatching) { ProfileDirectory = OrtProfile, Workers = workers, LoneRows = FastBatching });
        var options = new InfillOptions(sampling) { Blanks = blanks };

        using var sink = OutputSink.Open(Output, context.Out, Resume);
        int written = 0;
        try
        {
            var (target, completed) = shard?.Begin(sink, context.Error) ?? (sink.Writer, sink.CompletedRecords);
            written = completed;
            int earlierFailures = completed == 0 ? 0 : WrittenRecords.Failures(sink.PartialPath!, records, completed, Json, shard is not null);
            var writer = new InfillOutputWriter(target, Json);
            var progress = new BatchProgress(context.Error, records.Count, enabled: Input is not null);
            var clock = Stopwatch.StartNew();
            var ordered = new OrderedRecordWriter(records, completed, (record, result, error) =>
            {
                if (result is not null)
                {
                    foreach (string warning in result.Warnings)
                    {
                        context.Error.WriteLine($"warning: record {record.Id}: {warning}");
                    }
                    writer.WriteResult(record, result);
                }
                else
                {
                    context.Error.WriteLine($"error: record {record.Id}: {error}");
                    writer.WriteError(record, error!);
                }
                sink.Writer.Flush();
            }, next =>
            {
                written = next;
                progress.Advance(next, clock.Elapsed);
            });
            ordered.Run(model, options, BatchSize, context.Cancellation);
            sink.Complete();
            // A resumed run also fails for the records that failed before the interruption (an unusable line, or one the
            // model refused: read back from the .partial file above), so its exit code is that of one uninterrupted run.
            int failures = ordered.Failures + earlierFailures;
            progress.Finish(clock.Elapsed, failures);
            return failures == 0 ? ExitCodes.Success : ExitCodes.BadInput;
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            // A full disk or a folder gone read-only: one line, exit 1, the .partial file resumable (OutputSink).
            throw sink.WriteFailed(e, written);
        }
    }
}
