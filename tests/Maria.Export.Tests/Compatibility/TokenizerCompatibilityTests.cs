using System.Text.Json.Nodes;
using Maria.Export.Compatibility;
using Maria.Export.Configs;

namespace Maria.Export.Tests.Compatibility;

public sealed class TokenizerCompatibilityTests
{
    private static readonly SpecialTokenHints TinyHints = new(TinyTokenizerPair.EndOfText);

    private static SharedVocabulary Check(JsonObject masked, JsonObject causal, SpecialTokenHints? hints = null) =>
        TokenizerCompatibility.CheckJson(masked.ToJsonString(), "mlm/tokenizer.json", causal.ToJsonString(), "ar/tokenizer.json", hints ?? TinyHints);

    private static string Refusal(JsonObject masked, JsonObject causal, SpecialTokenHints? hints = null)
    {
        var e = Assert.Throws<TokenizerIncompatibleException>(() => Check(masked, causal, hints));
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    [Fact]
    public void A_masked_tokenizer_extending_the_causal_one_shares_every_causal_id()
    {
        var shared = Check(TinyTokenizerPair.Masked(), TinyTokenizerPair.Causal());

        Assert.Equal(new SharedVocabulary(SharedSize: 264, ClsId: 265, SepId: 266, PadId: 267, MaskId: 268, BosId: 263, EosId: 263), shared);
    }

    [Fact]
    public void Olmo_and_a_modernbert_layout_built_from_it_share_ids_0_to_50279()
    {
        string olmoPath = SharedTokenizerFiles.OlmoTokenizerPath;
        var modernBert = TinyTokenizerPair.WithBertSpecials(JsonNode.Parse(File.ReadAllText(olmoPath))!.AsObject(), firstId: 50280);
        var hints = SpecialTokenHints.FromConfigs(ModernBertConfig.Base(), OlmoConfig.Olmo1B());

        var shared = TokenizerCompatibility.CheckJson(modernBert.ToJsonString(), "modernbert-layout", File.ReadAllText(olmoPath), olmoPath, hints);

        Assert.Equal(50280, shared.SharedSize);
        Assert.Equal((50281, 50282, 50283, 50284), (shared.ClsId, shared.SepId, shared.PadId, shared.MaskId));
        Assert.Equal((50279, 50279), (shared.BosId, shared.EosId));
    }

    [Fact]
    public void A_changed_token_string_is_refused_naming_the_id_and_both_strings()
    {
        var masked = TinyTokenizerPair.Masked();
        var vocab = masked["model"]!["vocab"]!.AsObject();
        (vocab["an"], vocab["nd"]) = (261, 259);

        string message = Refusal(masked, TinyTokenizerPair.Causal());

        Assert.Contains("id 259", message);
        Assert.Contains("\"nd\" in mlm/tokenizer.json", message);
        Assert.Contains("\"an\" in ar/tokenizer.json", message);
    }

    [Fact]
    public void Only_the_first_of_several_disagreements_is_named()
    {
        var masked = TinyTokenizerPair.Masked();
        var vocab = masked["model"]!["vocab"]!.AsObject();
        // Swapping two ids makes both disagree; the lower one is reported.
        (vocab["Ġthe"], vocab["Ġand"]) = (262, 258);

        string message = Refusal(masked, TinyTokenizerPair.Causal());

        Assert.Contains("id 258", message);
        Assert.DoesNotContain("262", message);
    }

    [Fact]
    public void A_changed_merge_is_refused_naming_the_merge_index()
    {
        var masked = TinyTokenizerPair.Masked();
        var merges = masked["model"]!["merges"]!.AsArray();
        // Same vocabulary, merges 3 and 4 swapped: the same strings, but different pre-token splits.
        (merges[3], merges[4]) = (JsonValue.Create("Ġ a"), JsonValue.Create("a n"));

        string message = Refusal(masked, TinyTokenizerPair.Causal());

        Assert.Contains("merge 3", message);
        Assert.Contains("\"Ġ a\" in mlm/tokenizer.json", message);
        Assert.Contains("\"a n\" in ar/tokenizer.json", message);
    }

    [Fact]
    public void An_extra_merge_is_refused_naming_where_the_lists_part()
    {
        var causal = TinyTokenizerPair.Causal();
        var merges = causal["model"]!["merges"]!.AsArray();
        merges.RemoveAt(merges.Count - 1);

        string message = Refusal(TinyTokenizerPair.Masked(), causal);

        Assert.Contains("merge 6", message);
        Assert.Contains("mlm/tokenizer.json has 7 merges, ar/tokenizer.json has 6", message);
    }

    [Fact]
    public void A_different_pre_tokenizer_is_refused()
    {
        var masked = TinyTokenizerPair.Masked();
        masked["pre_tokenizer"]!["add_prefix_space"] = true;

        string message = Refusal(masked, TinyTokenizerPair.Causal());

        Assert.Contains("pre_tokenizer", message);
        Assert.Contains("add_prefix_space", message);
    }

    [Fact]
    public void A_missing_normalizer_is_refused()
    {
        var masked = TinyTokenizerPair.Masked();
        masked["normalizer"] = null;

        Assert.Contains("\"normalizer\" is null in mlm/tokenizer.json", Refusal(masked, TinyTokenizerPair.Causal()));
    }

    [Fact]
    public void Offset_only_settings_do_not_make_tokenizers_incompatible()
    {
        var masked = TinyTokenizerPair.Masked();
        masked["pre_tokenizer"]!["trim_offsets"] = false;

        Assert.Equal(TinyTokenizerPair.SharedSize, Check(masked, TinyTokenizerPair.Causal()).SharedSize);
    }

    [Fact]
    public void An_added_token_that_is_a_plain_token_in_the_other_file_is_refused()
    {
        var causal = TinyTokenizerPair.Causal();
        causal["added_tokens"]!.AsArray().Add(TinyTokenizerPair.Added(262, "Ġand", special: false));

        string message = Refusal(TinyTokenizerPair.Masked(), causal);

        Assert.Contains("id 262", message);
        Assert.Contains("a model token in mlm/tokenizer.json but an added token", message);
    }

    [Fact]
    public void A_mask_token_inside_the_shared_ids_is_refused()
    {
        // A causal tokenizer that also has the BERT specials: its ids cover [MASK], so V_s would contain it.
        var causal = TinyTokenizerPair.Masked();
        var hints = new SpecialTokenHints(TinyTokenizerPair.EndOfText);

        string message = Refusal(TinyTokenizerPair.Masked(), causal, hints);

        Assert.Contains("[CLS] is id 265, inside the shared ids 0..268", message);
    }

    [Fact]
    public void A_masked_config_id_that_contradicts_the_tokenizer_is_refused()
    {
        var hints = TinyHints with { MlmMaskTokenId = 50284 };

        string message = Refusal(TinyTokenizerPair.Masked(), TinyTokenizerPair.Causal(), hints);

        Assert.Contains("[MASK] is id 268 but the masked LM's config.json says mask_token_id = 50284", message);
    }

    [Fact]
    public void A_masked_tokenizer_without_a_mask_token_is_refused()
    {
        var masked = TinyTokenizerPair.Masked();
        var added = masked["added_tokens"]!.AsArray();
        added.RemoveAt(added.Count - 1);

        Assert.Contains("no [MASK] token", Refusal(masked, TinyTokenizerPair.Causal()));
    }

    [Fact]
    public void A_causal_end_of_text_id_outside_its_tokenizer_is_refused()
    {
        string message = Refusal(TinyTokenizerPair.Masked(), TinyTokenizerPair.Causal(), new SpecialTokenHints(ArEosTokenId: 50279));

        Assert.Contains("eos_token_id = 50279 is not a token of its tokenizer (ids 0..263)", message);
    }

    [Fact]
    public void A_causal_bos_id_is_used_when_the_model_has_one()
    {
        var shared = Check(TinyTokenizerPair.Masked(), TinyTokenizerPair.Causal(), TinyHints with { ArBosTokenId = 1 });

        Assert.Equal((1, 263), (shared.BosId, shared.EosId));
    }
}
