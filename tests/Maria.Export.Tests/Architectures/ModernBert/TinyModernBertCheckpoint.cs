using Maria.Export.Checkpoints;
using Maria.Export.Configs;

namespace Maria.Export.Tests.Architectures.ModernBert;

/// <summary>
/// The encoder tests' tiny ModernBERT and its checkpoint folder (config.json + model.safetensors, written by
/// <see cref="TinyCheckpoint"/>), with hooks to break it: drop a tensor, change a shape, add one.
/// </summary>
internal static class TinyModernBertCheckpoint
{
    /// <summary>3 layers (global, local, local), H 16, 2 heads of 8, I 12, V 40, window 4.</summary>
    public static ModernBertConfig Config() => new()
    {
        VocabSize = 40,
        HiddenSize = 16,
        IntermediateSize = 12,
        NumHiddenLayers = 3,
        NumAttentionHeads = 2,
        MaxPositionEmbeddings = 64,
        TieWordEmbeddings = true,
        GlobalAttnEveryNLayers = 3,
        LocalAttention = 4,
        PadTokenId = 39,
        ClsTokenId = 38,
        BosTokenId = 38,
        SepTokenId = 37,
        EosTokenId = 37,
    };

    /// <summary>
    /// Writes config.json of <paramref name="config"/> and the tensors of <paramref name="layoutOf"/> (default: the same
    /// config), norm scales near 1 and everything else uniform in ±0.3; <paramref name="edit"/> may change the list first.
    /// </summary>
    public static void Write(string folder, ModernBertConfig config, Action<List<TensorSpec>>? edit = null, ModernBertConfig? layoutOf = null) =>
        TinyCheckpoint.Write(folder, config, TensorFill.PerTensor(1, 0.3f, 0.1f), edit, layoutOf);
}
