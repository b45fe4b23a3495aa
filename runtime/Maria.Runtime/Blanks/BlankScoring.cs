namespace Maria.Runtime;

/// <summary>How candidates of different lengths are put on one scale (docs/BLANKS.md justifies the default).</summary>
public enum BlankScoring
{
    /// <summary>
    /// The causal model's exact joint log-likelihood of the completed text up to the next undecided blank: every
    /// candidate explains the same characters around it, so the scores of a 1-token and a 3-token fill compare directly.
    /// </summary>
    CausalJoint,

    /// <summary>
    /// MARIA's log p(fill | context) at the candidate length plus the causal model's log-likelihood of the known text
    /// after the blank up to the next undecided one (the fill judged by MARIA, its fit with what follows by the causal model).
    /// </summary>
    MariaPlusSuffix,
}
