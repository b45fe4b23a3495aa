using System.Text;
using Maria.Export.Configs;

namespace Maria.Fuzz.Targets;

/// <summary>A Hugging Face config.json of any supported architecture (the seeds: OLMo, ModernBERT, Llama), parsed and validated.</summary>
internal sealed class ConfigTarget : IFuzzTarget
{
    public string Run(byte[] input) =>
        ParserContract.Check(() => ModelConfigReader.Parse(Encoding.UTF8.GetString(input), "config.json"));
}
