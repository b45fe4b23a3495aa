using CommandLine;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Packaging;
using Maria.Runtime;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Export;

/// <summary>
/// <c>maria export --mlm DIR --ar DIR [--head FILE | --head-from PACKAGE] [--save-head FILE] --output DIR [--weights fp32|fp16|int8|int4 [--block-size 32|64|128] [--zero-points]] [--context N] [--force]</c>:
/// writes a MARIA package (encoder.onnx, decoder.onnx, tokenizer.json, maria.json) from two Hugging Face checkpoint
/// folders, with a head from a file, from another package's decoder, or the product of experts. Progress goes to
/// stderr; the package appears under --output only when it is complete.
/// </summary>
[Verb("export", HelpText = "Export a masked LM and a causal LM checkpoint folder (plus an optional trained head) as a MARIA package.")]
internal sealed class ExportCommand : ICommand
{
    [Option("mlm", Required = true, HelpText = "Masked LM checkpoint folder (config.json, model.safetensors, tokenizer.json), e.g. ModernBERT.")]
    public string MaskedModel { get; set; } = "";

    [Option("ar", Required = true, HelpText = "Causal LM checkpoint folder (config.json, safetensors, tokenizer.json), e.g. OLMo-1B-hf.")]
    public string CausalModel { get; set; } = "";

    [Option("head", HelpText = "Trained MARIA head (.safetensors from maria-train); default: the product-of-experts head.")]
    public string? Head { get; set; }

    [Option("head-from", HelpText = "Package folder whose decoder holds the head to use (recovered as stored: int8 blocks are copied unchanged, int4 blocks dequantised); for re-exporting a package whose head file is gone. Excludes --head.")]
    public string? HeadFrom { get; set; }

    [Option("save-head", HelpText = "Also write the package's head as a .safetensors head file (F32 weight and bias, training facts as metadata) that --head accepts.")]
    public string? SaveHead { get; set; }

    [Option("output", Required = true, HelpText = "Package folder to create.")]
    public string Output { get; set; } = "";

    [Option("weights", Default = "fp32", HelpText = "Weight storage: fp32, fp16 (cast to fp32 at load), int8 (linear layers as MatMulNBits, 8-bit blockwise, int8 compute; embeddings fp16) or int4 (MatMulNBits 4-bit, see --block-size and --zero-points).")]
    public string Weights { get; set; } = "fp32";

    [Option("block-size", HelpText = "int4 only: weights per quantisation block along each layer's input dimension, 32, 64 or 128 (default 32; 64 for a model whose layer widths 128 does not divide, such as ModernBERT-large's 2,624, when the package must be smaller); it must divide every layer's input dimension.")]
    public int? BlockSize { get; set; }

    [Option("zero-points", HelpText = "int4 only: asymmetric blocks with a 4-bit zero point each (default: symmetric, no zero-point tensor).")]
    public bool ZeroPoints { get; set; }

    [Option("context", HelpText = "Longest causal stream ([BOS] included); default: the longest both models support. The encoder gets one more (for [CLS]/[SEP]).")]
    public int? Context { get; set; }

    [Option("force", HelpText = "Replace --output if it already holds files.")]
    public bool Force { get; set; }

    public int Execute(CommandContext context)
    {
        var options = new PackageExportOptions(MaskedModel, CausalModel, Output)
        {
            HeadPath = Head,
            HeadPackage = HeadFrom,
            SaveHeadPath = SaveHead,
            Weights = ParseWeights(Weights, BlockSize, ZeroPoints),
            ContextLength = Context,
            Overwrite = Force,
        };
        var manifest = PackageExporter.Export(options, new LineProgress(context.Error), context.Cancellation);
        long bytes = manifest.Files.Values.Sum(file => file.Size);
        context.Error.WriteLine($"done: {Output} ({manifest.Files.Count + 1} files, {bytes / 1e6:0.##} MB, head {manifest.Head.Kind}); check it with 'maria verify --model {Output}'");
        return ExitCodes.Success;
    }

    /// <summary>The default int4 block size (docs/BENCHMARKS.md, "int4 weights": the accuracy table it was chosen by).</summary>
    internal const int DefaultInt4BlockSize = 32;

    private static WeightStorage ParseWeights(string weights, int? blockSize, bool zeroPoints)
    {
        string name = weights.ToLowerInvariant();
        if (name != "int4" && (blockSize is not null || zeroPoints))
        {
            throw new UsageException($"--block-size and --zero-points apply to --weights int4 only, not '{weights}'; drop them or pass --weights int4");
        }

        return name switch
        {
            "fp32" => WeightStorage.Float32,
            "fp16" => WeightStorage.Float16,
            "int8" => WeightStorage.Int8,
            "int4" when blockSize is null or 32 or 64 or 128 => WeightStorageExtensions.Int4(blockSize ?? DefaultInt4BlockSize, zeroPoints),
            "int4" => throw new UsageException($"--block-size {blockSize} is not supported for int4; use 32, 64 or 128"),
            _ => throw new UsageException($"--weights '{weights}' is not a weight storage; use fp32, fp16, int8 or int4"),
        };
    }
}
