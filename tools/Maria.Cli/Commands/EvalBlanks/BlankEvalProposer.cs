using Maria.Runtime;

namespace Maria.Cli.Commands.EvalBlanks;

/// <summary>The fillers <c>maria eval-blanks</c> compares on the same held-out blanks.</summary>
internal static class BlankEvalProposer
{
    /// <summary>MARIA proposes a fill per length 1..N, the search picks by exact likelihood (the method).</summary>
    public const string Maria = "maria";

    /// <summary>Every blank gets one token (what [MASK] assumes), same constraints.</summary>
    public const string FixedOne = "fixed-1";

    /// <summary>The causal model alone proposes the fills (continuing the text before the blank); same scoring.</summary>
    public const string Causal = "ar";

    /// <summary>The true token count given (the blank at that fixed length, same constraints).</summary>
    public const string Oracle = "oracle";

    /// <summary>The true token count given as that many plain [MASK]s (no word-shape constraint).</summary>
    public const string OracleMasks = "oracle-mask";

    public static readonly string[] All = [Maria, FixedOne, Causal, Oracle, OracleMasks];

    public static IReadOnlyList<string> Parse(string list)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (string name in names)
        {
            if (!All.Contains(name))
            {
                throw new MariaInputException($"--proposers: unknown proposer '{name}'; choose among {string.Join(", ", All)}");
            }
        }
        return names.Length > 0 ? names : throw new MariaInputException($"--proposers is empty; choose among {string.Join(", ", All)}");
    }
}
