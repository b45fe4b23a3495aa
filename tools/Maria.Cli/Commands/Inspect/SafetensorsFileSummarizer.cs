using Maria.Export.Checkpoints;

namespace Maria.Cli.Commands.Inspect;

/// <summary>A single .safetensors file (any name ending in .safetensors).</summary>
internal sealed class SafetensorsFileSummarizer : IInspectionSummarizer
{
    public int Order => 30;

    public bool CanSummarize(string path) => File.Exists(path) && path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);

    public InspectionReport Summarize(string path)
    {
        using var file = SafetensorsFile.Open(path);
        return new InspectionReport("safetensors file", path)
        {
            Files = [path],
            Metadata = file.Metadata,
            Tensors = file.Tensors,
        };
    }
}
