using System.Reflection;
using Maria.Runtime;

namespace Maria.Cli.Commands.Inspect;

/// <summary>Finds the summariser for a path among every <see cref="IInspectionSummarizer"/> in this assembly.</summary>
internal static class InspectionSummarizers
{
    public static IReadOnlyList<IInspectionSummarizer> All() =>
        [.. typeof(IInspectionSummarizer).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IInspectionSummarizer).IsAssignableFrom(t)
                && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IInspectionSummarizer)Activator.CreateInstance(t)!)
            .OrderBy(s => s.Order)
            .ThenBy(s => s.GetType().Name, StringComparer.Ordinal)];

    /// <summary>The first summariser that accepts <paramref name="path"/>; a one-line error when none does.</summary>
    public static IInspectionSummarizer For(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' does not exist; pass a .safetensors file, a model.safetensors.index.json, or a checkpoint folder", path);
        }
        return All().FirstOrDefault(s => s.CanSummarize(path))
            ?? throw new MariaInputException(Directory.Exists(path)
                ? $"folder '{path}' has no config.json (nor any other manifest inspect knows); pass a Hugging Face checkpoint folder, or a .safetensors file inside it"
                : $"'{path}' is not a .safetensors file or a sharded index (*.safetensors.index.json); pass one of those or a checkpoint folder");
    }
}
