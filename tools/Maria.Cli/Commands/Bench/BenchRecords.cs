using System.Globalization;
using Maria.Cli.Inputs;
using Maria.Runtime;
using Maria.Runtime.Baselines;
using Maria.Runtime.Masking;

namespace Maria.Cli.Commands.Bench;

/// <summary>
/// The records <c>maria bench --batch-sizes</c> decodes. When the first record of <c>--data</c> holds a <c>[MASK]</c>,
/// the file's records ({"id", "text"}, e.g. from tools/bench/masked-records.sh) are decoded as they are, each
/// <c>[MASK]</c> one token as in <c>maria infill</c>; every record must then hold one. Otherwise <c>count</c> windows
/// of <c>length</c> tokens are cut one after another from the file's texts, window r masked by the project's mask rule
/// (<see cref="BenchInput.DrawMasks"/> with the seed and r).
/// </summary>
internal sealed record BenchRecords(IReadOnlyList<MaskedTokens> Records, string Source)
{
    /// <summary>Whether the records were generated from unmasked texts (not read as masked records).</summary>
    public bool Generated => Source == "generated windows";

    /// <summary>Masked positions over all records.</summary>
    public long MaskedTokens => Records.Sum(r => (long)r.Masks.Count);

    /// <summary>Text tokens over all records, masks included.</summary>
    public long Tokens => Records.Sum(r => (long)r.Tokens.Count);

    /// <summary>Reads or generates the records; <paramref name="count"/> caps a masked file (null: all of it).</summary>
    public static BenchRecords Load(MariaModel model, string path, int? count, int length, double rate, int seed)
    {
        var first = JsonTextLines.ReadRecords(path).FirstOrDefault()
            ?? throw new MariaInputException($"--data {path}: the file has no text; pass a JSON-lines file of {{\"text\": ...}} records");
        if (first.Text.Contains("[MASK]", StringComparison.Ordinal))
        {
            var records = JsonTextLines.ReadRecords(path).Take(count ?? int.MaxValue).Select(r => Encode(model, path, r)).ToList();
            return new BenchRecords(records, "masked records");
        }
        int windows = count ?? 32;
        BenchCommand.CheckFits([length], model.Baselines.MaxTokens);
        var input = BenchInput.Read(path, model.Tokenizer, model.Manifest.Vocabulary.SharedSize, windows * length,
            $"{windows} records of {length} tokens need {windows * length}; pass more data, fewer --records or a shorter --lengths");
        var tokens = input.Tokens(windows * length);
        var generated = TextWindows.Consecutive(tokens, length, minimumLength: length)
            .Select((window, r) => new MaskedTokens(window, BenchInput.DrawMasks(length, rate, seed, r)))
            .ToList();
        return new BenchRecords(generated, "generated windows");
    }

    /// <summary>A record's tokens with its [MASK]s as positions; one-line errors name the line.</summary>
    private static MaskedTokens Encode(MariaModel model, string path, JsonTextRecord record)
    {
        var vocabulary = model.Manifest.Vocabulary;
        var tokens = model.Tokenizer.Encode(record.Text).ToArray();
        var masks = new List<int>();
        for (int i = 0; i < tokens.Length; i++)
        {
            if (tokens[i] == vocabulary.MaskId)
            {
                masks.Add(i);
            }
            else if (!TextTokens.IsText(tokens[i], vocabulary.SharedSize))
            {
                throw new MariaInputException($"--data {path}, line {record.Line}: the special token '{model.Tokenizer.IdToToken(tokens[i])}' is not text; only [MASK] may appear, remove it");
            }
        }
        string line = record.Line.ToString(CultureInfo.InvariantCulture);
        if (masks.Count == 0)
        {
            throw new MariaInputException($"--data {path}, line {line}: no [MASK] (the first record has some, so every record must); mask it or drop the line");
        }
        TextTokens.EnsureFits(tokens.Length, model.Baselines.MaxTokens, $"--data {path}, line {line}", "shorten the record");
        return new MaskedTokens(tokens, masks);
    }
}
