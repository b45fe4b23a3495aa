using System.Diagnostics;
using System.Reflection;

namespace Maria.Editor.Tests;

/// <summary>maria-editor's refusals before any screen is drawn: one line on stderr naming the problem and the fix.</summary>
public sealed class EditorArgumentsTests
{
    [Theory]
    [InlineData(1, "no such model directory", "--model", "/no/such/package")]
    [InlineData(2, "usage: maria-editor [--model DIR]", "--colour", "blue")]
    public async Task Bad_arguments_exit_non_zero_with_one_error_line(int exitCode, string expected, params string[] arguments)
    {
        string configuration = typeof(EditorArgumentsTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryFiles.Root, "tools", "Maria.Editor", "bin", configuration, "net10.0", "maria-editor.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(exitCode, process.ExitCode);
        Assert.Empty(await output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("maria-editor: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }
}
