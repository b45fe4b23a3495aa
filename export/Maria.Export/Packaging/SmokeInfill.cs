using Maria.Runtime;
using Maria.Runtime.Inference;
using Maria.Runtime.Infilling;
using Maria.Runtime.Masking;
using Maria.Runtime.Packaging;
using Maria.Runtime.Tokenization;

namespace Maria.Export.Packaging;

/// <summary>
/// A greedy infill of a short text with masks through both graphs with the runtime's own engine (maria-method.md §5:
/// one MLM pass, the prefix up to the first mask in one decoder call, one call per mask).
/// </summary>
internal static class SmokeInfill
{
    public const string Text = "The state of the [MASK] is [MASK] and the people are [MASK].";

    public static VerificationCheck Run(EncoderSession encoder, DecoderSession decoder, HuggingFaceTokenizer tokenizer, PackageManifest manifest, CancellationToken cancellation)
    {
        var v = manifest.Vocabulary;
        string maskToken = tokenizer.IdToToken(v.MaskId) ?? "[MASK]";
        string text = Text.Replace("[MASK]", maskToken, StringComparison.Ordinal);
        int[] ids = [.. tokenizer.Encode(text)];
        int outside = Array.FindIndex(ids, id => id != v.MaskId && !TextTokens.IsText(id, v.SharedSize));
        if (outside >= 0)
        {
            return new VerificationCheck("infill", false, $"{v.Tokenizer}: the smoke text encodes to id {ids[outside]}, outside the shared ids 0..{v.SharedSize - 1}; the package tokenizer does not match the manifest");
        }
        if (ids.Length + 2 > manifest.Encoder.ContextLength || ids.Length + 1 > manifest.Decoder.ContextLength)
        {
            return new VerificationCheck("infill", false, $"the smoke text ({ids.Length} tokens) does not fit the package context; export with a longer --context");
        }
        int[] masks = [.. Enumerable.Range(0, ids.Length).Where(i => ids[i] == v.MaskId)];
        if (masks.Length == 0)
        {
            return new VerificationCheck("infill", false, $"{v.Tokenizer}: '{maskToken}' does not encode to mask_id {v.MaskId}; the package tokenizer does not match the manifest");
        }
        var engine = new InfillEngine(manifest, tokenizer, encoder, decoder);
        var filled = engine.InfillTokens(ids, masks, Runtime.SamplingOptions.Greedy, reuseCache: true, null, cancellation);
        bool finite = filled.Tokens.All(t => float.IsFinite(t.Probability));
        string output = tokenizer.Decode(ids).ReplaceLineEndings(" ");
        return new VerificationCheck("infill", finite, finite
            ? $"greedy fill of {masks.Length} masks: \"{Text}\" -> \"{output}\""
            : $"{manifest.Decoder.File}: the smoke infill produced NaN or infinite probabilities; the graphs are broken, re-export the package");
    }
}
