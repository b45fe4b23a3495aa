using System.Reflection;
using System.Text.RegularExpressions;
using CommandLine;

namespace Maria.Cli.Tests.Docs;

/// <summary>
/// Every `maria` verb has a README beside its code (tools/Maria.Cli/Commands/FOLDER/README.md) showing one command as
/// run and its output, and the root README links each of them. The verbs are read from the CLI's own [Verb]
/// attributes, so a new verb without a README fails here.
/// </summary>
public sealed class VerbReadmeTests
{
    /// <summary>(verb, folder): the folder is the last part of the command class's namespace, as the tree is laid out.</summary>
    public static TheoryData<string, string> Verbs()
    {
        var data = new TheoryData<string, string>();
        foreach (var (verb, folder) in VerbFolders())
        {
            data.Add(verb, folder);
        }
        return data;
    }

    [Fact]
    public void The_cli_has_the_verbs_this_test_reads()
    {
        var verbs = VerbFolders().Select(v => v.Verb).ToList();
        Assert.Contains("infill", verbs);
        Assert.Contains("merge", verbs);
        Assert.True(verbs.Count >= 14, $"only {verbs.Count} verbs found: {string.Join(", ", verbs)}");
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Each_verb_has_a_readme_with_a_command_as_run_and_its_output(string verb, string folder)
    {
        string path = Path.Combine(RepositoryFiles.Root, "tools", "Maria.Cli", "Commands", folder, "README.md");
        Assert.True(File.Exists(path), $"`maria {verb}` has no README: write {path} with one command and its real output");
        var blocks = CodeBlocks(File.ReadAllText(path));
        var command = new Regex($@"^(\$ )?(\S*/)?maria {Regex.Escape(verb)}( |$)");
        int at = blocks.FindIndex(block => block.Any(line => command.IsMatch(line)));
        Assert.True(at >= 0, $"{path}: no code block runs `maria {verb} ...`");
        var block = blocks[at];
        int line = block.FindIndex(l => command.IsMatch(l));
        // The output follows the command in the same block ("$ maria ..." then its lines) or fills the next block.
        bool outputInBlock = block.Skip(line + 1).Any(l => l.Length > 0 && !command.IsMatch(l) && !l.StartsWith("  --", StringComparison.Ordinal));
        bool outputNext = at + 1 < blocks.Count && blocks[at + 1].Any(l => l.Length > 0);
        Assert.True(outputInBlock || outputNext, $"{path}: `maria {verb}` is shown without its output");
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void The_root_readme_links_each_verb_readme(string verb, string folder)
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "README.md"));
        string link = $"tools/Maria.Cli/Commands/{folder}/README.md";
        Assert.True(readme.Contains(link, StringComparison.Ordinal), $"README.md does not link {link} (`maria {verb}`)");
    }

    private static IEnumerable<(string Verb, string Folder)> VerbFolders() =>
        typeof(Program).Assembly.GetTypes()
            .Select(type => (Type: type, Verb: type.GetCustomAttribute<VerbAttribute>()))
            .Where(t => t.Verb is not null)
            .Select(t => (t.Verb!.Name, t.Type.Namespace!.Split('.')[^1]))
            .OrderBy(v => v.Name, StringComparer.Ordinal);

    // The lines of each fenced (```) block, in order.
    private static List<List<string>> CodeBlocks(string markdown)
    {
        var blocks = new List<List<string>>();
        List<string>? current = null;
        foreach (string raw in markdown.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                if (current is null)
                {
                    current = [];
                }
                else
                {
                    blocks.Add(current);
                    current = null;
                }
                continue;
            }
            current?.Add(line);
        }
        return blocks;
    }
}
