using Maria.Runtime.Tokenization;
using OracleTokenizer = Tokenizers.DotNet.Tokenizer;

namespace Maria.Runtime.Tests.Tokenization;

/// <summary>
/// Hugging Face's own tokenizer (the Rust library, through Tokenizers.DotNet 1.4.1) as an independent oracle: the
/// runtime's ids equal its ids on every address of the corpus splits the tests fetch (train and validation; never
/// the reserved ones) and on the text classes of the vectors, for the real OLMo tokenizer and for ModernBERT-layout
/// ones ([CLS] text [SEP], [MASK] absorbing the space before it); their decodes, which drop the specials, agree too.
/// </summary>
public sealed class TokenizerOracleTests : IDisposable
{
    /// <summary>Unicode, runs of spaces, newlines, [MASK] with and without a space before it.</summary>
    public static TheoryData<string> TextClasses => new()
    {
        "This is a test",
        "生活的真谛是 — naïve café, Ünïcödé ﬁ ligature, emoji 🎉 and Ǆ",
        "Hi  Hello   world    four     five",
        " leading and trailing ",
        "lines\nand\n\nparagraphs\r\n\twith tabs",
        "The [MASK] of the Union is [MASK].",
        "Paris is the[MASK]of France.[MASK][MASK] end",
        "a  [MASK]   [MASK]\n[MASK]",
        "<|endoftext|> inside text",
        "",
    };

    private readonly TemporaryFolder folder = new();
    private readonly string modernBertLayoutPath;

    public TokenizerOracleTests()
    {
        // The oracle reads files: the ModernBERT layout built from the OLMo tokenizer, written out.
        modernBertLayoutPath = folder.File("modernbert-layout.json");
        File.WriteAllText(modernBertLayoutPath, ModernBertLayoutTests.BuildJson(listTemplate: true));
    }

    private static string ShippedTokenizer => Path.Combine(RepositoryFiles.Root, "models", "maria-tiny", "tokenizer.json");

    public void Dispose() => folder.Dispose();

    [Theory]
    [MemberData(nameof(TextClasses))]
    public void Olmo_ids_equal_the_oracles_on_every_text_class(string text)
    {
        using var oracle = new OracleTokenizer(RepositoryFiles.OlmoTokenizer);
        Assert.Equal(Ids(oracle, text), TokenizerTestFiles.Olmo.Encode(text, addSpecialTokens: true));
    }

    [Theory]
    [MemberData(nameof(TextClasses))]
    public void Modernbert_layout_ids_and_decodes_equal_the_oracles_on_every_text_class(string text)
    {
        foreach (string path in new[] { modernBertLayoutPath, ShippedTokenizer })
        {
            using var oracle = new OracleTokenizer(path);
            var ours = HuggingFaceTokenizer.Load(path);
            var ids = ours.Encode(text, addSpecialTokens: true);
            Assert.Equal(Ids(oracle, text), ids);
            Assert.Equal(oracle.Decode([.. ids.Select(id => (uint)id)]), ours.Decode(ids, skipSpecialTokens: true));
        }
    }

    [Fact]
    public void Olmo_ids_equal_the_oracles_on_every_address_of_the_train_and_validation_splits()
    {
        using var oracle = new OracleTokenizer(RepositoryFiles.OlmoTokenizer);
        AssertSameIdsOnCorpus(oracle, TokenizerTestFiles.Olmo);
    }

    [Fact]
    public void Shipped_modernbert_layout_ids_equal_the_oracles_on_every_address_of_the_train_and_validation_splits()
    {
        using var oracle = new OracleTokenizer(ShippedTokenizer);
        AssertSameIdsOnCorpus(oracle, HuggingFaceTokenizer.Load(ShippedTokenizer));
    }

    private static void AssertSameIdsOnCorpus(OracleTokenizer oracle, HuggingFaceTokenizer ours)
    {
        var texts = TokenizerTestFiles.TrainingTexts().Concat(TokenizerTestFiles.ValidationTexts()).ToList();
        Assert.True(texts.Count > 200, $"only {texts.Count} addresses");
        foreach (string text in texts)
        {
            var expected = Ids(oracle, text);
            var actual = ours.Encode(text, addSpecialTokens: true);
            if (!expected.SequenceEqual(actual))
            {
                int first = Enumerable.Range(0, Math.Min(expected.Count, actual.Count)).FirstOrDefault(i => expected[i] != actual[i], Math.Min(expected.Count, actual.Count));
                Assert.Fail($"address starting '{text[..Math.Min(40, text.Length)]}': first difference at token {first} of {expected.Count}: oracle {string.Join(' ', expected.Skip(first).Take(5))}, runtime {string.Join(' ', actual.Skip(first).Take(5))}");
            }
        }
    }

    private static List<int> Ids(OracleTokenizer oracle, string text) => [.. oracle.Encode(text).Select(id => checked((int)id))];
}
