using System.Globalization;
using System.Text.Json;
using Maria.Runtime;
using Maria.Runtime.Blanks;

namespace Maria.Cli.Commands.EvalBlanks;

/// <summary>The table of <c>maria eval-blanks</c>: one row per (kind, proposer), as markdown or JSON.</summary>
internal sealed class BlankEvalReport
{
    private readonly Dictionary<(BlankKind, string), BlankEvalTally> tallies = [];
    private readonly Dictionary<BlankKind, int> skipped = [];

    public BlankEvalTally this[BlankKind kind, string proposer] =>
        tallies.TryGetValue((kind, proposer), out var tally) ? tally : tallies[(kind, proposer)] = new BlankEvalTally();

    /// <summary>Counts a blank whose span's tokens depend on its neighbours (not evaluated).</summary>
    public void Skipped(BlankKind kind) => skipped[kind] = skipped.GetValueOrDefault(kind) + 1;

    public void WriteTable(TextWriter writer, IReadOnlyList<string> proposers, IReadOnlyList<BlankKind> kinds)
    {
        writer.WriteLine("| blank | proposer | blanks | exact match | length accuracy | tokens chosen / true | true span ranked first | mean rank of true span | ms per blank |");
        writer.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var kind in kinds)
        {
            foreach (string proposer in proposers)
            {
                var t = this[kind, proposer];
                string rank = t.Ranked == 0 ? "-" : Percent(t.TrueRankedFirstRate);
                string meanRank = t.Ranked == 0 ? "-" : t.MeanTrueRank.ToString("F2", CultureInfo.InvariantCulture);
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {Name(kind)} | {proposer} | {t.Blanks} | {Percent(t.ExactMatchRate)} | {Percent(t.LengthAccuracy)} | {t.MeanChosenTokens:F2} / {t.MeanTrueTokens:F2} | {rank} | {meanRank} | {t.MillisecondsPerBlank:F0} |"));
            }
        }
        foreach (var kind in kinds.Where(k => skipped.GetValueOrDefault(k) > 0))
        {
            writer.WriteLine($"({Name(kind)}: {skipped[kind]} windows skipped: the removed span's tokens depend on its neighbours)");
        }
    }

    public void WriteJson(string path, IReadOnlyList<string> proposers, IReadOnlyList<BlankKind> kinds, IReadOnlyDictionary<string, object> settings)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        foreach (var (key, value) in settings)
        {
            json.WritePropertyName(key);
            JsonSerializer.Serialize(json, value);
        }
        json.WriteStartArray("rows");
        foreach (var kind in kinds)
        {
            foreach (string proposer in proposers)
            {
                var t = this[kind, proposer];
                json.WriteStartObject();
                json.WriteString("kind", Name(kind));
                json.WriteString("proposer", proposer);
                json.WriteNumber("blanks", t.Blanks);
                json.WriteNumber("exact_match", t.ExactMatchRate);
                json.WriteNumber("length_accuracy", t.LengthAccuracy);
                json.WriteNumber("mean_tokens_chosen", t.MeanChosenTokens);
                json.WriteNumber("mean_tokens_true", t.MeanTrueTokens);
                if (t.Ranked > 0)
                {
                    json.WriteNumber("true_ranked_first", t.TrueRankedFirstRate);
                    json.WriteNumber("mean_true_rank", t.MeanTrueRank);
                }
                json.WriteNumber("ms_per_blank", t.MillisecondsPerBlank);
                json.WriteNumber("skipped", skipped.GetValueOrDefault(kind));
                json.WriteEndObject();
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Name(BlankKind kind) => kind == BlankKind.Word ? "word" : "phrase";

    private static string Percent(double rate) => (100 * rate).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
