namespace Maria.Runtime;

/// <summary>Which causal state stands for token i (0-based) in a per-token representation.</summary>
public enum ArAlignment
{
    /// <summary>
    /// v_{i-1}: the state that has read [BOS] x_1 .. x_{i-1} and predicts x_i - exactly what the MARIA head reads at
    /// position i (maria-method.md §2). It has not seen token i itself.
    /// </summary>
    HeadInput,

    /// <summary>v_i: the state after reading token i (the causal model's own contextual vector of that token).</summary>
    AfterToken,
}
