using System.Text.Json;
using System.Text.Json.Nodes;

namespace Maria.Cli.Commands.Infill.Sharding;

/// <summary>
/// First line of a shard's output: which shard of how many records, and fingerprints of the input, the package and
/// the infill settings, so that <c>maria merge</c> and <c>--resume</c> refuse pieces of different jobs.
/// The line is <c>#maria-shard {json}</c>; every later line is <c>INDEX\tRECORD</c>.
/// </summary>
internal sealed record ShardHeader(ShardSpec Shard, int Records, string Input, string Model, IReadOnlyDictionary<string, string> Settings)
{
    public const string Prefix = "#maria-shard ";

    public string ToLine()
    {
        var settings = new JsonObject();
        foreach (var (name, value) in Settings.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            settings[name] = value;
        }
        var obj = new JsonObject
        {
            ["shard"] = Shard.Index,
            ["shards"] = Shard.Count,
            ["records"] = Records,
            ["input_sha256"] = Input,
            ["model_sha256"] = Model,
            ["settings"] = settings,
        };
        return Prefix + obj.ToJsonString();
    }

    /// <summary>Reads a header line; null when the line is not one (the file is no shard output).</summary>
    public static ShardHeader? Parse(string line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            var obj = JsonNode.Parse(line[Prefix.Length..])!.AsObject();
            var settings = obj["settings"]!.AsObject().ToDictionary(s => s.Key, s => s.Value!.GetValue<string>(), StringComparer.Ordinal);
            int count = obj["shards"]!.GetValue<int>(), index = obj["shard"]!.GetValue<int>();
            return count < 1 || index < 0 || index >= count
                ? null
                : new ShardHeader(new ShardSpec(index, count), obj["records"]!.GetValue<int>(),
                    obj["input_sha256"]!.GetValue<string>(), obj["model_sha256"]!.GetValue<string>(), settings);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            return null;
        }
    }

    /// <summary>What differs between two headers of the same job other than the shard index, in words; empty when nothing.</summary>
    public IEnumerable<string> JobDifferences(ShardHeader other)
    {
        if (Shard.Count != other.Shard.Count)
        {
            yield return $"{Shard.Count} shards vs {other.Shard.Count}";
        }
        if (Records != other.Records || Input != other.Input)
        {
            yield return $"another input ({Records} records, sha256 {Short(Input)} vs {other.Records}, {Short(other.Input)})";
        }
        if (Model != other.Model)
        {
            yield return $"another package (maria.json sha256 {Short(Model)} vs {Short(other.Model)})";
        }
        foreach (string name in Settings.Keys.Union(other.Settings.Keys).Order(StringComparer.Ordinal))
        {
            string mine = Settings.GetValueOrDefault(name, "(unset)"), theirs = other.Settings.GetValueOrDefault(name, "(unset)");
            if (mine != theirs)
            {
                yield return $"--{name} {mine} vs {theirs}";
            }
        }
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
