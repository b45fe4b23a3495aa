using Maria.Runtime;

namespace Maria.Fuzz;

/// <summary>An input broke a parser's contract: the harness lets it escape, so AFL records a crash.</summary>
public sealed class ContractViolationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The contract every parser of untrusted bytes keeps: it returns a result, or throws the one documented exception,
/// <see cref="MariaInputException"/> (its subclasses SafetensorsFormatException, ModelConfigException and
/// TokenizerFormatException included), with a non-empty one-line message. Any other exception escapes (a crash to
/// AFL, a failure to the replay test); a hang is AFL's timeout, unbounded memory the GC heap limit run.sh sets.
/// </summary>
public static class ParserContract
{
    /// <summary>Runs the parser; "accepted" or "refused: MESSAGE".</summary>
    public static string Check(Action parse)
    {
        try
        {
            parse();
            return "accepted";
        }
        catch (MariaInputException e)
        {
            if (string.IsNullOrWhiteSpace(e.Message) || e.Message.ReplaceLineEndings(" ") != e.Message)
            {
                throw new ContractViolationException($"{e.GetType().Name} without a one-line message: '{e.Message}'", e);
            }
            return "refused: " + e.Message;
        }
    }
}
