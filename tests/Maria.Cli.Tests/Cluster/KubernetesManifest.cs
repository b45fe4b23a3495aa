using YamlDotNet.RepresentationModel;

namespace Maria.Cli.Tests.Cluster;

/// <summary>One manifest of tools/cluster/kubernetes, parsed by YamlDotNet, with the paths the tests look at.</summary>
internal sealed class KubernetesManifest(YamlMappingNode root)
{
    public static KubernetesManifest Load(string name)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepositoryFiles.Root, "tools", "cluster", "kubernetes", name));
        stream.Load(reader);
        return new KubernetesManifest((YamlMappingNode)Assert.Single(stream.Documents).RootNode);
    }

    /// <summary>The scalar at a dotted path; a number in brackets indexes a sequence ("spec.template.spec.containers[0].image").</summary>
    public string Scalar(string path) => ((YamlScalarNode)Node(path)).Value!;

    public IReadOnlyList<string> Scalars(string path) => ((YamlSequenceNode)Node(path)).Children.Select(n => ((YamlScalarNode)n).Value!).ToList();

    public YamlNode Node(string path)
    {
        YamlNode node = root;
        foreach (string part in path.Split('.'))
        {
            string key = part.Split('[')[0];
            var mapping = Assert.IsType<YamlMappingNode>(node);
            Assert.True(mapping.Children.TryGetValue(new YamlScalarNode(key), out var child), $"no '{key}' in {path}");
            node = child!;
            if (part.Contains('['))
            {
                node = ((YamlSequenceNode)node).Children[int.Parse(part.Split('[', ']')[1], System.Globalization.CultureInfo.InvariantCulture)];
            }
        }
        return node;
    }

    /// <summary>The value that follows an option in an argument list.</summary>
    public static string OptionValue(IReadOnlyList<string> arguments, string option)
    {
        int at = arguments.ToList().IndexOf(option);
        Assert.True(at >= 0 && at + 1 < arguments.Count, $"no {option} VALUE among the arguments {string.Join(' ', arguments)}");
        return arguments[at + 1];
    }
}
