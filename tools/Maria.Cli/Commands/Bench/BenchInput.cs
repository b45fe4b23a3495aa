using Maria.Cli.Inputs;
using Maria.Runtime;
using Maria.Runtime.Tokenization;

namespace Maria.Cli.Commands.Bench;

/// <summary>
/// The token stream the benchmark cuts its inputs from: the texts of a JSON-lines file ({"text": ...} per line),
/// tokenised with the package tokenizer and concatenated in file order until the longest requested length is reached.
/// Every method sees the very same tokens and masks.
/// </summary>
internal sealed class BenchInput
{
    private readonly int[] tokens;

    private BenchInput(int[] tokens) => this.tokens = tokens;

    /// <summary>
    /// Reads just enough texts of <paramref name="path"/> to hold <paramref name="needed"/> text tokens;
    /// <paramref name="shortage"/> ends the error when they hold fewer (what needs the tokens, and the fix).
    /// </summary>
    public static BenchInput Read(string path, HuggingFaceTokenizer tokenizer, int sharedVocabularySize, int needed, string? shortage = null)
    {
        var collected = new List<int>(needed);
        foreach (string text in JsonTextLines.Read(path))
        {
            // Special tokens (a literal "[MASK]" in a text, say) are never valid input tokens: leave them out.
            collected.AddRange(tokenizer.Encode(text).Where(id => id >= 0 && id < sharedVocabularySize));
            if (collected.Count >= needed)
            {
                return new BenchInput([.. collected.Take(needed)]);
            }
        }
        if (collected.Count == 0)
        {
            throw new MariaInputException($"--data {path}: the file has no text; pass a JSON-lines file of {{\"text\": ...}} records");
        }
        throw new MariaInputException($"--data {path}: the texts hold {collected.Count} tokens but {shortage ?? $"the longest length asks for {needed}; pass more data or shorter --lengths"}");
    }

    /// <summary>The first <paramref name="length"/> tokens.</summary>
    public int[] Tokens(int length) => tokens[..length];

    /// <summary>round(rate * length) distinct positions in 0..length-1, drawn uniformly with <paramref name="seed"/>, increasing.</summary>
    public static int[] DrawMasks(int length, double rate, int seed)
    {
        int count = (int)Math.Round(rate * length, MidpointRounding.AwayFromZero);
        var positions = Enumerable.Range(0, length).ToArray();
        var random = new Random(seed);
        // Partial Fisher-Yates: the first `count` slots end up a uniform sample without replacement.
        for (int k = 0; k < count; k++)
        {
            int pick = random.Next(k, length);
            (positions[k], positions[pick]) = (positions[pick], positions[k]);
        }
        var masks = positions[..count];
        Array.Sort(masks);
        return masks;
    }
}
