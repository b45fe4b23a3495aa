using Maria.Fuzz.Targets;

namespace Maria.Fuzz;

/// <summary>The harnesses by name (tools/fuzz/run.sh TARGET MINUTES; corpora in tools/fuzz/corpus/TARGET).</summary>
public static class FuzzTargets
{
    private static readonly Dictionary<string, Func<IFuzzTarget>> Factories = new(StringComparer.Ordinal)
    {
        ["safetensors"] = () => new SafetensorsTarget(),
        ["safetensors-index"] = () => new SafetensorsIndexTarget(),
        ["config"] = () => new ConfigTarget(),
        ["tokenizer"] = () => new TokenizerTarget(),
        ["manifest"] = () => new ManifestTarget(),
        ["jsonl"] = () => new JsonlTarget(),
        ["masked-text"] = () => new MaskedTextTarget(),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    public static IFuzzTarget Get(string name) => Factories.TryGetValue(name, out var factory)
        ? factory()
        : throw new ArgumentException($"unknown fuzz target '{name}'; one of {string.Join(", ", Names)}", nameof(name));
}
