using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Maria.Runtime;
using Maria.Runtime.Tokenization;

namespace Maria.Export.Compatibility;

/// <summary>
/// Checks that a masked LM tokenizer and a causal LM tokenizer give the shared ids the same meaning and determines
/// the shared vocabulary V_s (maria-method.md §2, architectures.md §5.4). V_s is every id of the causal tokenizer
/// (0 .. its last id; OLMo: 0..50279, ending with &lt;|endoftext|&gt;): the causal model knows no other ids, and
/// MARIA never feeds it one. Within V_s both files must agree on every token string and added-token flag, use the
/// same merges in the same order, and split text the same way (normaliser, pre-tokenizer, BPE options). The masked
/// LM's [CLS] [SEP] [PAD] [MASK] must lie outside V_s. Any disagreement is refused with a
/// <see cref="TokenizerIncompatibleException"/> naming the first one.
/// </summary>
public static class TokenizerCompatibility
{
    private const string Advice = "MARIA needs a masked LM and a causal LM built on the same tokenizer (e.g. ModernBERT + OLMo v1)";

    /// <summary>Checks the two tokenizer.json files and returns the shared vocabulary and special ids.</summary>
    /// <param name="maskedModelTokenizerPath">The masked LM's tokenizer.json (e.g. ModernBERT's).</param>
    /// <param name="causalModelTokenizerPath">The causal LM's tokenizer.json (e.g. OLMo's).</param>
    /// <param name="hints">Special ids from the configs.</param>
    public static SharedVocabulary Check(string maskedModelTokenizerPath, string causalModelTokenizerPath, SpecialTokenHints hints)
    {
        ArgumentNullException.ThrowIfNull(hints);
        return Check(TokenizerFile.Load(maskedModelTokenizerPath), TokenizerFile.Load(causalModelTokenizerPath), hints);
    }

    /// <summary>As <see cref="Check(string, string, SpecialTokenHints)"/>, on tokenizer.json texts named by their source names.</summary>
    public static SharedVocabulary CheckJson(string maskedModelJson, string maskedModelSource, string causalModelJson, string causalModelSource, SpecialTokenHints hints)
    {
        ArgumentNullException.ThrowIfNull(hints);
        return Check(TokenizerFile.Parse(maskedModelJson, maskedModelSource), TokenizerFile.Parse(causalModelJson, causalModelSource), hints);
    }

    private static SharedVocabulary Check(TokenizerFile mlm, TokenizerFile ar, SpecialTokenHints hints)
    {
        CheckPipeline(mlm, ar);
        int sharedSize = ar.Tokenizer.VocabularySize;
        CheckSharedIds(mlm, ar, sharedSize);
        CheckMerges(mlm, ar);
        int cls = MaskedModelSpecial(mlm, "[CLS]", hints.MlmClsTokenId, "cls_token_id", sharedSize);
        int sep = MaskedModelSpecial(mlm, "[SEP]", hints.MlmSepTokenId, "sep_token_id", sharedSize);
        int pad = MaskedModelSpecial(mlm, "[PAD]", hints.MlmPadTokenId, "pad_token_id", sharedSize);
        int mask = MaskedModelSpecial(mlm, "[MASK]", hints.MlmMaskTokenId, "mask_token_id", sharedSize);
        int eos = CausalModelSpecial(ar, hints.ArEosTokenId, "eos_token_id", sharedSize);
        int bos = hints.ArBosTokenId is int b ? CausalModelSpecial(ar, b, "bos_token_id", sharedSize) : eos;
        return new SharedVocabulary(sharedSize, cls, sep, pad, mask, bos, eos);
    }

    private static void CheckPipeline(TokenizerFile mlm, TokenizerFile ar)
    {
        void Same(JsonNode? left, JsonNode? right, string section)
        {
            if (!JsonNode.DeepEquals(left, right))
            {
                throw new TokenizerIncompatibleException(
                    $"tokenizers split text differently: \"{section}\" is {Show(left)} in {mlm.SourceName} but {Show(right)} in {ar.SourceName}; {Advice}");
            }
        }
        Same(mlm.Normalizer, ar.Normalizer, "normalizer");
        Same(mlm.PreTokenizer, ar.PreTokenizer, "pre_tokenizer");
        string mlmModel = mlm.ModelOptions();
        string arModel = ar.ModelOptions();
        if (mlmModel != arModel)
        {
            throw new TokenizerIncompatibleException(
                $"tokenizers use different models: \"model\" is {mlmModel} in {mlm.SourceName} but {arModel} in {ar.SourceName}; {Advice}");
        }
    }

    /// <summary>Ids 0 .. V_s-1: the same string, and the same added-token flags (added tokens are matched before BPE).</summary>
    private static void CheckSharedIds(TokenizerFile mlm, TokenizerFile ar, int sharedSize)
    {
        var mlmAdded = mlm.Tokenizer.AddedTokens.ToDictionary(t => t.Id);
        var arAdded = ar.Tokenizer.AddedTokens.ToDictionary(t => t.Id);
        for (int id = 0; id < sharedSize; id++)
        {
            string? left = mlm.Tokenizer.IdToToken(id);
            string? right = ar.Tokenizer.IdToToken(id);
            if (!string.Equals(left, right, StringComparison.Ordinal))
            {
                throw new TokenizerIncompatibleException(
                    $"tokenizers disagree at id {id}: {Quote(left)} in {mlm.SourceName} but {Quote(right)} in {ar.SourceName} (the shared ids are 0..{sharedSize - 1}, all of the causal LM's); {Advice}");
            }
            string leftKind = AddedKind(mlmAdded, id);
            string rightKind = AddedKind(arAdded, id);
            if (leftKind != rightKind)
            {
                throw new TokenizerIncompatibleException(
                    $"tokenizers disagree at id {id} ({Quote(left)}): {leftKind} in {mlm.SourceName} but {rightKind} in {ar.SourceName}, so the same text can encode differently; {Advice}");
            }
        }
    }

    private static void CheckMerges(TokenizerFile mlm, TokenizerFile ar)
    {
        var left = mlm.Tokenizer.Merges;
        var right = ar.Tokenizer.Merges;
        int common = Math.Min(left.Count, right.Count);
        for (int i = 0; i < common; i++)
        {
            if (!string.Equals(left[i].Left, right[i].Left, StringComparison.Ordinal) || !string.Equals(left[i].Right, right[i].Right, StringComparison.Ordinal))
            {
                throw new TokenizerIncompatibleException(
                    $"tokenizers disagree at merge {i}: {Quote(left[i].Left + " " + left[i].Right)} in {mlm.SourceName} but {Quote(right[i].Left + " " + right[i].Right)} in {ar.SourceName}; {Advice}");
            }
        }
        if (left.Count != right.Count)
        {
            throw new TokenizerIncompatibleException(
                $"tokenizers disagree at merge {common}: {mlm.SourceName} has {left.Count} merges, {ar.SourceName} has {right.Count}; {Advice}");
        }
    }

    /// <summary>A masked LM special token, found by its BERT name among the added tokens, else by the config's id.</summary>
    private static int MaskedModelSpecial(TokenizerFile mlm, string content, int? configId, string configKey, int sharedSize)
    {
        int? id = mlm.Tokenizer.TokenToId(content);
        if (id is null)
        {
            if (configId is not int fromConfig || mlm.Tokenizer.IdToToken(fromConfig) is null)
            {
                throw new TokenizerIncompatibleException(
                    $"{mlm.SourceName}: the masked LM tokenizer has no {content} token and config.json names none ({configKey}); a masked LM needs [CLS] [SEP] [PAD] [MASK]");
            }
            id = fromConfig;
        }
        else if (configId is int stated && stated != id)
        {
            throw new TokenizerIncompatibleException(
                $"{mlm.SourceName}: {content} is id {id} but the masked LM's config.json says {configKey} = {stated}; fix config.json or tokenizer.json so they agree");
        }
        if (id < sharedSize)
        {
            throw new TokenizerIncompatibleException(
                $"{mlm.SourceName}: the masked LM's {content} is id {id}, inside the shared ids 0..{sharedSize - 1} where the causal LM reads it as {Quote(mlm.Tokenizer.IdToToken(id.Value))}; {Advice}");
        }
        return id.Value;
    }

    private static int CausalModelSpecial(TokenizerFile ar, int id, string configKey, int sharedSize)
    {
        if (id < 0 || id >= sharedSize || ar.Tokenizer.IdToToken(id) is null)
        {
            throw new TokenizerIncompatibleException(
                $"{ar.SourceName}: the causal LM's config.json {configKey} = {id} is not a token of its tokenizer (ids 0..{sharedSize - 1}); fix config.json");
        }
        return id;
    }

    private static string AddedKind(Dictionary<int, AddedToken> added, int id) => added.TryGetValue(id, out var token)
        ? string.Create(CultureInfo.InvariantCulture,
            $"an added token (special={token.Special}, lstrip={token.LStrip}, rstrip={token.RStrip}, normalized={token.Normalized}, single_word={token.SingleWord})")
        : "a model token";

    private static string Show(JsonNode? node) => node is null ? "null" : node.ToJsonString();

    /// <summary>A token string in quotes, control characters escaped, so that the message stays on one line.</summary>
    private static string Quote(string? token)
    {
        if (token is null)
        {
            return "no token";
        }
        var text = new StringBuilder("\"");
        foreach (char c in token)
        {
            text.Append(char.IsControl(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : c.ToString());
        }
        return text.Append('"').ToString();
    }
}
