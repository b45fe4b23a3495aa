namespace Maria.Training.Tokenizer;

/// <summary>
/// The result of byte-level BPE training: the ordinary tokens in id order (the 256 byte-level symbols, id =
/// byte value, then one token per merge in merge order) and the merges as (left, right) symbol pairs.
/// </summary>
/// <param name="Tokens">Token strings in the byte-level alphabet; index = token id.</param>
/// <param name="Merges">Merge i creates token 256 + i = Left + Right.</param>
internal sealed record TrainedBpe(IReadOnlyList<string> Tokens, IReadOnlyList<(string Left, string Right)> Merges)
{
    /// <summary>The number of byte-level symbols every vocabulary starts with.</summary>
    public const int ByteSymbolCount = 256;
}
