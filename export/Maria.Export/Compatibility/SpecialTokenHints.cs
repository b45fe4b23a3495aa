using Maria.Export.Configs;

namespace Maria.Export.Compatibility;

/// <summary>
/// Special ids the two config.json files state, checked against the tokenizers by <see cref="TokenizerCompatibility"/>.
/// The causal model's end-of-text id is required (it is the causal stream's BOS when the model has none); the masked
/// LM's ids are optional cross-checks: when given, the tokenizer's [CLS] [SEP] [PAD] [MASK] must have those ids.
/// </summary>
/// <param name="ArEosTokenId">The causal model's <c>eos_token_id</c>.</param>
/// <param name="ArBosTokenId">The causal model's <c>bos_token_id</c>, or null when it has none (OLMo).</param>
/// <param name="MlmClsTokenId">The masked LM's <c>cls_token_id</c>, or null to take the tokenizer's.</param>
/// <param name="MlmSepTokenId">The masked LM's <c>sep_token_id</c>, or null to take the tokenizer's.</param>
/// <param name="MlmPadTokenId">The masked LM's <c>pad_token_id</c>, or null to take the tokenizer's.</param>
/// <param name="MlmMaskTokenId">The masked LM's <c>mask_token_id</c>, or null to take the tokenizer's.</param>
public sealed record SpecialTokenHints(int ArEosTokenId, int? ArBosTokenId = null, int? MlmClsTokenId = null,
    int? MlmSepTokenId = null, int? MlmPadTokenId = null, int? MlmMaskTokenId = null)
{
    /// <summary>The hints two checkpoints' configs give.</summary>
    public static SpecialTokenHints FromConfigs(ModelConfig maskedModel, CausalLmConfig causalModel)
    {
        ArgumentNullException.ThrowIfNull(maskedModel);
        ArgumentNullException.ThrowIfNull(causalModel);
        var hints = new SpecialTokenHints(causalModel.EosTokenId, causalModel.BosTokenId);
        return maskedModel is ModernBertConfig bert
            ? hints with
            {
                MlmClsTokenId = bert.ClsTokenId,
                MlmSepTokenId = bert.SepTokenId,
                MlmPadTokenId = bert.PadTokenId,
                MlmMaskTokenId = bert.MaskTokenId,
            }
            : hints;
    }
}
