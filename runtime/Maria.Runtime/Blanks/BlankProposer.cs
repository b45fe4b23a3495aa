namespace Maria.Runtime;

/// <summary>Which model writes the candidate fill of each candidate length.</summary>
public enum BlankProposer
{
    /// <summary>MARIA: the candidate length's masks filled with the package head (one MLM pass per length, batched).</summary>
    Maria,

    /// <summary>The causal model alone, continuing the text before the blank (ignores the text after it; a baseline).</summary>
    CausalModel,
}
