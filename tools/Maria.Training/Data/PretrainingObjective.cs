namespace Maria.Training.Data;

/// <summary>What a pretraining batch teaches.</summary>
internal enum PretrainingObjective
{
    /// <summary>Next-token prediction over raw windows (OLMo).</summary>
    CausalLanguageModel,

    /// <summary>Masked-token prediction over [CLS] window [SEP] (ModernBERT).</summary>
    MaskedLanguageModel,
}
