using CommandLine;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Inspect;

/// <summary>
/// `maria inspect PATH [--json]`: summarises a .safetensors file, a sharded index, or a checkpoint folder
/// (architecture and key config values, tensor count, parameters, dtypes, size, and every tensor).
/// </summary>
[Verb("inspect", HelpText = "Summarise a .safetensors file, a model.safetensors.index.json, or a Hugging Face checkpoint folder.")]
internal sealed class InspectCommand : ICommand
{
    [Value(0, MetaName = "PATH", Required = true, HelpText = "A .safetensors file, a *.safetensors.index.json, or a folder with config.json.")]
    public string Path { get; set; } = "";

    [Option("json", HelpText = "Print one JSON object instead of text.")]
    public bool Json { get; set; }

    public int Execute(CommandContext context)
    {
        var report = InspectionSummarizers.For(Path).Summarize(Path);
        if (Json)
        {
            InspectionJsonRenderer.Write(report, context.Out);
        }
        else
        {
            InspectionTextRenderer.Write(report, context.Out);
        }
        return ExitCodes.Success;
    }
}
