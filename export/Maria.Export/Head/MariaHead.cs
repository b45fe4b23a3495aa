using Maria.Export.Checkpoints;
using Maria.Export.Weights;
using Maria.Runtime;
using Maria.Runtime.Packaging;

namespace Maria.Export.Head;

/// <summary>
/// The MARIA head z = W3 · [v ; u] + b3 with W3 = [W_ar | W_mlm] of shape [V_s, d_ar + d_mlm] (PyTorch Linear
/// orientation) and b3 [V_s]: either a trained head read from safetensors, or the product-of-experts
/// initialisation W3 = [W1[:V_s] / 2, W2[:V_s] / 2], b3 = b2[:V_s] / 2 (maria-method.md §3), or either kind recovered
/// from an existing package's decoder graph (<see cref="PackageHeadReader"/>).
/// The weights stay lazy (<see cref="WeightMatrix"/> views over memory-mapped checkpoints or arrays): a graph builder
/// streams <see cref="ArPart"/> and <see cref="MlmPart"/> into its file without W3 ever existing in managed memory.
/// Dispose it to release a head file it opened; checkpoints passed to <see cref="ProductOfExperts"/> stay the caller's.
/// </summary>
public sealed class MariaHead : IDisposable
{
    /// <summary>Tensor name of W3 in a head safetensors file: [V_s, d_ar + d_mlm].</summary>
    public const string WeightTensor = "weight";

    /// <summary>Tensor name of b3 in a head safetensors file: [V_s].</summary>
    public const string BiasTensor = "bias";

    private readonly IDisposable? _owned;

    private MariaHead(string kind, WeightMatrix arPart, WeightMatrix mlmPart, WeightMatrix bias, SourceFile? source,
        IReadOnlyDictionary<string, string>? training, IDisposable? owned, string? arOutputCheckpoint)
    {
        Kind = kind;
        ArPart = arPart;
        MlmPart = mlmPart;
        Bias = bias;
        Source = source;
        Training = training;
        _owned = owned;
        ArOutputCheckpoint = arOutputCheckpoint;
    }

    /// <summary><see cref="HeadManifest.Trained"/> or <see cref="HeadManifest.ProductOfExperts"/>.</summary>
    public string Kind { get; }

    /// <summary>|V_s|, the rows of W3.</summary>
    public int SharedVocabularySize => ArPart.Rows;

    /// <summary>d_ar.</summary>
    public int ArHiddenSize => ArPart.Columns;

    /// <summary>d_mlm.</summary>
    public int MlmHiddenSize => MlmPart.Columns;

    /// <summary>d_ar + d_mlm, the columns of W3.</summary>
    public int InFeatures => ArHiddenSize + MlmHiddenSize;

    /// <summary>W_ar = W3[:, :d_ar], [V_s, d_ar]: multiplies the AR state v.</summary>
    public WeightMatrix ArPart { get; }

    /// <summary>W_mlm = W3[:, d_ar:], [V_s, d_mlm]: multiplies the MLM state u.</summary>
    public WeightMatrix MlmPart { get; }

    /// <summary>b3 as a one-row matrix [1, V_s].</summary>
    public WeightMatrix Bias { get; }

    /// <summary>The trained head's file name and sha256; null for the product-of-experts head.</summary>
    public SourceFile? Source { get; }

    /// <summary>Training facts stored in the head file's metadata (data, steps, loss); null when there are none.</summary>
    public IReadOnlyDictionary<string, string>? Training { get; }

    /// <summary>
    /// For the product-of-experts head: the AR checkpoint folder whose output matrix W1[:V_s], halved, is
    /// <see cref="ArPart"/>. A decoder built from that same checkpoint can then reuse its AR-logit weights
    /// (z = ½·(v·W1ᵀ) + u·W_mlmᵀ + b3) instead of storing W1 twice. Null for trained heads.
    /// </summary>
    public string? ArOutputCheckpoint { get; }

    /// <summary>The factor by which <see cref="ArPart"/> scales W1 when <see cref="ArOutputCheckpoint"/> is set.</summary>
    public const float ProductOfExpertsScale = 0.5f;

    /// <summary>
    /// The untrained head whose logits are the average of both models' logits over the shared vocabulary:
    /// W3 = [W1[:V_s] / 2, W2[:V_s] / 2], b3 = b2[:V_s] / 2 (maria-method.md §3).
    /// </summary>
    /// <param name="ar">The causal LM checkpoint (W1 = lm_head.weight, or the embedding when tied).</param>
    /// <param name="mlm">The ModernBERT checkpoint (W2 = its tied embedding, b2 = decoder.bias).</param>
    /// <param name="sharedVocabularySize">|V_s|: ids 0 .. V_s-1 mean the same in both tokenizers.</param>
    public static MariaHead ProductOfExperts(HuggingFaceCheckpoint ar, HuggingFaceCheckpoint mlm, int sharedVocabularySize)
    {
        ArgumentNullException.ThrowIfNull(ar);
        ArgumentNullException.ThrowIfNull(mlm);
        var w1 = OutputMatrices.CausalOutput(ar);
        var (w2, b2) = OutputMatrices.MaskedOutput(mlm);
        int limit = Math.Min(w1.Rows, w2.Rows);
        if (sharedVocabularySize <= 0 || sharedVocabularySize > limit)
        {
            throw new MariaInputException(
                $"shared vocabulary size {sharedVocabularySize} is outside 1..{limit} (AR vocabulary {w1.Rows}, MLM vocabulary {w2.Rows}); pass the number of ids both tokenizers share");
        }

        return new MariaHead(HeadManifest.ProductOfExperts,
            w1.FirstRows(sharedVocabularySize).Scale(ProductOfExpertsScale),
            w2.FirstRows(sharedVocabularySize).Scale(ProductOfExpertsScale),
            b2.Slice(0, 1, 0, sharedVocabularySize).Scale(ProductOfExpertsScale),
            source: null, training: null, owned: null, arOutputCheckpoint: Path.GetFullPath(ar.Directory));
    }

    /// <summary>
    /// A trained head from a safetensors file holding <c>weight</c> [V_s, d_ar + d_mlm] and <c>bias</c> [V_s]
    /// (F32, F16 or BF16). The file stays memory-mapped until the head is disposed. Its <c>__metadata__</c>
    /// (except <c>format</c>) becomes <see cref="Training"/>.
    /// </summary>
    public static MariaHead FromSafetensors(string path, int sharedVocabularySize, int arHiddenSize, int mlmHiddenSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sharedVocabularySize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(arHiddenSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mlmHiddenSize);
        var file = SafetensorsFile.Open(path);
        try
        {
            int inFeatures = checked(arHiddenSize + mlmHiddenSize);
            RequireTensor(file, path, WeightTensor, [sharedVocabularySize, inFeatures]);
            RequireTensor(file, path, BiasTensor, [sharedVocabularySize]);
            var weight = WeightMatrix.FromTensor(file, WeightTensor);
            var training = file.Metadata.Where(entry => entry.Key != "format").ToDictionary(entry => entry.Key, entry => entry.Value, StringComparer.Ordinal);
            var source = new SourceFile(Path.GetFileName(path), PackageManifestReader.Sha256Of(path));
            return new MariaHead(HeadManifest.Trained,
                weight.Slice(0, sharedVocabularySize, 0, arHiddenSize),
                weight.Slice(0, sharedVocabularySize, arHiddenSize, mlmHiddenSize),
                WeightMatrix.FromVectorTensor(file, BiasTensor),
                source, training.Count > 0 ? training : null, file, arOutputCheckpoint: null);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A trained head from values in memory (the head trainer): <paramref name="weight"/> row-major
    /// [V_s, d_ar + d_mlm], <paramref name="bias"/> [V_s]. The arrays are not copied.
    /// </summary>
    public static MariaHead FromWeights(float[] weight, float[] bias, int arHiddenSize, int mlmHiddenSize,
        IReadOnlyDictionary<string, string>? training = null)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(arHiddenSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mlmHiddenSize);
        int inFeatures = checked(arHiddenSize + mlmHiddenSize);
        if (bias.Length == 0 || weight.LongLength != (long)bias.Length * inFeatures)
        {
            throw new MariaInputException(
                $"head weight has {weight.LongLength} values and bias {bias.Length}; expected weight [V_s, {inFeatures}] with V_s = bias length > 0");
        }

        var w3 = WeightMatrix.FromArray(weight, bias.Length, inFeatures, WeightTensor);
        return new MariaHead(HeadManifest.Trained,
            w3.Slice(0, bias.Length, 0, arHiddenSize),
            w3.Slice(0, bias.Length, arHiddenSize, mlmHiddenSize),
            WeightMatrix.FromArray(bias, 1, bias.Length, BiasTensor),
            source: null, training, owned: null, arOutputCheckpoint: null);
    }

    /// <summary>
    /// A head from parts read elsewhere (<see cref="PackageHeadReader"/>: a package's decoder graph): W_ar [V_s, d_ar],
    /// W_mlm [V_s, d_mlm] and b3 as a one-row matrix [1, V_s], with the provenance the new manifest should record.
    /// </summary>
    internal static MariaHead FromParts(string kind, WeightMatrix arPart, WeightMatrix mlmPart, WeightMatrix bias, SourceFile? source,
        IReadOnlyDictionary<string, string>? training)
    {
        ArgumentNullException.ThrowIfNull(arPart);
        ArgumentNullException.ThrowIfNull(mlmPart);
        ArgumentNullException.ThrowIfNull(bias);
        if (kind is not (HeadManifest.Trained or HeadManifest.ProductOfExperts))
        {
            throw new MariaInputException($"head kind '{kind}' is neither '{HeadManifest.Trained}' nor '{HeadManifest.ProductOfExperts}'; the manifest is damaged, re-export the package");
        }

        if (mlmPart.Rows != arPart.Rows || bias.Rows != 1 || bias.Columns != arPart.Rows)
        {
            throw new ArgumentException(
                $"head parts disagree on V_s: {arPart.Description} [{arPart.Rows}, {arPart.Columns}], {mlmPart.Description} [{mlmPart.Rows}, {mlmPart.Columns}], {bias.Description} [{bias.Rows}, {bias.Columns}]");
        }

        return new MariaHead(kind, arPart, mlmPart, bias, source, training, owned: null, arOutputCheckpoint: null);
    }

    /// <summary>Reads W3 (row-major [V_s, d_ar + d_mlm]) and b3 [V_s] into new arrays, e.g. to start training from this head.</summary>
    public (float[] Weight, float[] Bias) ReadWeights()
    {
        var weight = new float[(long)SharedVocabularySize * InFeatures];
        for (int row = 0; row < SharedVocabularySize; row++)
        {
            var destination = weight.AsSpan(row * InFeatures, InFeatures);
            ArPart.ReadRow(row, 0, destination[..ArHiddenSize]);
            MlmPart.ReadRow(row, 0, destination[ArHiddenSize..]);
        }

        return (weight, Bias.ToArray());
    }

    /// <summary>
    /// Writes the head as a safetensors file that <see cref="FromSafetensors"/> reads: <c>weight</c>
    /// [V_s, d_ar + d_mlm] and <c>bias</c> [V_s] in F32, with <paramref name="metadata"/> (e.g. training facts).
    /// </summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (weight, bias) = ReadWeights();
        var header = new Dictionary<string, string>(StringComparer.Ordinal) { ["format"] = "pt" };
        foreach (var (key, value) in metadata ?? Training ?? new Dictionary<string, string>())
        {
            header[key] = value;
        }

        SafetensorsWriter.Write(path,
        [
            TensorToWrite.FromFloat32(WeightTensor, [SharedVocabularySize, InFeatures], weight),
            TensorToWrite.FromFloat32(BiasTensor, [SharedVocabularySize], bias),
        ], header);
    }

    /// <summary>The manifest section describing this head.</summary>
    public HeadManifest ToManifest() => new()
    {
        Kind = Kind,
        InFeatures = InFeatures,
        OutFeatures = SharedVocabularySize,
        Source = Source,
        Training = Training,
    };

    /// <summary>Releases a head file opened by <see cref="FromSafetensors"/>.</summary>
    public void Dispose() => _owned?.Dispose();

    private static void RequireTensor(SafetensorsFile file, string path, string name, long[] shape)
    {
        string expected = "[" + string.Join(", ", shape) + "]";
        if (!file.Contains(name))
        {
            throw new MariaInputException(
                $"head file '{path}' has no tensor '{name}' {expected}; a MARIA head file holds 'weight' [V_s, d_ar + d_mlm] and 'bias' [V_s]");
        }

        var info = file.GetInfo(name);
        if (!info.Shape.AsSpan().SequenceEqual(shape))
        {
            throw new MariaInputException(
                $"head file '{path}': tensor '{name}' has shape {info.ShapeText}, expected {expected} for V_s and the two models' hidden sizes; train the head for this model pair");
        }

        if (info.DType is not (SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16))
        {
            throw new MariaInputException($"head file '{path}': tensor '{name}' is {info.DType.ToHeaderString()}, expected F32, F16 or BF16");
        }
    }
}
