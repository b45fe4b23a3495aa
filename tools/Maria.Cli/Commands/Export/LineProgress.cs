namespace Maria.Cli.Commands.Export;

/// <summary>
/// Writes each progress report as one line, synchronously (unlike <see cref="Progress{T}"/>, which posts to the
/// thread pool and can reorder lines or print them after the command returned).
/// </summary>
internal sealed class LineProgress(TextWriter writer) : IProgress<string>
{
    public void Report(string value) => writer.WriteLine(value.ReplaceLineEndings(" "));
}
