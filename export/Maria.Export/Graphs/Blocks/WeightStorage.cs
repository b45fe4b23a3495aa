namespace Maria.Export.Graphs.Blocks;

/// <summary>How a float weight is stored in the model; activations are always float32.</summary>
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
}
