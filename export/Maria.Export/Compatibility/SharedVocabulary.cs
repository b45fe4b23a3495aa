using Maria.Runtime.Packaging;

namespace Maria.Export.Compatibility;

/// <summary>
/// What <see cref="TokenizerCompatibility"/> established about a masked LM + causal LM pair: ids
/// 0 .. <see cref="SharedSize"/> - 1 mean the same string to both tokenizers (|V_s|), and the special ids of both
/// streams (maria-method.md §2). The masked LM's [CLS] [SEP] [PAD] [MASK] always lie at or above
/// <see cref="SharedSize"/>, so they are never produced as text and never fed to the causal model.
/// </summary>
/// <param name="SharedSize">|V_s|, the number of shared ids (OLMo + ModernBERT: 50280).</param>
/// <param name="ClsId">Masked LM [CLS].</param>
/// <param name="SepId">Masked LM [SEP].</param>
/// <param name="PadId">Masked LM [PAD].</param>
/// <param name="MaskId">Masked LM [MASK].</param>
/// <param name="BosId">First token of the causal stream (OLMo: its end-of-text id, used as the document start).</param>
/// <param name="EosId">The causal model's end-of-text id.</param>
public sealed record SharedVocabulary(int SharedSize, int ClsId, int SepId, int PadId, int MaskId, int BosId, int EosId)
{
    /// <summary>The manifest section for a package whose tokenizer file is <paramref name="tokenizerFile"/>.</summary>
    public VocabularyManifest ToManifest(string tokenizerFile) => new()
    {
        Tokenizer = tokenizerFile,
        SharedSize = SharedSize,
        ClsId = ClsId,
        SepId = SepId,
        MaskId = MaskId,
        PadId = PadId,
        BosId = BosId,
        EosId = EosId,
    };
}
