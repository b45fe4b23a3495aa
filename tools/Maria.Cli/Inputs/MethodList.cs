using Maria.Runtime;
using Maria.Tools.Common;

namespace Maria.Cli.Inputs;

/// <summary>The <c>--methods</c> option of eval and bench: a comma-separated choice among named methods.</summary>
internal static class MethodList
{
    /// <summary>The methods of <paramref name="list"/> in the order given, without duplicates; one-line errors.</summary>
    public static IReadOnlyList<T> Parse<T>(string list, IReadOnlyList<T> all, Func<T, string> nameOf)
    {
        var methods = new List<T>();
        foreach (string name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var method = all.FirstOrDefault(m => nameOf(m) == name)
                ?? throw new UsageException($"--methods: unknown method '{name}'; choose among {Names(all, nameOf)}");
            if (!methods.Contains(method))
            {
                methods.Add(method);
            }
        }
        if (methods.Count == 0)
        {
            throw new UsageException($"--methods: no method given; choose among {Names(all, nameOf)}");
        }
        return methods;
    }

    private static string Names<T>(IReadOnlyList<T> all, Func<T, string> nameOf) => string.Join(',', all.Select(nameOf));
}
