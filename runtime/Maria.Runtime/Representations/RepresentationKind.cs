namespace Maria.Runtime;

/// <summary>Which model's per-token states a representation holds.</summary>
public enum RepresentationKind
{
    /// <summary>u: the masked LM's head-transformed rows (the vector its decoder matrix multiplies), d_mlm wide.</summary>
    MaskedLanguageModel,

    /// <summary>v: the causal model's final-norm states (the vector its output matrix multiplies), d_ar wide.</summary>
    Autoregressive,

    /// <summary>[v ; u]: both, concatenated in the head's order, d_ar + d_mlm wide.</summary>
    Maria,
}
