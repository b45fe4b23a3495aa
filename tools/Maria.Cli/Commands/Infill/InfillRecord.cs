using System.Text.Json.Nodes;

namespace Maria.Cli.Commands.Infill;

/// <summary>
/// One input record: from a plain line (id = line number) or a JSON line <c>{"id", "text", ...}</c> whose extra
/// fields are passed through to the output. <see cref="Error"/> is set when the line itself is unusable.
/// </summary>
internal sealed record InfillRecord(string Id, string? Text, JsonObject? Extra, string? Error)
{
    public static InfillRecord FromPlain(int lineNumber, string line) => new(lineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), line, null, null);

    public static InfillRecord FromJsonLine(int lineNumber, string line)
    {
        string fallbackId = lineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        JsonNode? node;
        try
        {
            // Duplicate keys are refused while parsing (a JsonObject would throw ArgumentException on first access).
            node = JsonNode.Parse(line, documentOptions: new System.Text.Json.JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (System.Text.Json.JsonException e)
        {
            return new(fallbackId, null, null, $"line {lineNumber}: invalid JSON ({e.Message.ReplaceLineEndings(" ")}); each line must be an object like {{\"id\": \"1\", \"text\": \"... [MASK] ...\"}}");
        }
        if (node is not JsonObject obj)
        {
            return new(fallbackId, null, null, $"line {lineNumber}: expected a JSON object with a \"text\" field");
        }
        string id = obj["id"] is JsonValue idValue ? idValue.ToString() : fallbackId;
        if (obj["text"] is not JsonValue textValue || !textValue.TryGetValue(out string? text))
        {
            return new(id, null, obj, $"line {lineNumber}: the object has no string \"text\" field; add one with the text to fill");
        }
        var extra = (JsonObject)obj.DeepClone();
        extra.Remove("id");
        extra.Remove("text");
        return new(id, text, extra, null);
    }
}
