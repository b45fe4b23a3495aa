using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Maria.Runtime.Baselines;
using Maria.Runtime.Inference;
using Maria.Runtime.Infilling;
using Maria.Runtime.Masking;
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
    private bool disposed;

    private MariaModel(string directory, PackageManifest manifest, HuggingFaceTokenizer tokenizer, InferenceSession encoderSession, InferenceSession decoderSession, MariaModelOptions options)
    {
        Directory = directory;
        Manifest = manifest;
        Tokenizer = tokenizer;
        this.encoderSession = encoderSession;
        this.decoderSession = decoderSession;
        var encoder = new EncoderSession(encoderSession, manifest.Encoder, manifest.Vocabulary.SharedSize, manifest.Vocabulary.PadId, Path.Combine(directory, manifest.Encoder.File)) { Gate = gate };
        cacheMemory = CacheMemory.For(decoderSession, options);
        var decoder = new DecoderSession(decoderSession, manifest.Decoder, manifest.Vocabulary.SharedSize, manifest.Encoder.HiddenSize,
            Path.Combine(directory, manifest.Decoder.File), options.BatchInvariant, cacheMemory) { Gate = gate };
        engine = new InfillEngine(manifest, tokenizer, encoder, decoder);
        scorer = new Scorer(manifest, encoder, decoder);
        Baselines = new MariaBaselines(manifest, engine, encoder, decoder, scorer);
        representations = new Representations.RepresentationExtractor(manifest, encoder, decoder);
    }

    /// <summary>The package directory.</summary>
    public string Directory { get; }

    /// <summary>The package manifest.</summary>
    public PackageManifest Manifest { get; }

    /// <summary>The package tokenizer (the masked LM's; shared ids mean the same to both models).</summary>
    public HuggingFaceTokenizer Tokenizer { get; }

    /// <summary>
    /// MARIA and its comparison decoders (no KV cache, MLM left to right, plain autoregressive) on exact token arrays,
    /// for benchmarks and evaluations that must feed every method the same tokens.
    /// </summary>
    public MariaBaselines Baselines { get; }

    /// <summary>The exact scorer (tests compare greedy choices with its teacher-forced logits).</summary>
    internal Scorer ScorerForTests => scorer;

    /// <summary>True when this process's ONNX Runtime can run on an NVIDIA GPU (a probe graph ran on CUDA).</summary>
    public static bool CudaAvailable => SessionFactory.CudaAvailable();

    /// <summary>
    /// Tries <paramref name="device"/> for real (a tiny graph on its execution provider, run once) and says whether it
    /// works, or why not in one line naming the fix. Loading with <see cref="ExecutionDevice.Cuda"/> runs the same check.
    /// </summary>
    public static DeviceCheck CheckDevice(ExecutionDevice device, int cudaDeviceId = 0) => Devices.DeviceProbe.Check(device, cudaDeviceId);

    /// <summary>Loads the package in <paramref name="directory"/>.</summary>
    /// <exception cref="MariaInputException">The directory is not a package, a file is damaged, or a graph does not load.</exception>
    public static MariaModel Load(string directory, MariaModelOptions? options = null) =>
        LoadCore(directory, options ?? MariaModelOptions.Default, null, CancellationToken.None);

    /// <summary>Loads the package on a worker thread, reporting progress from 0 to 1, cancellable between phases.</summary>
    public static Task<MariaModel> LoadAsync(string directory, MariaModelOptions? options = null, IProgress<float>? progress = null, CancellationToken cancellation = default) =>
        Task.Run(() => LoadCore(directory, options ?? MariaModelOptions.Default, progress, cancellation), cancellation);

    /// <summary>
    /// Fills every <c>[MASK]</c> of <paramref name="text"/> (one token each), and every <c>[WORD]</c> / <c>[BLANK]</c> blank
    /// with a whole word / a phrase of a length chosen by exact likelihood (<see cref="InfillOptions.Blanks"/>,
    /// <see cref="InfillResult.Blanks"/>); a text without a mask comes back unchanged with a warning.
    /// </summary>
    /// <exception cref="MariaInputException">The text is longer than the model's context or contains a special token other than [MASK], or a blank marker is misplaced (docs/BLANKS.md).</exception>
    public InfillResult Infill(string text, InfillOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ObjectDisposedException.ThrowIf(disposed, this);
        return engine.Infill(text, options ?? InfillOptions.Default, null, cancellation);
    }

    /// <summary>
    /// Streams the infilling of <paramref name="text"/>: one event per chosen token with the text that became final
    /// (UTF-8-safe), then a last event with the rest of the text. Concatenated deltas equal <see cref="Infill(string, InfillOptions?, CancellationToken)"/>'s output.
    /// </summary>
    public async IAsyncEnumerable<InfillStreamEvent> StreamAsync(string text, InfillOptions? options = null, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (Blanks.BlankTemplate.HasBlanks(text))
        {
            await foreach (var blankEvent in StreamBlanksAsync(text, options, cancellation).ConfigureAwait(false))
            {
                yield return blankEvent;
            }
            yield break;
        }
        // Tokenised once: the fill writes its tokens into prepared's array, the deltas are decoded from a copy.
        var prepared = engine.Prepare(text);
        var tokens = prepared.Masked.Tokens.ToArray();
        var channel = Channel.CreateUnbounded<FilledToken>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        // The fill stops when the caller cancels or leaves the loop early, and the enumerator waits until it has.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var producer = Task.Run(() =>
        {
            try
            {
                return engine.Infill(text, prepared, options ?? InfillOptions.Default, token => channel.Writer.TryWrite(token), stop.Token);
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }, stop.Token);

        var decoder = Tokenizer.CreateIncrementalDecoder();
        int emitted = 0;
        bool finished = false;
        try
        {
            await foreach (var token in channel.Reader.ReadAllAsync(cancellation).ConfigureAwait(false))
            {
                tokens[token.Position] = token.TokenId;
                var delta = new System.Text.StringBuilder();
                for (; emitted <= token.Position; emitted++)
                {
                    delta.Append(decoder.Append(tokens[emitted]));
                }
                yield return new InfillStreamEvent(token, delta.ToString());
                // The consumer may cancel while handling an event: stop before the next one even if it is ready.
                cancellation.ThrowIfCancellationRequested();
            }
            finished = true;
        }
        finally
        {
            if (!finished)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await producer.ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or MariaInputException)
                {
                    // The caller is already leaving with its own exception or break.
                }
            }
        }
        var result = await producer.ConfigureAwait(false);
        var rest = new System.Text.StringBuilder();
        if (result.Tokens.Count == 0)
        {
            rest.Append(result.Output);
        }
        else
        {
            for (; emitted < tokens.Length; emitted++)
            {
                rest.Append(decoder.Append(tokens[emitted]));
            }
            rest.Append(decoder.Flush());
        }
        yield return new InfillStreamEvent(null, rest.ToString());
    }

    /// <summary>
    /// The exact log p(x_M | x_U) of filling the masks of <paramref name="maskedText"/> with <paramref name="fillTokenIds"/>
    /// (one id per mask, in reading order), e.g. the <see cref="FilledToken.TokenId"/>s of an infill.
    /// </summary>
    public ScoreResult Score(string maskedText, IReadOnlyList<int> fillTokenIds, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(maskedText);
        ArgumentNullException.ThrowIfNull(fillTokenIds);
        ObjectDisposedException.ThrowIf(disposed, this);
        var masked = engine.Encode(maskedText);
        masked.CheckFits(Manifest);
        if (fillTokenIds.Count != masked.MaskPositions.Length)
        {
            throw new MariaInputException($"the text has {masked.MaskPositions.Length} masks but {fillTokenIds.Count} fill tokens were given; give one token per [MASK]");
        }
        var tokens = masked.Tokens;
        for (int k = 0; k < fillTokenIds.Count; k++)
        {
            int id = fillTokenIds[k];
            if (!TextTokens.IsText(id, Manifest.Vocabulary.SharedSize))
            {
                throw new MariaInputException($"fill token {id} (mask {k}) is outside the shared vocabulary 0..{Manifest.Vocabulary.SharedSize - 1}");
            }
            tokens[masked.MaskPositions[k]] = id;
        }
        return new ScoreResult(scorer.LogProbabilities(tokens, masked.MaskPositions, cancellation));
    }

    /// <summary>
    /// The exact log p of the tokens at <paramref name="maskPositions"/> given all other tokens of
    /// <paramref name="tokens"/> (true tokens everywhere; shared-vocabulary ids, no [CLS]/[BOS]).
    /// </summary>
    /// <exception cref="MariaInputException">
    /// A token is outside the shared vocabulary, the positions are not increasing positions of the text, or the text
    /// is longer than the context: the one validation path of <see cref="MariaBaselines.MariaLogProbabilities(IReadOnlyList{int}, IReadOnlyList{int}, CancellationToken)"/>.
    /// </exception>
    public ScoreResult ScoreTokens(IReadOnlyList<int> tokens, IReadOnlyList<int> maskPositions, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(maskPositions);
        ObjectDisposedException.ThrowIf(disposed, this);
        return new ScoreResult(Baselines.MariaLogProbabilities(tokens, maskPositions, cancellation));
    }

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

    private static MariaModel LoadCore(string directory, MariaModelOptions options, IProgress<float>? progress, CancellationToken cancellation)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new MariaInputException($"{directory}: no such package directory; pass the folder that holds maria.json");
        }
        var manifest = PackageManifestReader.Read(directory);
        // Before hashing: an oversized tokenizer.json is refused without reading it.
        string tokenizerPath = Path.Combine(directory, manifest.Vocabulary.Tokenizer);
        if (File.Exists(tokenizerPath))
        {
            HuggingFaceTokenizer.CheckFileSize(tokenizerPath);
        }
        PackageManifestReader.VerifyFiles(directory, manifest, options.VerifyHashes, cancellation);
        progress?.Report(0.2f);
        var tokenizer = HuggingFaceTokenizer.Load(tokenizerPath);
        cancellation.ThrowIfCancellationRequested();
        progress?.Report(0.3f);
        var encoder = SessionFactory.Create(Path.Combine(directory, manifest.Encoder.File), options);
        try
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Report(0.6f);
            var decoder = SessionFactory.Create(Path.Combine(directory, manifest.Decoder.File), options);
            try
            {
                var model = new MariaModel(directory, manifest, tokenizer, encoder, decoder, options);
                progress?.Report(1f);
                return model;
            }
            catch
            {
                decoder.Dispose();
                throw;
            }
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Unconditional generation by simulated annealing (maria-method.md §7): an AR draft at temperature 1, then
    /// <see cref="Generation.GenerationOptions.Iterations"/> rounds of re-masking and MARIA refilling at a falling temperature.
    /// Cancelling after the draft stops within one decoder step and returns the last complete iteration with
    /// <see cref="Generation.GenerationResult.Cancelled"/> set; cancelling before the draft is complete throws
    /// <see cref="OperationCanceledException"/> (there is no text yet).
    /// </summary>
    /// <exception cref="MariaInputException">The options are invalid, the prefix holds a special token, or prefix + length does not fit the context.</exception>
    public Generation.GenerationResult Generate(Generation.GenerationOptions options, CancellationToken cancellation = default) =>
        Generate(options, _ => { }, cancellation);

    /// <summary>
    /// As <see cref="Generate(Generation.GenerationOptions, CancellationToken)"/>, calling <paramref name="onIteration"/> with each
    /// iteration as soon as it completes (on the calling thread; it may cancel the token to stop after that iteration).
    /// </summary>
    /// <exception cref="MariaInputException">As for <see cref="Generate(Generation.GenerationOptions, CancellationToken)"/>.</exception>
    public Generation.GenerationResult Generate(Generation.GenerationOptions options, Action<Generation.GenerationIteration> onIteration, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(onIteration);
        ObjectDisposedException.ThrowIf(disposed, this);
        var run = Generation.AnnealingRun.Create(options, Manifest, Baselines, engine, Tokenizer);
        var iterations = new List<Generation.GenerationIteration>(Math.Min(options.Iterations, 1024) + 1);
        while (run.HasNext)
        {
            try
            {
                iterations.Add(run.Advance(cancellation));
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested && iterations.Count > 0)
            {
                return new Generation.GenerationResult(iterations, Cancelled: true);
            }
            onIteration(iterations[^1]);
        }
        return new Generation.GenerationResult(iterations, Cancelled: false);
    }

    /// <summary>
    /// Streams annealed generation: one <see cref="Generation.GenerationIteration"/> per completed iteration (0..K), each computed
    /// on a worker thread. Cancelling ends the stream (no exception) within one decoder step, after the last complete
    /// iteration; so does leaving the loop early.
    /// </summary>
    /// <exception cref="MariaInputException">As for <see cref="Generate(Generation.GenerationOptions, CancellationToken)"/>, raised on the first MoveNextAsync.</exception>
    public async IAsyncEnumerable<Generation.GenerationIteration> GenerateStreamAsync(Generation.GenerationOptions options, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var run = Generation.AnnealingRun.Create(options, Manifest, Baselines, engine, Tokenizer);
        while (run.HasNext && !cancellation.IsCancellationRequested)
        {
            Generation.GenerationIteration iteration;
            try
            {
                iteration = await Task.Run(() => run.Advance(cancellation), CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                yield break;
            }
            yield return iteration;
        }
    }
}
