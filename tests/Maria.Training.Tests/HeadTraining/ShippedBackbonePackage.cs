using System.Text.Json;
using Maria.Export.Packaging;

namespace Maria.Training.Tests.HeadTraining;

/// <summary>
/// A real package for head-training tests, exported once per test class (fp32, context 64) from the shipped tiny
/// backbones in models/, plus small JSON-lines corpora cut from the training and validation splits.
/// </summary>
public sealed class ShippedBackbonePackage : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public ShippedBackbonePackage()
    {
        Root = _folder.Path;
        ArCheckpoint = Path.Combine(RepositoryFiles.Root, "models", "olmo-tiny");
        MlmCheckpoint = Path.Combine(RepositoryFiles.Root, "models", "modernbert-tiny");
        Package = Path.Combine(Root, "package");
        PackageExporter.Export(new PackageExportOptions(MlmCheckpoint, ArCheckpoint, Package) { ContextLength = 64 });
        TrainingData = Slice(RepositoryFiles.Corpus("train.jsonl"), "train.jsonl", 3000);
        ValidationData = Slice(RepositoryFiles.Corpus("validation.jsonl"), "validation.jsonl", 1500);
    }

    public string Root { get; }

    public string Package { get; }

    public string ArCheckpoint { get; }

    public string MlmCheckpoint { get; }

    /// <summary>Two addresses' openings (a few hundred tokens).</summary>
    public string TrainingData { get; }

    /// <summary>Two validation addresses' openings.</summary>
    public string ValidationData { get; }

    public string NewFolder() => Directory.CreateDirectory(Path.Combine(Root, Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => _folder.Dispose();

    private string Slice(string source, string name, int characters)
    {
        string path = Path.Combine(Root, name);
        var lines = File.ReadLines(source).Take(2).Select(line =>
        {
            string text = JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!;
            return JsonSerializer.Serialize(new { text = text[..Math.Min(characters, text.Length)] });
        });
        File.WriteAllLines(path, lines);
        return path;
    }
}
