using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Export.Packaging;

namespace Maria.Runtime.Tests.Engine;

/// <summary>
/// Builds, once for the test collection (<see cref="TinyPackageCollection"/>), a MARIA package from tiny random-weight checkpoints of the real architectures
/// (ModernBERT + OLMo, written as Hugging Face folders with the repository's tiny tokenizers) through the real
/// exporter. Weights are drawn large enough that distributions are peaked, so greedy choices are well separated.
/// </summary>
public sealed class TinyPackageFixture : IDisposable
{
    public const int ContextLength = 64;

    private readonly TemporaryFolder _folder = new();
    private readonly Lazy<MariaModel> _model;

    public TinyPackageFixture()
    {
        Root = _folder.Path;
        string repo = RepositoryFiles.Root;
        string mlm = Path.Combine(Root, "mlm");
        string ar = Path.Combine(Root, "ar");
        WriteModernBert(mlm, Path.Combine(repo, "models", "modernbert-tiny", "tokenizer.json"));
        WriteOlmo(ar, Path.Combine(repo, "models", "olmo-tiny", "tokenizer.json"));
        PackageDirectory = Path.Combine(Root, "package");
        PackageExporter.Export(new PackageExportOptions(mlm, ar, PackageDirectory) { ContextLength = ContextLength });
        _model = new Lazy<MariaModel>(() => MariaModel.Load(PackageDirectory));
    }

    /// <summary>The package loaded with default options, once; tests that load with other options or dispose load their own.</summary>
    public MariaModel Model => _model.Value;

    public string Root { get; }

    public string PackageDirectory { get; }

    public void Dispose()
    {
        if (_model.IsValueCreated)
        {
            _model.Value.Dispose();
        }
        _folder.Dispose();
    }

    private static void WriteModernBert(string directory, string tokenizer)
    {
        var config = ModernBertConfig.Base() with
        {
            VocabSize = 4160, HiddenSize = 32, IntermediateSize = 48, NumHiddenLayers = 4, NumAttentionHeads = 2,
            MaxPositionEmbeddings = 128, LocalAttention = 16, PadTokenId = 4099, ClsTokenId = 4097, SepTokenId = 4098,
            BosTokenId = 4097, EosTokenId = 4098, MaskTokenId = 4100,
        };
        Write(directory, config, tokenizer, seed: 11);
    }

    private static void WriteOlmo(string directory, string tokenizer)
    {
        var config = OlmoConfig.Olmo1B() with
        {
            VocabSize = 4096, HiddenSize = 32, IntermediateSize = 64, NumHiddenLayers = 2, NumAttentionHeads = 2,
            NumKeyValueHeads = 2, MaxPositionEmbeddings = 128, EosTokenId = 4095, PadTokenId = 4094,
        };
        Write(directory, config, tokenizer, seed: 12);
    }

    // Weights ~ N(0, 0.35²), norm scales 1 + N(0, 0.1²): large enough that the fills depend on the text.
    private static void Write(string directory, ModelConfig config, string tokenizer, int seed) =>
        TinyCheckpoint.Write(directory, config, TensorFill.GaussianStream(seed, 0.35f, 0.1f), tokenizerJson: File.ReadAllText(tokenizer));
}
