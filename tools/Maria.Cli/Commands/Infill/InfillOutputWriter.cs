using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maria.Runtime;
using Maria.Runtime.Infilling;

namespace Maria.Cli.Commands.Infill;

/// <summary>
/// Writes one output record per input record: the filled text as a line, or with <c>--json</c> one object with
/// id, input, output, the filled tokens with their probabilities, timing and the input's extra fields; a failed
/// record becomes <c>{"id", "input", "error"}</c> (JSON) or an empty line (text; the error goes to stderr).
/// </summary>
internal sealed class InfillOutputWriter(TextWriter output, bool json)
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void WriteResult(InfillRecord record, InfillResult result)
    {
        if (!json)
        {
            output.WriteLine(result.Output.ReplaceLineEndings(" "));
            return;
        }
        var obj = new JsonObject
        {
            ["id"] = record.Id,
            ["input"] = result.Input,
            ["output"] = result.Output,
            ["tokens"] = new JsonArray(result.Tokens.Select(t => (JsonNode)new JsonObject
            {
                ["position"] = t.Position,
                ["id"] = t.TokenId,
                ["text"] = t.Text,
                ["probability"] = Math.Round(t.Probability, 6),
            }).ToArray()),
            ["timing_ms"] = new JsonObject
            {
                ["total"] = Math.Round(result.Timings.Total.TotalMilliseconds, 3),
                ["encoder"] = Math.Round(result.Timings.Encoder.TotalMilliseconds, 3),
                ["prefill"] = Math.Round(result.Timings.Prefill.TotalMilliseconds, 3),
                ["steps"] = Math.Round(result.Timings.Steps.TotalMilliseconds, 3),
                ["sampling"] = Math.Round(result.Timings.Sampling.TotalMilliseconds, 3),
                ["tokenize"] = Math.Round(result.Timings.Tokenize.TotalMilliseconds, 3),
                ["overhead"] = Math.Round(result.Timings.Overhead.TotalMilliseconds, 3),
                ["decoder_calls"] = result.Timings.DecoderCalls,
            },
        };
        if (result.Blanks.Count > 0)
        {
            obj["blanks"] = BlankJson.Write(result.Blanks);
        }
        if (result.Warnings.Count > 0)
        {
            obj["warnings"] = new JsonArray(result.Warnings.Select(w => (JsonNode)JsonValue.Create(w)).ToArray());
        }
        AppendExtra(obj, record.Extra);
        output.WriteLine(obj.ToJsonString(Compact));
    }

    public void WriteError(InfillRecord record, string message)
    {
        if (!json)
        {
            output.WriteLine();
            return;
        }
        var obj = new JsonObject { ["id"] = record.Id, ["input"] = record.Text, ["error"] = message };
        AppendExtra(obj, record.Extra);
        output.WriteLine(obj.ToJsonString(Compact));
    }

    private static void AppendExtra(JsonObject obj, JsonObject? extra)
    {
        if (extra is null)
        {
            return;
        }
        foreach (var (key, value) in extra)
        {
            if (!obj.ContainsKey(key))
            {
                obj[key] = value?.DeepClone();
            }
        }
    }
}
