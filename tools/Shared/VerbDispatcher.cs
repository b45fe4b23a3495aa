using System.Reflection;
using System.Text.Json;
using CommandLine;
using Maria.Runtime;

namespace Maria.Tools.Common;

/// <summary>
/// Parses the verb and its options, runs it, and turns failures into the documented exit codes:
/// 1 with a one-line message for bad input or usage, 2 for internal errors, 130 when cancelled.
/// </summary>
internal static class VerbDispatcher
{
    public static int Run(Assembly verbs, string[] args, CommandContext context)
    {
        var verbTypes = verbs.GetTypes()
            .Where(t => t.GetCustomAttribute<VerbAttribute>() is not null && typeof(ICommand).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToArray();
        // The parser's help screen is kept for --help, --version and a bare verb list; a wrong command line gets one line.
        using var helpScreen = new StringWriter();
        using var parser = new Parser(settings =>
        {
            settings.HelpWriter = helpScreen;
            settings.CaseInsensitiveEnumValues = true;
            settings.AutoVersion = true;
        });
        var parsed = parser.ParseArguments(args, verbTypes);
        if (parsed is NotParsed<object> notParsed)
        {
            bool onlyHelp = notParsed.Errors.All(e => e.Tag is ErrorType.HelpRequestedError
                or ErrorType.HelpVerbRequestedError or ErrorType.VersionRequestedError);
            if (onlyHelp || args.Length == 0)
            {
                context.Error.Write(helpScreen.ToString());
                return onlyHelp ? ExitCodes.Success : ExitCodes.BadInput;
            }
            context.Error.WriteLine(UsageErrorMessage.For(verbTypes, args, notParsed.Errors, ToolName(verbs)));
            return ExitCodes.BadInput;
        }
        var command = (ICommand)((Parsed<object>)parsed).Value;
        return RunGuarded(command, context);
    }

    private static int RunGuarded(ICommand command, CommandContext context)
    {
        try
        {
            return command.Execute(context);
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            context.Error.WriteLine("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (IsUserError(e))
        {
            context.Error.WriteLine($"error: {OneLine(e.Message)}");
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            context.Error.WriteLine($"internal error: {OneLine(e.Message)} ({e.GetType().Name}); set MARIA_DEBUG=1 for the stack trace");
            if (Environment.GetEnvironmentVariable("MARIA_DEBUG") == "1")
            {
                context.Error.WriteLine(e);
            }
            return ExitCodes.InternalError;
        }
    }

    /// <summary>The executable's name as a user types it (the assembly's name: maria, maria-train).</summary>
    private static string ToolName(Assembly verbs) => verbs.GetName().Name ?? "maria";

    private static bool IsUserError(Exception e) => e is UsageException or MariaInputException
        or FileNotFoundException or DirectoryNotFoundException or JsonException or UnauthorizedAccessException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
