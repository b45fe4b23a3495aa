using Maria.Export.Head;

namespace Maria.Testing;

/// <summary>Two tiny checkpoint folders (and optionally a trained head file) under one temporary folder, ready to export.</summary>
internal sealed class TinyPackageSources : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public TinyPackageSources()
    {
        TinyCheckpoint.WriteModernBert(MaskedModel);
        TinyCheckpoint.WriteOlmo(CausalModel);
    }

    public string Root => _folder.Path;

    public string MaskedModel => _folder.File("modernbert-tiny");

    public string CausalModel => _folder.File("olmo-tiny");

    public string Output => _folder.File("package");

    /// <summary>
    /// Writes a random trained head [V_s, 32 + 32] with training metadata and returns its path. Weights are uniform in
    /// ±<paramref name="scale"/>/2: at scale 30 the logits reach about 200, far above exp's float limit of 88.72.
    /// </summary>
    public string WriteHead(IReadOnlyDictionary<string, string> training, float scale = 1f)
    {
        var random = new Random(3);
        int inFeatures = 64;
        var weight = new float[TinyTokenizerPair.SharedSize * inFeatures];
        var bias = new float[TinyTokenizerPair.SharedSize];
        for (int i = 0; i < weight.Length; i++)
        {
            weight[i] = (float)(random.NextDouble() - 0.5) * scale;
        }
        string path = _folder.File("head.safetensors");
        using var head = MariaHead.FromWeights(weight, bias, 32, 32, training);
        head.Save(path);
        return path;
    }

    public void Dispose() => _folder.Dispose();
}
