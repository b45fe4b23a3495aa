namespace Maria.Export.Checkpoints;

/// <summary>What a checkpoint tensor is, which decides how it is initialised.</summary>
public enum TensorRole
{
    /// <summary>A projection or embedding matrix: normal(0, 0.02).</summary>
    Matrix,

    /// <summary>A norm scale γ: ones.</summary>
    NormScale,

    /// <summary>A bias: zeros.</summary>
    Bias,
}
