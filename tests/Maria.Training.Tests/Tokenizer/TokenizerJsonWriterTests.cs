using System.Text.Json;
using Maria.Training.Tokenizer;

namespace Maria.Training.Tests.Tokenizer;

public class TokenizerJsonWriterTests
{
    private static readonly TrainedBpe Bpe =
        new BpeTrainer(ByteLevelWordCounter.Count(["the cat sat on the mat", "the hat"])).Train(10);

    private static JsonElement WriteAndRead(Action<string, TrainedBpe> write)
    {
        using var temporary = new TemporaryFolder();
        string path = Path.Combine(temporary.Path, "tokenizer.json");
        write(path, Bpe);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    [Fact]
    public void Causal_file_has_the_olmo_layout()
    {
        var root = WriteAndRead(TokenizerJsonWriter.WriteCausal);

        Assert.Equal(["version", "truncation", "padding", "added_tokens", "normalizer", "pre_tokenizer", "post_processor", "decoder", "model"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("NFC", root.GetProperty("normalizer").GetProperty("type").GetString());
        foreach (string part in new[] { "pre_tokenizer", "post_processor", "decoder" })
        {
            var element = root.GetProperty(part);
            Assert.Equal("ByteLevel", element.GetProperty("type").GetString());
            Assert.False(element.GetProperty("add_prefix_space").GetBoolean());
            Assert.True(element.GetProperty("trim_offsets").GetBoolean());
            Assert.True(element.GetProperty("use_regex").GetBoolean());
        }
        var model = root.GetProperty("model");
        Assert.Equal("BPE", model.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, model.GetProperty("unk_token").ValueKind);
        Assert.False(model.GetProperty("byte_fallback").GetBoolean());
        int v = Bpe.Tokens.Count + 2;
        var added = root.GetProperty("added_tokens").EnumerateArray().Select(t => (t.GetProperty("id").GetInt32(), t.GetProperty("content").GetString())).ToArray();
        Assert.Equal([(v - 2, "<|padding|>"), (v - 1, "<|endoftext|>")], added);
    }

    [Fact]
    public void Vocab_lists_bytes_then_merges_in_order_and_merges_are_space_separated_pairs()
    {
        var model = WriteAndRead(TokenizerJsonWriter.WriteCausal).GetProperty("model");

        var vocab = model.GetProperty("vocab").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(Bpe.Tokens.Count + 2, vocab.Count);
        Assert.Equal(32, vocab["Ġ"]);
        Assert.Equal(97, vocab["a"]);
        var merges = model.GetProperty("merges").EnumerateArray().Select(m => m.GetString()!).ToArray();
        Assert.Equal(Bpe.Merges.Select(m => $"{m.Left} {m.Right}"), merges);
        for (int i = 0; i < merges.Length; i++)
        {
            Assert.Equal(256 + i, vocab[merges[i].Replace(" ", "", StringComparison.Ordinal)]);
        }
    }

    [Fact]
    public void Masked_file_adds_bert_specials_and_a_cls_sep_template()
    {
        var root = WriteAndRead(TokenizerJsonWriter.WriteMasked);
        int v = Bpe.Tokens.Count + 2;

        var added = root.GetProperty("added_tokens").EnumerateArray().ToArray();
        Assert.Equal(0, (v - 2 + added.Length) % 64); // BPE tokens + added tokens fill whole 64-row blocks
        var byContent = added.ToDictionary(t => t.GetProperty("content").GetString()!, t => t);
        Assert.Equal(v, byContent["[UNK]"].GetProperty("id").GetInt32());
        Assert.Equal(v + 1, byContent["[CLS]"].GetProperty("id").GetInt32());
        Assert.Equal(v + 2, byContent["[SEP]"].GetProperty("id").GetInt32());
        Assert.Equal(v + 3, byContent["[PAD]"].GetProperty("id").GetInt32());
        Assert.Equal(v + 4, byContent["[MASK]"].GetProperty("id").GetInt32());
        Assert.True(byContent["[MASK]"].GetProperty("lstrip").GetBoolean());
        Assert.Equal(v - 1, byContent["<|endoftext|>"].GetProperty("id").GetInt32());

        var template = root.GetProperty("post_processor");
        Assert.Equal("TemplateProcessing", template.GetProperty("type").GetString());
        Assert.Equal("[CLS]:0 $A:0 [SEP]:0", Describe(template.GetProperty("single")));
        Assert.Equal("[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1", Describe(template.GetProperty("pair")));
        var cls = template.GetProperty("special_tokens").GetProperty("[CLS]");
        Assert.Equal([v + 1], cls.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()));
        Assert.Equal(["[CLS]"], cls.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public void Masked_and_causal_files_share_the_vocabulary_and_merges()
    {
        var causal = WriteAndRead(TokenizerJsonWriter.WriteCausal).GetProperty("model");
        var masked = WriteAndRead(TokenizerJsonWriter.WriteMasked).GetProperty("model");

        var causalVocab = causal.GetProperty("vocab").EnumerateObject().Select(p => (p.Name, p.Value.GetInt32()));
        var maskedVocab = masked.GetProperty("vocab").EnumerateObject().Select(p => (p.Name, p.Value.GetInt32()));
        Assert.Equal(causalVocab, maskedVocab.Take(Bpe.Tokens.Count + 2));
        Assert.Equal(causal.GetProperty("merges").GetRawText(), masked.GetProperty("merges").GetRawText());
    }

    private static string Describe(JsonElement pieces) => string.Join(" ", pieces.EnumerateArray().Select(piece =>
    {
        var entry = piece.EnumerateObject().Single();
        string id = entry.Value.GetProperty("id").GetString()!;
        int type = entry.Value.GetProperty("type_id").GetInt32();
        return entry.Name == "Sequence" ? $"${id}:{type}" : $"{id}:{type}";
    }));
}
