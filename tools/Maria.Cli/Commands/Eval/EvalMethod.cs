using Maria.Runtime;
using Maria.Cli.Inputs;
using Maria.Runtime.Baselines;

namespace Maria.Cli.Commands.Eval;

/// <summary>
/// One method <c>maria eval</c> scores (maria-method.md §6), by its command-line name: natural-log probabilities of
/// the true tokens at the masks, each normalised over the shared vocabulary. <see cref="Score"/> takes a group of
/// windows: maria, product and ar score the whole group in one encoder and one decoder call (one cache slot per
/// window); mlm has no batched form (one encoder pass per mask, each depending on the last), so it loops.
/// </summary>
internal sealed record EvalMethod(string Name, string Description, Func<MariaModel, IReadOnlyList<MaskedTokens>, CancellationToken, double[][]> Score)
{
    /// <summary>The methods in the order of the paper's Table 2 discussion.</summary>
    public static IReadOnlyList<EvalMethod> All { get; } =
    [
        new("maria", "MARIA with the package's head", (m, group, c) => [.. m.ScoreTokens(group, c).Select(r => r.LogProbabilities.ToArray())]),
        new("product", "MARIA with the untrained product-of-experts head", (m, group, c) => m.Baselines.ProductLogProbabilities(group, c)),
        new("ar", "the causal model alone (left context only)", (m, group, c) => m.Baselines.AutoregressiveLogProbabilities(group, c)),
        new("mlm", "the masked LM decoded left to right (one pass per mask)",
            (m, group, c) => group.Select(w => m.Baselines.MaskedLanguageModelLogProbabilities(w.Tokens, w.Masks, c)).ToArray()),
    ];

    /// <summary>Parses a comma-separated list of method names (in the order given, no duplicates).</summary>
    public static IReadOnlyList<EvalMethod> Parse(string list) => MethodList.Parse(list, All, m => m.Name);
}
