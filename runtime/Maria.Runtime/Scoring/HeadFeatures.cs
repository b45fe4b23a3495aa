namespace Maria.Runtime.Scoring;

/// <summary>The head's inputs and targets at the masked positions of one text, in mask order.</summary>
/// <param name="ArStates">v_{i-1} for each mask, row-major [masks, d_ar].</param>
/// <param name="MlmStates">u_i for each mask, row-major [masks, d_mlm].</param>
/// <param name="Targets">The true token x_i at each mask, [masks].</param>
internal sealed record HeadFeatures(float[] ArStates, float[] MlmStates, int[] Targets)
{
    /// <summary>Number of masked positions.</summary>
    public int Count => Targets.Length;
}
