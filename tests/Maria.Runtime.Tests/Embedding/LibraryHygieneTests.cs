using System.Text.RegularExpressions;

namespace Maria.Runtime.Tests.Embedding;

/// <summary>
/// What an app embedding the library relies on, read off its source: it writes nothing to the app's console and keeps
/// no static mutable state (two models, two threads, two test runs in one process never see each other).
/// </summary>
public sealed partial class LibraryHygieneTests
{
    [Fact]
    public void The_runtime_never_writes_to_the_console()
    {
        var offenders = CodeLines().Where(line => ConsoleUse().IsMatch(line.Code)).Select(line => line.Where).ToList();
        Assert.True(offenders.Count == 0, "Console output in the library (return it, or raise an exception):\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void Every_static_field_of_the_runtime_is_readonly_or_const_and_no_static_property_has_a_setter()
    {
        var offenders = CodeLines()
            .Where(line => (StaticField().IsMatch(line.Code) && !line.Code.Contains(" readonly ", StringComparison.Ordinal) && !line.Code.Contains(" const ", StringComparison.Ordinal))
                || StaticSetter().IsMatch(line.Code) || line.Code.Contains("[ThreadStatic]", StringComparison.Ordinal))
            .Select(line => line.Where).ToList();
        Assert.True(offenders.Count == 0, "static mutable state in the library (make it readonly, or an instance member):\n" + string.Join('\n', offenders));
    }

    /// <summary>Every line of runtime/Maria.Runtime's C# files, line comments removed, with file:line.</summary>
    private static IEnumerable<(string Code, string Where)> CodeLines()
    {
        string root = Path.Combine(RepositoryFiles.Root, "runtime", "Maria.Runtime");
        var files = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 50, $"found only {files.Count} source files under {root}");
        foreach (string file in files)
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string code = LineComment().Replace(lines[i], "");
                yield return (code, $"{Path.GetRelativePath(root, file)}:{i + 1}: {lines[i].Trim()}");
            }
        }
    }

    [GeneratedRegex(@"\bConsole\s*\.")]
    private static partial Regex ConsoleUse();

    /// <summary>A static field declaration: modifiers, a type, a name, then '=' or ';' (no parameter list, no body).</summary>
    [GeneratedRegex(@"^\s*(?:(?:public|private|internal|protected|volatile|new)\s+)*static\s+(?!class\b|partial\b|extern\b|async\b|implicit\b|explicit\b|operator\b)[\w<>\[\],.?\s]+?\s+\w+\s*(?:=(?!>)|;)")]
    private static partial Regex StaticField();

    [GeneratedRegex(@"\bstatic\b[^(]*\{[^}]*\bset\s*;")]
    private static partial Regex StaticSetter();

    [GeneratedRegex(@"//.*$")]
    private static partial Regex LineComment();
}
