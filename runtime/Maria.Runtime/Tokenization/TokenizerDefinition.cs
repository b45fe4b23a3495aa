namespace Maria.Runtime.Tokenization;

/// <summary>What a tokenizer.json file says, checked and in the form the pipeline uses.</summary>
internal sealed record TokenizerDefinition(
    string SourceName,
    IReadOnlyDictionary<string, int> Vocabulary,
    IReadOnlyList<(string Left, string Right)> Merges,
    string? UnknownToken,
    bool IgnoreMerges,
    IReadOnlyList<AddedToken> AddedTokens,
    bool NormalizeNfc,
    IReadOnlyList<IPreTokenizerStep> PreTokenizerSteps,
    TemplatePostProcessor? Template);
