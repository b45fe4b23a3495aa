namespace Maria.Cli.Inputs;

/// <summary>One record of a JSON-lines text file.</summary>
/// <param name="Line">1-based line number in the file.</param>
/// <param name="Id">The record's "id" (or "year" for the corpus files); null when it has neither.</param>
/// <param name="Text">The record's "text".</param>
internal sealed record JsonTextRecord(int Line, string? Id, string Text);
