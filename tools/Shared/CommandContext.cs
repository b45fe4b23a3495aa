namespace Maria.Tools.Common;

/// <summary>
/// What a command may touch: data goes to <see cref="Out"/>, logs and progress to <see cref="Error"/>.
/// Tests pass string writers; the real entry point passes the console.
/// </summary>
internal sealed record CommandContext(TextWriter Out, TextWriter Error, TextReader In, CancellationToken Cancellation);
