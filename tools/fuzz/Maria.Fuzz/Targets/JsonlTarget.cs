using Maria.Cli.Commands.Infill;
using Maria.Cli.Inputs;

namespace Maria.Fuzz.Targets;

/// <summary>
/// A JSON-lines input file as `maria infill --input` reads it (bounded lines, JSON or plain detection, one record per
/// line, a bad line a record error) and as the --data readers of eval and bench read it (a bad line refused).
/// </summary>
internal sealed class JsonlTarget : IFuzzTarget
{
    public string Run(byte[] input)
    {
        string path = ScratchFiles.Write("input.jsonl", input);
        string infill = ParserContract.Check(() => InputReader.Read(path, TextReader.Null));
        string data = ParserContract.Check(() => JsonTextLines.ReadRecords(path).ToList());
        return $"infill {infill}; data {data}";
    }
}
