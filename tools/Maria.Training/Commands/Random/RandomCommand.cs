using CommandLine;
using Maria.Export.Checkpoints;
using Maria.Runtime;
using Maria.Tools.Common;
using Maria.Training.Models.HuggingFace;

// Not "…Commands.Random": a namespace named Random would hide System.Random in every sibling command's namespace.
namespace Maria.Training.Commands.RandomWeights;

/// <summary>
/// <c>maria-train random</c>: writes a Hugging Face checkpoint folder (config.json, safetensors, optional
/// tokenizer.json) of ModernBERT, OLMo v1 or Llama with random weights, deterministic from the seed. Tensors are
/// generated one at a time while they are written, so even the public OLMo-7B shape needs one tensor of memory.
/// </summary>
[Verb("random", HelpText = "Write a Hugging Face checkpoint folder with seeded random weights (any config, including the public ones).")]
internal sealed class RandomCommand : ICommand
{
    [Option("arch", HelpText = "modernbert, olmo or llama (implied by --preset).")]
    public string? Architecture { get; init; }

    [Option("preset", HelpText = "Start from a public config: modernbert-base, modernbert-large, olmo-1b, olmo-7b.")]
    public string? Preset { get; init; }

    [Option("hidden", HelpText = "hidden_size.")]
    public int? Hidden { get; init; }

    [Option("layers", HelpText = "num_hidden_layers.")]
    public int? Layers { get; init; }

    [Option("heads", HelpText = "num_attention_heads.")]
    public int? Heads { get; init; }

    [Option("kv-heads", HelpText = "num_key_value_heads (olmo, llama; defaults to --heads).")]
    public int? KeyValueHeads { get; init; }

    [Option("intermediate", HelpText = "intermediate_size.")]
    public int? Intermediate { get; init; }

    [Option("vocab", HelpText = "vocab_size (embedding rows). Special ids that do not fit move to the top rows.")]
    public int? Vocab { get; init; }

    [Option("clip-qkv", HelpText = "OLMo clip_qkv.")]
    public double? ClipQkv { get; init; }

    [Option("untied", HelpText = "Separate lm_head.weight (olmo, llama).")]
    public bool Untied { get; init; }

    [Option("tied", HelpText = "lm_head tied to the embeddings (olmo, llama).")]
    public bool Tied { get; init; }

    [Option("rope-theta", HelpText = "rope_theta (olmo, llama).")]
    public double? RopeTheta { get; init; }

    [Option("local-attention", HelpText = "ModernBERT local_attention (total window).")]
    public int? LocalAttention { get; init; }

    [Option("global-every", HelpText = "ModernBERT global_attn_every_n_layers.")]
    public int? GlobalEvery { get; init; }

    [Option("max-positions", HelpText = "max_position_embeddings.")]
    public int? MaxPositions { get; init; }

    [Option("seed", Required = true, HelpText = "Seed; the same seed and config give the same bytes.")]
    public ulong Seed { get; init; }

    [Option("output", Required = true, HelpText = "Folder to write (created if missing).")]
    public string Output { get; init; } = "";

    [Option("max-shard-size", Default = "5GB", HelpText = "Shard the weights Hub-style above this size (5GB = 5e9 bytes, 2GiB = 2^31).")]
    public string MaxShardSize { get; init; } = "5GB";

    [Option("dtype", Default = "f32", HelpText = "Stored element type: f32, f16 or bf16.")]
    public string DType { get; init; } = "f32";

    [Option("tokenizer", HelpText = "A tokenizer.json to copy into the folder.")]
    public string? Tokenizer { get; init; }

    public int Execute(CommandContext context)
    {
        var config = RandomConfigBuilder.Build(this);
        long maxShardBytes = ByteSize.Parse(MaxShardSize, "max-shard-size");
        var storeAs = DType.ToLowerInvariant() switch
        {
            "f32" or "float32" => SafetensorsDType.F32,
            "f16" or "float16" => SafetensorsDType.F16,
            "bf16" or "bfloat16" => SafetensorsDType.BF16,
            _ => throw new UsageException($"--dtype '{DType}' is not supported; use f32, f16 or bf16"),
        };
        var layout = HuggingFaceTensorLayout.For(config);
        long parameters = layout.Sum(t => t.ElementCount);
        context.Error.WriteLine($"writing {config.Architecture}: {layout.Count} tensors, {parameters:N0} parameters as {storeAs} to {Output}");
        int written = 0;
        RandomCheckpointWriter.Write(config, Output, Seed, storeAs, maxShardBytes, Tokenizer, spec =>
        {
            context.Cancellation.ThrowIfCancellationRequested();
            written++;
            context.Error.WriteLine($"  [{written}/{layout.Count}] {spec.Name} [{string.Join(", ", spec.Shape)}]");
        });
        context.Out.WriteLine(Path.GetFullPath(Output));
        return ExitCodes.Success;
    }
}
