using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Usage;

/// <summary>A command line the parser refuses gets one line naming the option, the value and the fix; --help keeps the screen.</summary>
public sealed class UsageErrorTests
{
    [Theory]
    [InlineData(new[] { "infill", "--device", "gpu", "The [MASK] is." }, "error: --device 'gpu' is not a valid value: use one of cpu, cuda; 'maria infill --help' lists its options")]
    [InlineData(new[] { "infill", "--temperature=warm", "The [MASK] is." }, "error: --temperature 'warm' is not a valid value: give a number such as 0.5; 'maria infill --help' lists its options")]
    [InlineData(new[] { "infill", "--batch-size", "eight", "The [MASK] is." }, "error: --batch-size 'eight' is not a valid value: give a whole number; 'maria infill --help' lists its options")]
    [InlineData(new[] { "infill", "--bogus", "The [MASK] is." }, "error: unknown option '--bogus'; 'maria infill --help' lists its options")]
    public void A_refused_option_is_one_line_naming_it_its_value_and_the_fix(string[] args, string expected)
    {
        var (code, stdout, stderr) = RunMaria(args);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal(expected, stderr.TrimEnd('\n', '\r'));
    }

    [Fact]
    public void An_unknown_verb_is_one_line_listing_the_verbs()
    {
        var (code, _, stderr) = RunMaria("fill", "The [MASK] is.");
        Assert.Equal(1, code);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        const string prefix = "error: unknown verb 'fill'; verbs: ";
        Assert.StartsWith(prefix, line, StringComparison.Ordinal);
        var verbs = line[prefix.Length..line.IndexOf(';', prefix.Length)].Split(", ");
        Assert.Contains("infill", verbs);
        Assert.Contains("merge", verbs);
        Assert.Equal(verbs.Order(StringComparer.Ordinal), verbs);
    }

    [Fact]
    public void Help_still_prints_the_options_and_succeeds()
    {
        var (code, _, stderr) = RunMaria("infill", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--temperature", stderr, StringComparison.Ordinal);
        Assert.Contains("--device", stderr, StringComparison.Ordinal);
    }
}
