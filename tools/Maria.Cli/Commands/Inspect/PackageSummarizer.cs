using System.Globalization;
using System.Text.Json.Nodes;
using Maria.Export.Packaging;
using Maria.Runtime.Packaging;

namespace Maria.Cli.Commands.Inspect;

/// <summary>
/// A MARIA package folder (maria.json next to the graphs): the manifest's components (architectures, sizes, layers,
/// context, weights), the head, the vocabulary and special ids, provenance, and every file with its size and hash.
/// Tried before the checkpoint-folder summariser. The manifest is validated; file hashes are not recomputed (that is
/// <c>maria verify</c>).
/// </summary>
internal sealed class PackageSummarizer : IInspectionSummarizer
{
    public int Order => 5;

    public bool CanSummarize(string path) => Directory.Exists(path) && PackageManifestReader.IsPackage(path);

    public InspectionReport Summarize(string path)
    {
        var m = PackageManifestReader.Read(path);
        var e = m.Encoder;
        var d = m.Decoder;
        var v = m.Vocabulary;
        var settings = new JsonObject
        {
            ["format_version"] = m.FormatVersion,
            ["encoder"] = Invariant($"{e.File}: {e.Architecture}, hidden {e.HiddenSize}, {e.NumLayers} layers, {e.NumAttentionHeads} heads, context {e.ContextLength}, weights {WeightsFormat.Describe(e.Weights)}"),
            ["decoder"] = Invariant($"{d.File}: {d.Architecture}, hidden {d.HiddenSize}, {d.NumLayers} layers, {d.NumAttentionHeads} heads ({d.NumKeyValueHeads} kv) x {d.HeadDim}, context {d.ContextLength}, kv {d.KeyValueLayout}, weights {WeightsFormat.Describe(d.Weights)}"),
            ["head"] = Invariant($"{m.Head.Kind}, [{m.Head.OutFeatures}, {m.Head.InFeatures}]") + (m.Head.Source is { } source ? $" from {source.Name}" : ""),
            ["vocabulary"] = Invariant($"{v.Tokenizer}: shared ids 0..{v.SharedSize - 1}"),
            ["special_ids"] = Invariant($"cls {v.ClsId}, sep {v.SepId}, mask {v.MaskId}, pad {v.PadId}, bos {v.BosId}, eos {v.EosId}"),
            ["exporter"] = m.Provenance.Exporter,
            ["created"] = m.Provenance.Created,
            ["mlm_sources"] = string.Join(", ", m.Provenance.MaskedModel.Select(f => $"{f.Name} {Short(f.Sha256)}")),
            ["ar_sources"] = string.Join(", ", m.Provenance.CausalModel.Select(f => $"{f.Name} {Short(f.Sha256)}")),
            ["package_size"] = Invariant($"{m.Files.Values.Sum(f => f.Size):N0} bytes"),
        };
        foreach (var (key, value) in m.Head.Training ?? new Dictionary<string, string>())
        {
            settings[$"head_training.{key}"] = value;
        }
        return new InspectionReport("MARIA package", path)
        {
            Architecture = $"{e.Architecture} + {d.Architecture}",
            Settings = settings,
            Files = [.. m.Files.OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => Invariant($"{f.Key} ({f.Value.Size:N0} bytes, sha256 {Short(f.Value.Sha256)})"))],
        };
    }

    private static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] + "..." : sha256;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
