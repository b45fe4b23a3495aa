using System.Reflection;
using Maria.Runtime;

namespace Maria.Export.Architectures;

/// <summary>
/// Finds the graph builder for a config.json <c>architectures</c> name among the builders of this assembly, so
/// that adding an architecture is adding one file. Unknown names are refused by name, listing what is supported.
/// </summary>
public static class ArchitectureRegistry
{
    private static readonly IReadOnlyList<IEncoderGraphBuilder> Encoders = Discover<IEncoderGraphBuilder>();
    private static readonly IReadOnlyList<IDecoderGraphBuilder> Decoders = Discover<IDecoderGraphBuilder>();

    /// <summary>Architectures that can serve as the masked LM.</summary>
    public static IEnumerable<string> EncoderArchitectures => Encoders.Select(b => b.Architecture);

    /// <summary>Architectures that can serve as the causal LM.</summary>
    public static IEnumerable<string> DecoderArchitectures => Decoders.Select(b => b.Architecture);

    /// <summary>The encoder builder for <paramref name="architecture"/>; throws naming it if unsupported.</summary>
    public static IEncoderGraphBuilder Encoder(string architecture, string source) =>
        Encoders.FirstOrDefault(b => b.Architecture == architecture)
        ?? throw new MariaInputException($"{source}: architecture '{architecture}' cannot be the masked LM; supported: {string.Join(", ", EncoderArchitectures)}");

    /// <summary>The decoder builder for <paramref name="architecture"/>; throws naming it if unsupported.</summary>
    public static IDecoderGraphBuilder Decoder(string architecture, string source) =>
        Decoders.FirstOrDefault(b => b.Architecture == architecture)
        ?? throw new MariaInputException($"{source}: architecture '{architecture}' cannot be the causal LM; supported: {string.Join(", ", DecoderArchitectures)}");

    private static List<T> Discover<T>() => typeof(ArchitectureRegistry).Assembly.GetTypes()
        .Where(t => typeof(T).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (T)Activator.CreateInstance(t)!)
        .ToList();
}
