namespace Maria.Runtime.Tests.Embedding;

/// <summary>
/// The library's public types, listed: the surface grows only on purpose (add the type here in the same change, and
/// say why in the commit), and a type made internal leaves the list.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly string[] Expected =
    [
        "Maria.Runtime.Baselines.BaselineResult",
        "Maria.Runtime.Baselines.MariaBaselines",
        "Maria.Runtime.Baselines.MaskedTokens",
        "Maria.Runtime.Blanks.BlankCandidate",
        "Maria.Runtime.Blanks.BlankKind",
        "Maria.Runtime.Blanks.BlankOptions",
        "Maria.Runtime.Blanks.BlankProposer",
        "Maria.Runtime.Blanks.BlankScoring",
        "Maria.Runtime.Blanks.FilledBlank",
        "Maria.Runtime.DeviceCheck",
        "Maria.Runtime.ExecutionDevice",
        "Maria.Runtime.Generation.GenerationIteration",
        "Maria.Runtime.Generation.GenerationOptions",
        "Maria.Runtime.Generation.GenerationResult",
        "Maria.Runtime.Generation.TemperatureSchedule",
        "Maria.Runtime.Generation.TemperatureScheduleExtensions",
        "Maria.Runtime.Infilling.BatchInfillItem",
        "Maria.Runtime.Infilling.FilledToken",
        "Maria.Runtime.Infilling.InfillOptions",
        "Maria.Runtime.Infilling.InfillResult",
        "Maria.Runtime.Infilling.InfillStreamEvent",
        "Maria.Runtime.Infilling.InfillTimings",
        "Maria.Runtime.Infilling.TokenAlternative",
        "Maria.Runtime.MariaInputException",
        "Maria.Runtime.MariaModel",
        "Maria.Runtime.MariaModelOptions",
        "Maria.Runtime.Masking.MaskRule",
        "Maria.Runtime.Masking.SeededRandom",
        "Maria.Runtime.Masking.TextTokens",
        "Maria.Runtime.Masking.TextWindows",
        "Maria.Runtime.NonFiniteLogitsException",
        "Maria.Runtime.Packaging.DecoderManifest",
        "Maria.Runtime.Packaging.EncoderManifest",
        "Maria.Runtime.Packaging.HeadManifest",
        "Maria.Runtime.Packaging.PackageFileEntry",
        "Maria.Runtime.Packaging.PackageManifest",
        "Maria.Runtime.Packaging.PackageManifestReader",
        "Maria.Runtime.Packaging.ProvenanceManifest",
        "Maria.Runtime.Packaging.SourceFile",
        "Maria.Runtime.Packaging.VocabularyManifest",
        "Maria.Runtime.Representations.ArAlignment",
        "Maria.Runtime.Representations.RepresentationKind",
        "Maria.Runtime.Representations.TokenRepresentations",
        "Maria.Runtime.Sampling.SamplingOptions",
        "Maria.Runtime.Sampling.TokenSampler",
        "Maria.Runtime.Scoring.HeadFeatureExtractor",
        "Maria.Runtime.Scoring.HeadFeatures",
        "Maria.Runtime.Scoring.ScoreResult",
        "Maria.Runtime.Tokenization.AddedToken",
        "Maria.Runtime.Tokenization.ByteLevelAlphabet",
        "Maria.Runtime.Tokenization.EncodedToken",
        "Maria.Runtime.Tokenization.HuggingFaceTokenizer",
        "Maria.Runtime.Tokenization.IncrementalDecoder",
        "Maria.Runtime.Tokenization.TokenizerFormatException",
    ];

    [Fact]
    public void The_public_types_of_the_runtime_are_exactly_the_listed_ones()
    {
        var actual = typeof(MariaModel).Assembly.GetExportedTypes()
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(Expected.SequenceEqual(actual),
            "public types changed; the surface is now:\n" + string.Join("\n", actual.Select(name => $"        \"{name}\",")));
    }
}
