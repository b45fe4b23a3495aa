using Maria.Runtime.Baselines;
using Maria.Runtime.Inference;
using Maria.Runtime.Infilling;
using Maria.Runtime.Packaging;
using Maria.Runtime.Scoring;
using Maria.Runtime.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Runtime;

/// <summary>
/// A loaded MARIA package: fills <c>[MASK]</c> tokens, streams the chosen tokens, and scores filled texts.
/// One instance serves concurrent callers (each call owns its KV cache); dispose it to free native memory.
/// </summary>
/// <example>
/// <code>
/// using var model = MariaModel.Load("models/maria-tiny");
/// var result = model.Infill("The [MASK] of the Union is [MASK].");
/// Console.WriteLine(result.Output);
/// </code>
/// </example>
public sealed partial class MariaModel : IDisposable
{
    private readonly InferenceSession encoderSession;
    private readonly InferenceSession decoderSession;
    private readonly CacheMemory cacheMemory;
    private readonly InfillEngine engine;
    private readonly Scorer scorer;
    private readonly SessionGate gate = new(nameof(MariaModel));
    private readonly Representations.RepresentationExtractor representations;
    private readonly int workers;
    private bool disposed;

    private MariaModel(string directory, PackageManifest manifest, HuggingFaceTokenizer tokenizer, InferenceSession encoderSession, InferenceSession decoderSession, MariaModelOptions options)
    {
        Directory = directory;
        Manifest = manifest;
        workers = options.Workers;
        Tokenizer = tokenizer;
        this.encoderSession = encoderSession;
        this.decoderSession = decoderSession;
        var encoder = new EncoderSession(encoderSession, manifest.Encoder, manifest.Vocabulary.SharedSize, manifest.Vocabulary.PadId, Path.Combine(directory, manifest.Encoder.File)) { Gate = gate };
        cacheMemory = CacheMemory.For(decoderSession, options);
        var decoder = new DecoderSession(decoderSession, manifest.Decoder, manifest.Vocabulary.SharedSize, manifest.Encoder.HiddenSize,
            Path.Combine(directory, manifest.Decoder.File), options.BatchInvariant, cacheMemory) { Gate = gate, LoneRows = options.LoneRows };
        engine = new InfillEngine(manifest, tokenizer, encoder, decoder, options.Workers);
        scorer = new Scorer(manifest, encoder, decoder);
        Baselines = new MariaBaselines(manifest, engine, encoder, decoder, scorer);
        representations = new Representations.RepresentationExtractor(manifest, encoder, decoder);
    }

    /// <summary>The package directory this model was loaded from (the folder that holds maria.json), as given to <see cref="Load"/>.</summary>
    public string Directory { get; }

    /// <summary>
    /// The package manifest (maria.json): graph files and hashes, context lengths, hidden sizes, vocabulary ids, the
    /// head and where the weights came from. The sessions are bound by its names and sizes, never by guesses.
    /// </summary>
    public PackageManifest Manifest { get; }

    /// <summary>
    /// The package tokenizer (the masked LM's tokenizer.json): ids 0 .. <see cref="Packaging.VocabularyManifest.SharedSize"/> - 1
    /// mean the same to both models; use <see cref="HuggingFaceTokenizer.CreateIncrementalDecoder"/> to decode a stream of ids.
    /// </summary>
    public HuggingFaceTokenizer Tokenizer { get; }

    /// <summary>
    /// MARIA and its comparison decoders (no KV cache, MLM left to right, plain autoregressive) on exact token arrays,
    /// for benchmarks and evaluations that must feed every method the same tokens.
    /// </summary>
    internal MariaBaselines Baselines { get; }

    /// <summary>The exact scorer (tests compare greedy choices with its teacher-forced logits).</summary>
    internal Scorer ScorerForTests => scorer;

    /// <summary>
    /// Releases the ONNX Runtime sessions. Safe while other threads are using the model: waits for the graph runs in
    /// flight to return (at most one decoder step each); their calls then fail with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        disposed = true;
        if (!gate.Close())
        {
            return;
        }
        encoderSession.Dispose();
        cacheMemory.Dispose();
        decoderSession.Dispose();
    }
}
