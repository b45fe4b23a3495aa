namespace Maria.Training.Data;

/// <summary>
/// The pretraining examples: every document tokenized with the causal tokenizer, each one preceded by
/// <c>&lt;|endoftext|&gt;</c> (OLMo style), concatenated into one stream and cut into non-overlapping windows of
/// <see cref="WindowLength"/> tokens (the last partial window is dropped). Window i is stream[i*L .. (i+1)*L).
/// </summary>
internal sealed class TokenWindows
{
    private readonly int[] stream;

    private TokenWindows(int[] stream, int windowLength)
    {
        this.stream = stream;
        WindowLength = windowLength;
        Count = stream.Length / windowLength;
    }

    /// <summary>Tokens per window.</summary>
    public int WindowLength { get; }

    /// <summary>Number of whole windows.</summary>
    public int Count { get; }

    /// <summary>All tokens of the stream, including the dropped tail.</summary>
    public int TokenCount => stream.Length;

    /// <summary>Window <paramref name="index"/>: <see cref="WindowLength"/> token ids.</summary>
    public ReadOnlySpan<int> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return stream.AsSpan(index * WindowLength, WindowLength);
        }
    }

    /// <summary>Tokenizes <paramref name="documents"/> and cuts the joined stream into windows.</summary>
    /// <param name="documents">Document texts, in order.</param>
    /// <param name="encode">The causal tokenizer without special tokens added.</param>
    /// <param name="endOfTextId">The id of <c>&lt;|endoftext|&gt;</c>, put before every document.</param>
    /// <param name="windowLength">Tokens per window.</param>
    public static TokenWindows Build(IEnumerable<string> documents, Func<string, IReadOnlyList<int>> encode, int endOfTextId, int windowLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowLength, 2);
        var tokens = new List<int>();
        foreach (string document in documents)
        {
            tokens.Add(endOfTextId);
            tokens.AddRange(encode(document));
        }
        return new TokenWindows(tokens.ToArray(), windowLength);
    }

    /// <summary>Windows over an already tokenized stream (tests, cached streams).</summary>
    public static TokenWindows FromStream(int[] stream, int windowLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowLength, 2);
        return new TokenWindows(stream, windowLength);
    }
}
