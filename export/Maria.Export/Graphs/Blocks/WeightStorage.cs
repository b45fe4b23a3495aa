namespace Maria.Export.Graphs.Blocks;

/// <summary>How a float weight is stored in the model; activations are always float32.</summary>
/// <remarks>
/// The 4-bit members spell out the two choices that change the stored bytes (block size along K, zero points or
/// symmetric); <see cref="WeightStorageExtensions.Quantization"/> gives them as a <see cref="Weights.BlockQuantization"/>.
/// </remarks>
public enum WeightStorage
{
    /// <summary>float32 initialiser used directly.</summary>
    Float32,

    /// <summary>float16 initialiser (half the bytes) followed by one Cast to float32, which ONNX Runtime folds at load.</summary>
    Float16,

    /// <summary>
    /// Linear layers as com.microsoft MatMulNBits with 8-bit symmetric blockwise weights (about a quarter of the bytes,
    /// int8 compute on CPU); embedding tables are stored as float16 (see WeightStorageExtensions.ForEmbeddings), norms and biases stay float32.
    /// </summary>
    Int8,

    /// <summary>Linear layers as MatMulNBits bits=4, symmetric (no zero-point tensor), blocks of 32 along K; embeddings float16.</summary>
    Int4Block32,

    /// <summary>As <see cref="Int4Block32"/> with blocks of 128 along K (fewer scales: 0.53 instead of 0.625 bytes per weight).</summary>
    Int4Block128,

    /// <summary>As <see cref="Int4Block32"/> with blocks of 64 along K (0.5625 bytes per weight): the largest block that divides
    /// ModernBERT-large's MLP width 2,624, so the paper's 7B pair fits its 4.5 GB budget (docs/BENCHMARKS.md, "The paper's 7B shape").</summary>
    Int4Block64,

    /// <summary>MatMulNBits bits=4, asymmetric: a packed 4-bit zero point per block as well as the scale, blocks of 32.</summary>
    Int4Block32ZeroPoints,

    /// <summary>MatMulNBits bits=4, asymmetric, blocks of 128.</summary>
    Int4Block128ZeroPoints,

    /// <summary>MatMulNBits bits=4, asymmetric, blocks of 64.</summary>
    Int4Block64ZeroPoints,
}
