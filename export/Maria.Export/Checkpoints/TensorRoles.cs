namespace Maria.Export.Checkpoints;

/// <summary>
/// Classifies Hugging Face tensor names of the supported architectures (one rule, used by module initialisation
/// and by the random checkpoint writer so both agree).
/// </summary>
public static class TensorRoles
{
    /// <summary>The standard deviation Hugging Face configs give as initializer_range for these models.</summary>
    public const double InitializerRange = 0.02;

    /// <summary>
    /// "*.bias" is a bias; a "weight" whose owning module's name contains "norm" (norm, attn_norm, mlp_norm,
    /// final_norm, input_layernorm, post_attention_layernorm) is a norm scale; everything else is a matrix.
    /// </summary>
    public static TensorRole Of(string tensorName)
    {
        string[] parts = tensorName.Split('.');
        if (parts[^1] == "bias")
        {
            return TensorRole.Bias;
        }
        return parts.Length >= 2 && parts[^2].Contains("norm", StringComparison.Ordinal) ? TensorRole.NormScale : TensorRole.Matrix;
    }
}
