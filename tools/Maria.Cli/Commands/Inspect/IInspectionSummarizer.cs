namespace Maria.Cli.Commands.Inspect;

/// <summary>
/// Recognises one kind of path `maria inspect` accepts and summarises it. Implementations are found by reflection
/// (every non-abstract class in this assembly with a parameterless constructor), tried in ascending
/// <see cref="Order"/>, and the first whose <see cref="CanSummarize"/> is true wins. Adding a kind of input
/// (e.g. a MARIA package folder with a maria.json manifest) is one new file here and touches nothing else.
/// </summary>
internal interface IInspectionSummarizer
{
    /// <summary>Lower runs first: specific folder layouts (packages) before generic ones (checkpoints), files last.</summary>
    int Order { get; }

    /// <summary>True when <paramref name="path"/> is this summariser's kind of input; must not throw for other inputs.</summary>
    bool CanSummarize(string path);

    /// <summary>Reads and validates the input; bad input raises a MariaInputException with a one-line message.</summary>
    InspectionReport Summarize(string path);
}
