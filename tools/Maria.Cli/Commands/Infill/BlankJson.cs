using System.Text.Json.Nodes;
using Maria.Runtime;
using Maria.Runtime.Blanks;

namespace Maria.Cli.Commands.Infill;

/// <summary>
/// The <c>"blanks"</c> array of <c>maria infill --json</c>: per blank its kind, chosen length, fill, MARIA's exact
/// log-probability of the fill, and the candidates the search weighed (best first, with their scores).
/// </summary>
internal static class BlankJson
{
    /// <summary>Alternatives listed per blank (the search weighs up to beam × max-blank-tokens).</summary>
    private const int MaxAlternatives = 5;

    public static JsonArray Write(IReadOnlyList<FilledBlank> blanks) => new(blanks.Select(b => (JsonNode)new JsonObject
    {
        ["kind"] = b.Kind == BlankKind.Word ? "word" : "phrase",
        ["position"] = b.Position,
        ["length"] = b.Tokens.Count,
        ["text"] = b.Text,
        ["token_ids"] = new JsonArray(b.Tokens.Select(t => (JsonNode)JsonValue.Create(t.TokenId)).ToArray()),
        ["log_probability"] = Math.Round(b.LogProbability, 6),
        ["alternatives"] = new JsonArray(b.Alternatives.Take(MaxAlternatives).Select(a => (JsonNode)new JsonObject
        {
            ["text"] = a.Text,
            ["length"] = a.TokenIds.Count,
            ["score"] = Math.Round(a.Score, 6),
        }).ToArray()),
    }).ToArray());
}
