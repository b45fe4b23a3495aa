using CommandLine;
using Maria.Export.Packaging;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Verify;

/// <summary>
/// <c>maria verify --model DIR</c>: checks a package (manifest, file sizes and sha256, graph contracts, KV-cached vs
/// full decoding, a greedy smoke infill) and prints one PASS/FAIL line per check on stderr. Exit 0 when all pass,
/// 1 when the package is damaged or broken.
/// </summary>
[Verb("verify", HelpText = "Check a MARIA package: hashes, graph inputs/outputs, KV-cached vs full forward, and a smoke infill.")]
internal sealed class VerifyCommand : ICommand
{
    [Option("model", Required = true, HelpText = "Package folder (with maria.json).")]
    public string Model { get; set; } = "";

    public int Execute(CommandContext context)
    {
        var checks = PackageVerifier.Verify(Model,
            check => context.Error.WriteLine($"{(check.Passed ? "PASS" : "FAIL")} {check.Name}: {check.Detail.ReplaceLineEndings(" ")}"),
            context.Cancellation);
        int failed = checks.Count(check => !check.Passed);
        context.Error.WriteLine(failed == 0
            ? $"verify: {Model}: all {checks.Count} checks passed"
            : $"verify: {Model}: FAILED ({failed} of {checks.Count} checks run failed)");
        return failed == 0 ? ExitCodes.Success : ExitCodes.BadInput;
    }
}
