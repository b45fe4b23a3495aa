using Maria.Runtime;
using Maria.Runtime.Tokenization;

namespace Maria.Training.Tests.Tokenizer;

/// <summary>The tokenizers committed under models/ (trained with maria-train tokenizer on the training split).</summary>
public class CommittedTokenizerTests
{
    private static HuggingFaceTokenizer Load(string model)
        => HuggingFaceTokenizer.Load(Path.Combine(RepositoryFiles.Root, "models", model, "tokenizer.json"));

    [Fact]
    public void The_olmo_tiny_tokenizer_has_4096_ids_with_padding_and_endoftext_last()
    {
        var causal = Load("olmo-tiny");

        Assert.Equal(4096, causal.VocabularySize);
        Assert.Equal(4094, causal.TokenToId("<|padding|>"));
        Assert.Equal(4095, causal.TokenToId("<|endoftext|>"));
    }

    [Fact]
    public void The_modernbert_tiny_tokenizer_extends_the_same_vocabulary_to_4160_rows()
    {
        var causal = Load("olmo-tiny");
        var masked = Load("modernbert-tiny");

        Assert.Equal(4160, masked.VocabularySize);
        Assert.Equal(causal.Merges, masked.Merges);
        for (int id = 0; id < 4096; id++)
        {
            Assert.Equal(causal.IdToToken(id), masked.IdToToken(id));
        }
        Assert.Equal([4097, 4098, 4099, 4100], new[] { "[CLS]", "[SEP]", "[PAD]", "[MASK]" }.Select(t => masked.TokenToId(t)!.Value));
    }

    [Fact]
    public void The_committed_tokenizer_round_trips_a_validation_address()
    {
        var causal = Load("olmo-tiny");
        string text = Maria.Training.Data.SotuCorpus.ReadTexts(RepositoryFiles.Corpus("validation.jsonl"), "--validation")[0];

        var ids = causal.Encode(text);

        Assert.Equal(text, causal.Decode(ids));
        Assert.True(text.Length / (double)ids.Count > 3.5, $"{text.Length} chars took {ids.Count} tokens");
    }
}
