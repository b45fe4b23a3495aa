using Maria.Export.Architectures;
using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Head;
using Maria.Export.Tests.Onnx;
using Maria.Runtime.Packaging;

namespace Maria.Export.Tests.Architectures.Causal;

/// <summary>A tiny AR checkpoint, a tiny MLM output layer, and the decoder exported from them with a chosen head.</summary>
internal sealed class DecoderExports : IDisposable
{
    public const int SharedVocabulary = 44;

    private readonly TemporaryFolder _directory = new();

    public DecoderExports(CausalLmConfig config, int seed = 1, SafetensorsDType storeAs = SafetensorsDType.F32, bool roundToHalf = false)
    {
        Config = config;
        ArWeights = TinyCheckpoints.WriteCausal(ArDirectory, config, seed, storeAs: storeAs, roundToHalf: roundToHalf);
        MlmConfig = TinyCheckpoints.ModernBert();
        (MlmEmbedding, MlmBias) = TinyCheckpoints.WriteMaskedOutputs(MlmDirectory, MlmConfig, seed + 50);
    }

    public CausalLmConfig Config { get; }

    public ModernBertConfig MlmConfig { get; }

    public Dictionary<string, float[]> ArWeights { get; }

    public float[] MlmEmbedding { get; }

    public float[] MlmBias { get; }

    public string ArDirectory => _directory.File("ar");

    public string MlmDirectory => _directory.File("mlm");

    public string File(string name) => _directory.File(name);

    /// <summary>W1 rows: lm_head.weight, or the embedding when tied.</summary>
    public float[] OutputMatrix => ArWeights[Config.TieWordEmbeddings ? "model.embed_tokens.weight" : "lm_head.weight"];

    /// <summary>Exports with the product-of-experts head built from the two checkpoints.</summary>
    public (DecoderManifest Manifest, string Path) ExportProduct(int contextLength = 24, WeightStorage storage = WeightStorage.Float32, string name = "decoder.onnx")
    {
        using var ar = HuggingFaceCheckpoint.Open(ArDirectory);
        using var mlm = HuggingFaceCheckpoint.Open(MlmDirectory);
        using var head = MariaHead.ProductOfExperts(ar, mlm, SharedVocabulary);
        return Export(ar, head, contextLength, storage, name);
    }

    /// <summary>Exports with <paramref name="head"/>.</summary>
    public (DecoderManifest Manifest, string Path) ExportWith(MariaHead head, int contextLength = 24, string name = "decoder.onnx")
    {
        using var ar = HuggingFaceCheckpoint.Open(ArDirectory);
        return Export(ar, head, contextLength, WeightStorage.Float32, name);
    }

    private (DecoderManifest, string) Export(HuggingFaceCheckpoint ar, MariaHead head, int contextLength, WeightStorage storage, string name)
    {
        string path = _directory.File(name);
        var builder = ArchitectureRegistry.Decoder(ar.Config.Architecture, ar.Directory);
        var manifest = builder.Build(new DecoderBuildRequest(ar, head, SharedVocabulary, contextLength, storage, path));
        return (manifest, path);
    }

    public void Dispose() => _directory.Dispose();
}
