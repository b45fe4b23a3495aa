using Maria.Export.Architectures;
using Maria.Export.Checkpoints;
using Maria.Export.Configs;
using Maria.Export.Graphs.Blocks;
using Maria.Export.Head;
using Maria.Runtime.Inference;
using Maria.Runtime.Packaging;
using Maria.Training.Models.Causal;
using Maria.Training.Models.HuggingFace;
using Maria.Training.Models.ModernBert;
using Maria.Training.Tests.Models;
using TorchSharp;
using static Maria.Training.Tests.Models.ModelTestKit;

namespace Maria.Training.Tests.Parity;

/// <summary>
/// One parity case: a random-weight TorchSharp causal LM and a random-weight TorchSharp ModernBERT saved as Hugging
/// Face folders, the decoder graph exported from the AR folder with a MARIA head, and the TorchSharp outputs the
/// graph must reproduce (fp32, 1e-4 absolute).
/// </summary>
internal sealed class DecoderParityKit : IDisposable
{
    public const int SharedVocabulary = 36;
    public const int ContextLength = 16;
    public const int Length = 12;
    public const double Tolerance = 1e-4;

    private readonly TemporaryFolder _directory = new();

    /// <summary>Randomises <paramref name="model"/> visibly, saves it and a random ModernBERT, and runs both in TorchSharp.</summary>
    public DecoderParityKit(CausalLanguageModel model, long seed)
    {
        Config = model.Config;
        RandomizeVisibly(model, seed);
        model.eval();
        HuggingFaceFolder.Save(model, Config, ArDirectory, SafetensorsDType.F32);
        ArWeights = Weights(model);

        MlmConfig = ModernBertForMaskedLMTests.TinyConfig();
        using var mlm = new ModernBertForMaskedLM(MlmConfig);
        RandomizeVisibly(mlm, seed + 1);
        mlm.eval();
        HuggingFaceFolder.Save(mlm, MlmConfig, MlmDirectory, SafetensorsDType.F32);
        MlmWeights = Weights(mlm);

        Ids = Tokens(Length, SharedVocabulary, salt: (int)seed);
        using var scope = torch.NewDisposeScope();
        var (logits, hidden) = model.forward(Batch(new[] { Ids }));                        // [1, T, V], [1, T, d_ar]
        TorchLogits = Flatten(logits);
        TorchHidden = Flatten(hidden);
        long[] mlmIds = Tokens(Length, MlmConfig.VocabSize, salt: (int)seed + 7);
        var (_, u) = mlm.forward(Batch(new[] { mlmIds }), Batch(new[] { Enumerable.Repeat(1, Length).ToArray() }));
        MlmRows = Flatten(u);                                                                 // [T, d_mlm]
    }

    public CausalLmConfig Config { get; }

    public ModernBertConfig MlmConfig { get; }

    public Dictionary<string, float[]> ArWeights { get; }

    public Dictionary<string, float[]> MlmWeights { get; }

    public long[] Ids { get; }

    /// <summary>TorchSharp logits [T, V] of the AR model.</summary>
    public float[] TorchLogits { get; }

    /// <summary>TorchSharp final-norm states v [T, d_ar].</summary>
    public float[] TorchHidden { get; }

    /// <summary>TorchSharp ModernBERT head outputs u [T, d_mlm] (passed to the graph as mlm_hidden).</summary>
    public float[] MlmRows { get; }

    public string ArDirectory => _directory.File("ar");

    public string MlmDirectory => _directory.File("mlm");

    public string Sub(string name) => _directory.File(name);

    /// <summary>W1 [V, d_ar] as TorchSharp holds it.</summary>
    public float[] OutputMatrix => ArWeights[Config.TieWordEmbeddings ? OutputMatrices.CausalEmbedding : OutputMatrices.CausalHead];

    /// <summary>Exports with the product-of-experts head of the two saved checkpoints.</summary>
    public (DecoderManifest Manifest, string Path) ExportProduct()
    {
        using var ar = HuggingFaceCheckpoint.Open(ArDirectory);
        using var mlm = HuggingFaceCheckpoint.Open(MlmDirectory);
        using var head = MariaHead.ProductOfExperts(ar, mlm, SharedVocabulary);
        return Export(ar, head);
    }

    /// <summary>Exports with a trained head read from <paramref name="headPath"/>.</summary>
    public (DecoderManifest Manifest, string Path) ExportTrained(string headPath)
    {
        using var ar = HuggingFaceCheckpoint.Open(ArDirectory);
        using var head = MariaHead.FromSafetensors(headPath, SharedVocabulary, Config.HiddenSize, MlmConfig.HiddenSize);
        return Export(ar, head);
    }

    /// <summary>The product-of-experts logits computed directly: ½(v·W1[:V_s]ᵀ) + ½(u·W2[:V_s]ᵀ + b2[:V_s]), from TorchSharp's tensors.</summary>
    public float[] ProductLogits()
    {
        var (w3, b3) = ProductWeights();
        return Head(w3, b3);
    }

    /// <summary>W3 = [W1[:V_s]/2, W2[:V_s]/2] and b3 = b2[:V_s]/2 from the TorchSharp parameters.</summary>
    public (float[] Weight, float[] Bias) ProductWeights()
    {
        int dAr = Config.HiddenSize, dMlm = MlmConfig.HiddenSize, width = dAr + dMlm;
        float[] w2 = MlmWeights[OutputMatrices.MaskedEmbedding], b2 = MlmWeights[OutputMatrices.MaskedDecoderBias];
        var weight = new float[SharedVocabulary * width];
        for (int row = 0; row < SharedVocabulary; row++)
        {
            for (int i = 0; i < dAr; i++)
            {
                weight[row * width + i] = OutputMatrix[row * dAr + i] / 2;
            }

            for (int i = 0; i < dMlm; i++)
            {
                weight[row * width + dAr + i] = w2[row * dMlm + i] / 2;
            }
        }

        return (weight, b2.Take(SharedVocabulary).Select(b => b / 2).ToArray());
    }

    /// <summary>z_t = W3·[v_t ; u_t] + b3 for every position t, with TorchSharp's v and the u passed to the graph: [T, V_s].</summary>
    public float[] Head(float[] weight, float[] bias)
    {
        int dAr = Config.HiddenSize, dMlm = MlmConfig.HiddenSize, width = dAr + dMlm;
        var logits = new float[Length * SharedVocabulary];
        for (int t = 0; t < Length; t++)
        {
            for (int o = 0; o < SharedVocabulary; o++)
            {
                double sum = bias[o];
                for (int i = 0; i < dAr; i++)
                {
                    sum += (double)weight[o * width + i] * TorchHidden[t * dAr + i];
                }

                for (int i = 0; i < dMlm; i++)
                {
                    sum += (double)weight[o * width + dAr + i] * MlmRows[t * dMlm + i];
                }

                logits[t * SharedVocabulary + o] = (float)sum;
            }
        }

        return logits;
    }

    /// <summary>TorchSharp logits restricted to the shared vocabulary: [T, V_s].</summary>
    public float[] TorchSharedLogits()
    {
        int vocabulary = Config.VocabSize;
        return Enumerable.Range(0, Length).SelectMany(t => TorchLogits.Skip(t * vocabulary).Take(SharedVocabulary)).ToArray();
    }

    /// <summary>
    /// Runs the graph over the whole sequence in one call, or chunk by chunk on the cache (slot 0). With
    /// <paramref name="companion"/>, slot 1 reads the same sequence with that other chunking in the same calls (a ragged
    /// batch), and slot 0's results must not depend on it.
    /// </summary>
    public (float[] Logits, float[] ArLogits, float[] Hidden) RunGraph(DecoderManifest manifest, string path, int[] chunks, int[]? companion = null)
    {
        int dMlm = MlmConfig.HiddenSize;
        using var harness = new DecoderGraphHarness(path, manifest, SharedVocabulary, dMlm, slots: companion is null ? 1 : 2);
        var logits = new List<float>();
        var arLogits = new List<float>();
        var hidden = new List<float>();
        int start = 0, companionStart = 0;
        for (int call = 0; call < Math.Max(chunks.Length, companion?.Length ?? 0); call++)
        {
            var batch = new List<DecoderChunk>();
            if (call < chunks.Length)
            {
                batch.Add(Chunk(0, start, chunks[call], dMlm));
            }
            if (companion is not null && call < companion.Length)
            {
                batch.Add(Chunk(1, companionStart, companion[call], dMlm));
                companionStart += companion[call];
            }
            var result = harness.RunChunks(batch);
            if (call < chunks.Length)
            {
                // Slot 0's rows come first: its chunk is the first of the call.
                int count = chunks[call];
                logits.AddRange(result.Logits.Take(count * SharedVocabulary));
                arLogits.AddRange(result.ArLogits.Take(count * SharedVocabulary));
                hidden.AddRange(result.HiddenStates.Take(count * Config.HiddenSize));
                start += count;
            }
        }

        Assert.Equal(Length, start);
        return (logits.ToArray(), arLogits.ToArray(), hidden.ToArray());
    }

    private DecoderChunk Chunk(int slot, int start, int count, int dMlm)
    {
        int[] positions = [.. Enumerable.Range(0, count)];
        return new DecoderChunk(slot, Ids.AsMemory(start, count), positions, MlmRows.AsMemory(start * dMlm, count * dMlm), positions);
    }

    /// <summary>
    /// The checks every case makes, returning the max differences as one line: a full forward's ar_logits against
    /// TorchSharp's logits[:V_s] at every position, hidden_states against TorchSharp's v, logits against
    /// <paramref name="expectedLogits"/>; then a prefill of two chunks and single steps on the shared cache against
    /// the full forward.
    /// </summary>
    public string VerifyAgainstTorch(DecoderManifest manifest, string path, float[] expectedLogits)
    {
        var full = RunGraph(manifest, path, [Length]);
        double ar = AssertClose(TorchSharedLogits(), full.ArLogits, "ar_logits of a full forward vs TorchSharp logits[:V_s]");
        double hidden = AssertClose(TorchHidden, full.Hidden, "hidden_states vs TorchSharp v");
        double logits = AssertClose(expectedLogits, full.Logits, "logits vs W3·[v;u]+b3");
        var steps = RunGraph(manifest, path, [5, 3, 1, 1, 1, 1]);
        double stepAr = AssertClose(full.ArLogits, steps.ArLogits, "stepwise ar_logits vs the full forward");
        double stepHidden = AssertClose(full.Hidden, steps.Hidden, "stepwise hidden_states vs the full forward");
        double stepLogits = AssertClose(full.Logits, steps.Logits, "stepwise logits vs the full forward");
        var batched = RunGraph(manifest, path, [5, 3, 1, 1, 1, 1], companion: [1, 1, 2, Length - 4]);
        double batchAr = AssertClose(full.ArLogits, batched.ArLogits, "ar_logits in a ragged batch vs the full forward");
        double batchLogits = AssertClose(full.Logits, batched.Logits, "logits in a ragged batch vs the full forward");
        return $"max |diff|: ar_logits {ar:E2}, hidden_states {hidden:E2}, logits {logits:E2}; stepwise (5+3+1+1+1+1) vs full: ar_logits {stepAr:E2}, hidden_states {stepHidden:E2}, logits {stepLogits:E2}; ragged batch vs full: ar_logits {batchAr:E2}, logits {batchLogits:E2}";
    }

    /// <summary>Largest |expected - actual|; fails naming the first mismatches when it exceeds <see cref="Tolerance"/>.</summary>
    public static double AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = 0;
        var mismatches = new List<string>();
        for (int i = 0; i < expected.Length; i++)
        {
            double difference = Math.Abs((double)expected[i] - actual[i]);
            max = Math.Max(max, double.IsNaN(difference) ? double.PositiveInfinity : difference);
            if (!(difference <= Tolerance) && mismatches.Count < 5)
            {
                mismatches.Add($"[{i}] expected {expected[i]:R} actual {actual[i]:R}");
            }
        }

        Assert.True(max <= Tolerance, $"{what}: max |difference| {max:G3} > {Tolerance}: {string.Join("; ", mismatches)}");
        Assert.True(expected.Max(MathF.Abs) > 0.1f, $"{what}: the compared values are too small to mean anything");
        return max;
    }

    public void Dispose() => _directory.Dispose();

    private (DecoderManifest, string) Export(HuggingFaceCheckpoint ar, MariaHead head)
    {
        string path = Sub("decoder.onnx");
        var builder = ArchitectureRegistry.Decoder(ar.Config.Architecture, ar.Directory);
        var manifest = builder.Build(new DecoderBuildRequest(ar, head, SharedVocabulary, ContextLength, WeightStorage.Float32, path));
        return (manifest, path);
    }

    private static float[] Flatten(torch.Tensor tensor)
    {
        using var contiguous = tensor.contiguous();
        return contiguous.data<float>().ToArray();
    }
}
