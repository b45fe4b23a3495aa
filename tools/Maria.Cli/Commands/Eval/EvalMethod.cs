using Maria.Cli.Inputs;
using Maria.Runtime.Baselines;

namespace Maria.Cli.Commands.Eval;

/// <summary>
/// One method <c>maria eval</c> scores (maria-method.md §6), by its command-line name: natural-log probabilities of
/// the true tokens at the masks, each normalised over the shared vocabulary.
/// </summary>
internal sealed record EvalMethod(string Name, string Description, Func<MariaBaselines, int[], int[], CancellationToken, double[]> Score)
{
    /// <summary>The methods in the order of the paper's Table 2 discussion.</summary>
    public static IReadOnlyList<EvalMethod> All { get; } =
    [
        new("maria", "MARIA with the package's head", (b, tokens, masks, c) => b.MariaLogProbabilities(tokens, masks, c)),
        new("product", "MARIA with the untrained product-of-experts head", (b, tokens, masks, c) => b.ProductLogProbabilities(tokens, masks, c)),
        new("ar", "the causal model alone (left context only)", (b, tokens, masks, c) => b.AutoregressiveLogProbabilities(tokens, masks, c)),
        new("mlm", "the masked LM decoded left to right (one pass per mask)", (b, tokens, masks, c) => b.MaskedLanguageModelLogProbabilities(tokens, masks, c)),
    ];

    /// <summary>Parses a comma-separated list of method names (in the order given, no duplicates).</summary>
    public static IReadOnlyList<EvalMethod> Parse(string list) => MethodList.Parse(list, All, m => m.Name);
}
