using System.Text.Json.Nodes;
using Maria.Runtime.Tokenization;

namespace Maria.Runtime.Tests.Tokenization;

/// <summary>
/// A ModernBERT-layout tokenizer built from the OLMo one as the ModernBERT release does (architectures.md §5.3):
/// [UNK] [CLS] [SEP] [PAD] [MASK] at 50280..50284 ([MASK] with lstrip), 83 [unusedN], and a [CLS] $A [SEP] template.
/// </summary>
public sealed class ModernBertLayoutTests
{
    private static readonly Lazy<HuggingFaceTokenizer> SharedModernBert = new(() => Build(listTemplate: true));

    private static HuggingFaceTokenizer ModernBert => SharedModernBert.Value;

    private static HuggingFaceTokenizer Olmo => TokenizerTestFiles.Olmo;

    internal static HuggingFaceTokenizer Build(bool listTemplate) =>
        HuggingFaceTokenizer.FromJson(BuildJson(listTemplate), "modernbert-layout (built in test)");

    /// <summary>The OLMo tokenizer.json turned into ModernBERT's layout: appended specials and a [CLS] $A [SEP] template.</summary>
    internal static string BuildJson(bool listTemplate)
    {
        var root = JsonNode.Parse(File.ReadAllText(TokenizerTestFiles.OlmoTokenizerPath))!.AsObject();
        var added = root["added_tokens"]!.AsArray();
        string[] specials = ["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"];
        for (int i = 0; i < specials.Length; i++)
        {
            added.Add(TinyTokenizerPair.Added(50280 + i, specials[i], special: true, lstrip: specials[i] == "[MASK]"));
        }
        for (int i = 0; i < 83; i++)
        {
            added.Add(TinyTokenizerPair.Added(50285 + i, $"[unused{i}]", special: false, lstrip: false));
        }
        JsonNode single = listTemplate
            ? new JsonArray(
                new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "[CLS]", ["type_id"] = 0 } },
                new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
                new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "[SEP]", ["type_id"] = 0 } })
            : JsonValue.Create("[CLS]:0 $A:0 [SEP]:0");
        root["post_processor"] = new JsonObject
        {
            ["type"] = "TemplateProcessing",
            ["single"] = single,
            // The list form is what Hugging Face's tokenizers library itself reads (the oracle of TokenizerOracleTests).
            ["pair"] = listTemplate
                ? new JsonArray(
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "[CLS]", ["type_id"] = 0 } },
                    new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "[SEP]", ["type_id"] = 0 } },
                    new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "B", ["type_id"] = 1 } },
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "[SEP]", ["type_id"] = 1 } })
                : JsonValue.Create("[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1"),
            ["special_tokens"] = new JsonObject
            {
                ["[CLS]"] = new JsonObject { ["id"] = "[CLS]", ["ids"] = new JsonArray(50281), ["tokens"] = new JsonArray("[CLS]") },
                ["[SEP]"] = new JsonObject { ["id"] = "[SEP]", ["ids"] = new JsonArray(50282), ["tokens"] = new JsonArray("[SEP]") },
            },
        };
        return root.ToJsonString();
    }

    [Fact]
    public void Mask_absorbs_the_space_before_it_and_the_template_wraps_the_text_in_cls_and_sep()
    {
        var ids = ModernBert.Encode("Paris is the [MASK] of France.", addSpecialTokens: true);

        var expected = new List<int> { 50281 };
        expected.AddRange(Olmo.Encode("Paris is the"));
        expected.Add(50284);
        expected.AddRange(Olmo.Encode(" of France."));
        expected.Add(50282);
        Assert.Equal(expected, ids);
        // The text pieces are ordinary OLMo tokens ("Paris", " is", " the" / " of", " France", ".").
        Assert.Equal(["Paris", "Ġis", "Ġthe", "Ġof", "ĠFrance", "."],
            expected.Where(id => id < 50280).Select(id => Olmo.IdToToken(id)!));
    }

    [Fact]
    public void The_mask_token_span_includes_the_absorbed_space_and_template_tokens_have_empty_spans()
    {
        const string text = "Paris is the [MASK] of France.";
        var tokens = ModernBert.EncodeWithOffsets(text, addSpecialTokens: true);

        Assert.Equal(new EncodedToken(50281, "[CLS]", 0, 0), tokens[0]);
        Assert.Equal(new EncodedToken(50282, "[SEP]", text.Length, 0), tokens[^1]);
        var mask = tokens.Single(t => t.Id == 50284);
        Assert.Equal(" [MASK]", text.Substring(mask.Start, mask.Length));
    }

    [Fact]
    public void The_string_form_of_the_template_gives_the_same_encoding_as_the_list_form()
    {
        var fromString = Build(listTemplate: false);
        Assert.Equal(ModernBert.Encode("a [MASK].", addSpecialTokens: true), fromString.Encode("a [MASK].", addSpecialTokens: true));
    }

    [Fact]
    public void Without_special_tokens_requested_the_template_is_not_applied()
    {
        Assert.Equal(Olmo.Encode("Hello world"), ModernBert.Encode("Hello world"));
    }

    [Fact]
    public void Vocabulary_size_counts_the_appended_special_and_unused_tokens()
    {
        Assert.Equal(50368, ModernBert.VocabularySize);
        Assert.Equal(50284, ModernBert.TokenToId("[MASK]"));
        Assert.Equal("[unused82]", ModernBert.IdToToken(50367));
        Assert.True(ModernBert.IsSpecialToken(50281));
        Assert.False(ModernBert.IsSpecialToken(50290));
    }

    [Fact]
    public void Decoding_skips_cls_sep_and_mask_when_asked()
    {
        var ids = ModernBert.Encode("The [MASK] rose.", addSpecialTokens: true);
        // The space absorbed by [MASK] (lstrip) is not given back, as in Hugging Face.
        Assert.Equal("[CLS]The[MASK] rose.[SEP]", ModernBert.Decode(ids));
        Assert.Equal("The rose.", ModernBert.Decode(ids, skipSpecialTokens: true));
    }
}
