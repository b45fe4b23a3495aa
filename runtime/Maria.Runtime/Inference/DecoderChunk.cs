namespace Maria.Runtime.Inference;

/// <summary>
/// One text's share of a decoder call: the next tokens of its AR stream, appended to the cache slot
/// <paramref name="Slot"/> after what the slot already holds, and the states that should produce logits.
/// </summary>
/// <param name="Slot">The cache slot of the text.</param>
/// <param name="Tokens">The chunk: AR-stream ids ([c]).</param>
/// <param name="MariaPositions">Indices into <paramref name="Tokens"/> whose states get MARIA logits (and hidden states).</param>
/// <param name="MlmRows">The MLM rows u for those states, [MariaPositions.Length, d_mlm] row-major.</param>
/// <param name="ArPositions">Indices into <paramref name="Tokens"/> whose states get AR-only logits.</param>
internal sealed record DecoderChunk(int Slot, ReadOnlyMemory<long> Tokens, int[] MariaPositions, ReadOnlyMemory<float> MlmRows, int[] ArPositions)
{
    /// <summary>A chunk that only extends the cache (no logits).</summary>
    public static DecoderChunk Prefill(int slot, ReadOnlyMemory<long> tokens) => new(slot, tokens, [], ReadOnlyMemory<float>.Empty, []);
}
