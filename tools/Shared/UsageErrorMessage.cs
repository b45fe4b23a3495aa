using System.Reflection;
using CommandLine;

namespace Maria.Tools.Common;

/// <summary>
/// One line for a command line CommandLineParser refused: what is wrong, with the value given and, for an option that
/// takes a name from a fixed set, the names allowed, and where the options are listed. CommandLineParser's own report
/// is the whole help screen under "ERROR(S)", in which the one wrong option is hard to find; like git and llama.cpp,
/// a tool says the problem in one line and leaves the full list to --help.
/// </summary>
internal static class UsageErrorMessage
{
    /// <summary>The line for the first error that is not a help or version request.</summary>
    /// <param name="verbTypes">The verbs' option classes ([Verb] attributed).</param>
    /// <param name="args">The command line as given (to quote the value of a refused option).</param>
    /// <param name="errors">CommandLineParser's errors.</param>
    /// <param name="tool">The executable's name, for the --help hint ("maria").</param>
    public static string For(IReadOnlyList<Type> verbTypes, string[] args, IEnumerable<Error> errors, string tool)
    {
        ArgumentNullException.ThrowIfNull(args);
        var verbType = args.Length > 0 ? verbTypes.FirstOrDefault(t => t.GetCustomAttribute<VerbAttribute>()?.Name == args[0]) : null;
        string help = verbType is null ? $"'{tool} --help' lists the verbs" : $"'{tool} {args[0]} --help' lists its options";
        var error = errors.First(e => e.Tag is not (ErrorType.HelpRequestedError or ErrorType.HelpVerbRequestedError or ErrorType.VersionRequestedError));
        string problem = error switch
        {
            BadFormatConversionError bad => BadValue(verbType, args, bad.NameInfo),
            MissingValueOptionError missing => $"{Dashed(missing.NameInfo)} needs a value",
            MissingRequiredOptionError required when required.NameInfo.LongName.Length > 0 => $"{Dashed(required.NameInfo)} is required",
            MissingRequiredOptionError => "a required argument is missing",
            UnknownOptionError unknown => $"unknown option '{Dashed(unknown.Token)}'",
            BadVerbSelectedError verb => $"unknown verb '{verb.Token}'; verbs: {VerbNames(verbTypes)}",
            NoVerbSelectedError => $"no verb given; verbs: {VerbNames(verbTypes)}",
            RepeatedOptionError repeated => $"{Dashed(repeated.NameInfo)} is given more than once",
            SequenceOutOfRangeError range => $"{Dashed(range.NameInfo)} has too many or too few values",
            _ => $"the command line could not be read ({error.Tag})",
        };
        return $"error: {problem}; {help}";
    }

    private static string BadValue(Type? verbType, string[] args, NameInfo option)
    {
        string name = Dashed(option);
        string? value = ValueOf(args, option);
        string given = value is null ? $"{name} has a value of the wrong form" : $"{name} '{value}' is not a valid value";
        var property = verbType?.GetProperties().FirstOrDefault(p =>
        {
            var attribute = p.GetCustomAttribute<OptionAttribute>();
            return attribute is not null && (attribute.LongName == option.LongName && option.LongName.Length > 0
                || attribute.ShortName == option.ShortName && option.ShortName.Length > 0);
        });
        if (property is null)
        {
            return given;
        }
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type.IsEnum)
        {
            return $"{given}: use one of {string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))}";
        }
        if (type == typeof(int) || type == typeof(long))
        {
            return $"{given}: give a whole number";
        }
        if (type == typeof(double) || type == typeof(float))
        {
            return $"{given}: give a number such as 0.5";
        }
        return given;
    }

    /// <summary>The word after --name (or after -n), or the part after '=' in --name=value; null when absent.</summary>
    private static string? ValueOf(string[] args, NameInfo option)
    {
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            foreach (string flag in Flags(option))
            {
                if (arg == flag && i + 1 < args.Length)
                {
                    return args[i + 1];
                }
                if (arg.StartsWith(flag + "=", StringComparison.Ordinal))
                {
                    return arg[(flag.Length + 1)..];
                }
            }
        }
        return null;
    }

    private static IEnumerable<string> Flags(NameInfo option)
    {
        if (option.LongName.Length > 0)
        {
            yield return "--" + option.LongName;
        }
        if (option.ShortName.Length > 0)
        {
            yield return "-" + option.ShortName;
        }
    }

    private static string Dashed(NameInfo option) => option.LongName.Length > 0 ? "--" + option.LongName : "-" + option.ShortName;

    private static string Dashed(string token) => token.StartsWith('-') ? token : (token.Length == 1 ? "-" : "--") + token;

    private static string VerbNames(IEnumerable<Type> verbTypes) => string.Join(", ", verbTypes
        .Select(t => t.GetCustomAttribute<VerbAttribute>()!)
        .Where(v => !v.Hidden)
        .Select(v => v.Name)
        .Order(StringComparer.Ordinal));
}
