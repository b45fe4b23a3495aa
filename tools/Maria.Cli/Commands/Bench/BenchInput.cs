using Maria.Cli.Inputs;
using Maria.Runtime;
using Maria.Runtime.Masking;
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
            collected.AddRange(TextTokens.Encode(tokenizer, text, sharedVocabularySize));
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

    /// <summary>
    /// The masks of the benchmark's record <paramref name="index"/> (of <c>maria bench</c> and <c>maria compare</c>):
    /// the project's <see cref="MaskRule"/> at <paramref name="rate"/>, drawn by <see cref="SeededRandom.For"/>(seed,
    /// "bench-masks", index).
    /// </summary>
    public static int[] DrawMasks(int length, double rate, int seed, int index) =>
        MaskRule.Draw(length, rate, SeededRandom.For(seed, "bench-masks", index));
}
