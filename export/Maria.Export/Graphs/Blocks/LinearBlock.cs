using Maria.Export.Onnx;
using Maria.Export.Onnx.Proto;

namespace Maria.Export.Graphs.Blocks;

/// <summary>
/// A linear layer <c>y = x·Wᵀ (+ b)</c> emitted as <c>MatMul(x, Wt)</c> with the weight stored pre-transposed
/// to <c>[in, out]</c> (no Transpose node at run time). Node names: <c>{prefix}/MatMul</c>, <c>{prefix}/Add</c>.
/// </summary>
public static class LinearBlock
{
    /// <summary>
    /// Adds the weight (given in checkpoint orientation <c>[out, in]</c>, transposed here) and emits the MatMul.
    /// </summary>
    /// <param name="builder">The graph.</param>
    /// <param name="prefix">Hierarchical prefix, e.g. <c>/model/layers.0/attn/q_proj</c>.</param>
    /// <param name="input">Value <c>[..., in]</c>.</param>
    /// <param name="weightOutIn">Row-major <c>[outFeatures, inFeatures]</c> (nn.Linear layout).</param>
    /// <param name="outFeatures">Output width.</param>
    /// <param name="inFeatures">Input width.</param>
    /// <param name="storage">float32, float16 with one Cast, or int8 (MatMulNBits, node <c>{prefix}/MatMulNBits</c>).</param>
    /// <param name="bias">Optional <c>[outFeatures]</c>; empty for none.</param>
    /// <returns>Value <c>[..., out]</c>.</returns>
    public static string AddLinear(
        OnnxGraphBuilder builder, string prefix, string input, ReadOnlySpan<float> weightOutIn, int outFeatures, int inFeatures,
        WeightStorage storage = WeightStorage.Float32, ReadOnlySpan<float> bias = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string output;
        if (storage.IsBlockQuantized())
        {
            var matrix = Weights.WeightMatrix.FromArray(weightOutIn.ToArray(), outFeatures, inFeatures, BlockNames.Initializer(prefix, "MatMulNBits.B"));
            output = Weights.QuantizedLinear.AddLinear(builder, prefix, input, [matrix], storage);
        }
        else
        {
            float[] transposed = TransposeToInOut(weightOutIn, outFeatures, inFeatures);
            string weight = AddStoredWeight(builder, prefix, "MatMul.weight", transposed, [inFeatures, outFeatures], storage);
            output = builder.AddNode($"{prefix}/MatMul", "MatMul", [input, weight]);
        }

        if (bias.IsEmpty)
        {
            return output;
        }

        if (bias.Length != outFeatures)
        {
            throw new ArgumentException($"{prefix}: bias has {bias.Length} values, expected {outFeatures}", nameof(bias));
        }

        string biasName = builder.AddFloatInitializer(BlockNames.Initializer(prefix, "Add.bias"), bias, outFeatures);
        return builder.AddNode($"{prefix}/Add", "Add", [output, biasName]);
    }

    /// <summary>
    /// Adds a float weight in the requested storage and returns a float32 value: the initialiser itself, or
    /// <c>Cast(fp16 initialiser)</c> (node <c>{prefix}/{suffix}/Cast</c>). Int8 and int4 are not storages for a float operand
    /// (it changes the MatMul itself): use <see cref="AddLinear"/>.
    /// </summary>
    public static string AddStoredWeight(OnnxGraphBuilder builder, string prefix, string suffix, ReadOnlySpan<float> values, long[] dims, WeightStorage storage)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (storage.IsBlockQuantized())
        {
            throw new ArgumentException($"{prefix}/{suffix}: quantised weights are MatMulNBits operands, not float values; use AddLinear", nameof(storage));
        }

        string name = BlockNames.Initializer(prefix, suffix);
        if (storage == WeightStorage.Float32)
        {
            return builder.AddFloatInitializer(name, values, dims);
        }

        string stored = builder.AddFloat16Initializer(name, values, dims);
        return builder.AddNode($"{prefix}/{suffix}/Cast", "Cast", [stored], OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Float));
    }

    /// <summary>Row-major <c>[out, in]</c> -> row-major <c>[in, out]</c>.</summary>
    public static float[] TransposeToInOut(ReadOnlySpan<float> weightOutIn, int outFeatures, int inFeatures)
    {
        if (weightOutIn.Length != (long)outFeatures * inFeatures)
        {
            throw new ArgumentException($"weight has {weightOutIn.Length} values, expected [{outFeatures}, {inFeatures}] = {(long)outFeatures * inFeatures}", nameof(weightOutIn));
        }

        var transposed = new float[weightOutIn.Length];
        for (int o = 0; o < outFeatures; o++)
        {
            for (int i = 0; i < inFeatures; i++)
            {
                transposed[i * outFeatures + o] = weightOutIn[o * inFeatures + i];
            }
        }

        return transposed;
    }
}
