using Maria.Export.Packaging;

namespace Maria.Cli.Tests.Infill;

/// <summary>
/// Two damaged-or-extreme packages for the infill tests. <see cref="LargeLogits"/>: the tiny package with a head scaled
/// so its logits reach about 200 (real-scale packages reach 92; exp overflows a float at 88.72).
/// <see cref="PoisonedToken"/>: a package whose causal model has NaN in the embedding row of the byte 'Z' (untied head),
/// so every AR state after a 'Z' is NaN and only texts containing 'Z' meet NaN logits, at the masks after it.
/// </summary>
public sealed class LogitExtremesFixture : IDisposable
{
    public const int PoisonedTokenId = 'Z'; // byte-level id of "Z" in the tiny tokenizer
    private readonly TinyPackageSources large = new();
    private readonly TinyPackageSources poisoned = new();

    public LogitExtremesFixture()
    {
        string head = large.WriteHead(new Dictionary<string, string> { ["steps"] = "1" }, scale: 30f);
        PackageExporter.Export(new PackageExportOptions(large.MaskedModel, large.CausalModel, large.Output) { HeadPath = head });

        var untied = TinyCheckpoint.Olmo() with { TieWordEmbeddings = false };
        Directory.Delete(poisoned.CausalModel, recursive: true);
        TinyCheckpoint.WriteOlmo(poisoned.CausalModel, untied);
        int h = untied.HiddenSize;
        TinyCheckpoint.Damage(poisoned.CausalModel, "model.embed_tokens.weight", Enumerable.Range(PoisonedTokenId * h, h).Select(i => (long)i), float.NaN);
        PackageExporter.Export(new PackageExportOptions(poisoned.MaskedModel, poisoned.CausalModel, poisoned.Output));
    }

    public string LargeLogits => large.Output;

    public string PoisonedToken => poisoned.Output;

    public string File(string name) => Path.Combine(large.Root, name);

    public void Dispose()
    {
        large.Dispose();
        poisoned.Dispose();
    }
}
