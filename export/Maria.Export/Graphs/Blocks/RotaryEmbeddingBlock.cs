using Maria.Export.Onnx;

namespace Maria.Export.Graphs.Blocks;

/// <summary>
/// Rotary position embedding in the rotate_half (GPT-NeoX, non-interleaved) layout, emitted as ONNX Runtime's
/// <c>com.microsoft RotaryEmbedding</c> with <c>interleaved = 0</c>. Positions are explicit ids, so a decoding
/// step at offset <c>past_len</c> passes ids <c>past_len .. past_len+S-1</c>.
/// </summary>
public static class RotaryEmbeddingBlock
{
    /// <summary>Adds the cos/sin caches <c>[maxPositions, D/2]</c> as float32 initialisers <c>{prefix}.cos_cache</c>/<c>.sin_cache</c>.</summary>
    /// <returns>The (cos, sin) value names.</returns>
    public static (string Cos, string Sin) AddCaches(OnnxGraphBuilder builder, string prefix, RotaryTables tables)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tables);
        string cos = builder.AddFloatInitializer(BlockNames.Initializer(prefix, "cos_cache"), tables.Cos, tables.MaxPositions, tables.HalfDim);
        string sin = builder.AddFloatInitializer(BlockNames.Initializer(prefix, "sin_cache"), tables.Sin, tables.MaxPositions, tables.HalfDim);
        return (cos, sin);
    }

    /// <summary>Rotates every head of <paramref name="input"/> (node <c>{prefix}/RotaryEmbedding</c>).</summary>
    /// <param name="builder">The graph.</param>
    /// <param name="prefix">e.g. <c>/model/layers.0/attn/q_rotary</c>.</param>
    /// <param name="input"><c>[batch, seq, numHeads·headDim]</c> float32, heads concatenated head-major.</param>
    /// <param name="positionIds"><c>[batch, seq]</c> int64.</param>
    /// <param name="cosCache"><c>[maxPositions, headDim/2]</c> from <see cref="AddCaches"/>.</param>
    /// <param name="sinCache"><c>[maxPositions, headDim/2]</c>.</param>
    /// <param name="numHeads">Number of heads in <paramref name="input"/>.</param>
    /// <returns><c>[batch, seq, numHeads·headDim]</c>.</returns>
    public static string AddRotaryEmbedding(
        OnnxGraphBuilder builder, string prefix, string input, string positionIds, string cosCache, string sinCache, int numHeads)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMicrosoftNode($"{prefix}/RotaryEmbedding", "RotaryEmbedding", [input, positionIds, cosCache, sinCache],
            OnnxAttribute.Int("interleaved", 0), OnnxAttribute.Int("num_heads", numHeads));
    }
}
