namespace Maria.Export.Graphs.Blocks;

/// <summary>How a float weight is stored in the model; computation is always float32.</summary>
public enum WeightStorage
{
    /// <summary>float32 initialiser used directly.</summary>
    Float32,

    /// <summary>float16 initialiser (half the bytes) followed by one Cast to float32, which ONNX Runtime folds at load.</summary>
    Float16,
}
