namespace Maria.Tools.Common;

/// <summary>
/// A verb's options class (marked with CommandLineParser's <c>[Verb]</c>) that can run itself.
/// The dispatcher finds every such class in the entry assembly, so adding a verb touches no shared file.
/// </summary>
internal interface ICommand
{
    /// <summary>Runs the verb and returns an exit code from <see cref="ExitCodes"/>.</summary>
    int Execute(CommandContext context);
}
