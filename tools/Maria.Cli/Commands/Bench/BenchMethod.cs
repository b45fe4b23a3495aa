using Maria.Cli.Inputs;
using Maria.Runtime;
using Maria.Runtime.Baselines;

namespace Maria.Cli.Commands.Bench;

/// <summary>One decoding method the benchmark times, by its command-line name.</summary>
internal sealed record BenchMethod(string Name, Func<MariaBaselines, int[], int[], CancellationToken, BaselineResult> Run)
{
    /// <summary>The methods in the order they are listed.</summary>
    public static IReadOnlyList<BenchMethod> All { get; } =
    [
        new("maria", (b, tokens, masks, c) => b.Maria(tokens, masks, null, c)),
        new("nocache", (b, tokens, masks, c) => b.MariaWithoutCache(tokens, masks, null, c)),
        new("mlm", (b, tokens, masks, c) => b.MaskedLanguageModelLeftToRight(tokens, masks, null, c)),
        // The same number of tokens, generated after the first L - count tokens.
        new("ar", (b, tokens, masks, c) => b.Autoregressive(tokens[..(tokens.Length - masks.Length)], masks.Length, null, c)),
    ];

    /// <summary>Parses a comma-separated list of method names (in the order given, no duplicates).</summary>
    public static IReadOnlyList<BenchMethod> Parse(string list) => MethodList.Parse(list, All, m => m.Name);
}
