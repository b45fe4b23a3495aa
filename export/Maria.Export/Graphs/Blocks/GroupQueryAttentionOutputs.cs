namespace Maria.Export.Graphs.Blocks;

/// <summary>Value names produced by <c>GroupQueryAttention</c>.</summary>
/// <param name="Output"><c>[batch, seq, numHeads·headDim]</c>.</param>
/// <param name="PresentKey"><c>[batch, kvHeads, max(maxLength, total), headDim]</c>: the same buffer as past when bound to it.</param>
/// <param name="PresentValue">Same shape as <paramref name="PresentKey"/>.</param>
public sealed record GroupQueryAttentionOutputs(string Output, string PresentKey, string PresentValue);
