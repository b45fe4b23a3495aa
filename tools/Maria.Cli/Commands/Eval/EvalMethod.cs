using Maria.Runtime;
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
    public static IReadOnlyList<EvalMethod> Parse(string list)
    {
        var methods = new List<EvalMethod>();
        foreach (string name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var method = All.FirstOrDefault(m => m.Name == name)
                ?? throw new MariaInputException($"--methods: unknown method '{name}'; choose among {string.Join(',', All.Select(m => m.Name))}");
            if (!methods.Contains(method))
            {
                methods.Add(method);
            }
        }
        if (methods.Count == 0)
        {
            throw new MariaInputException($"--methods: no method given; choose among {string.Join(',', All.Select(m => m.Name))}");
        }
        return methods;
    }
}
