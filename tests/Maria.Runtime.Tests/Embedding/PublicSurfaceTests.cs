namespace Maria.Runtime.Tests.Embedding;

/// <summary>
/// The library's public types, listed: the surface grows only on purpose (add the type here in the same change, and
/// say why in the commit), and a type made internal leaves the list. The API a program uses lives in the root
/// namespace <c>Maria.Runtime</c>; <c>Maria.Runtime.Packaging</c> holds the records of a package's manifest
/// (<see cref="MariaModel.Manifest"/>). Evaluation and training machinery is internal to the tools.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly string[] Expected =
    [
        "Maria.Runtime.ArAlignment",
        "Maria.Runtime.BatchInfillItem",
        "Maria.Runtime.BlankCandidate",
        "Maria.Runtime.BlankKind",
        "Maria.Runtime.BlankOptions",
        "Maria.Runtime.BlankProposer",
        "Maria.Runtime.BlankScoring",
        "Maria.Runtime.DeviceCheck",
        "Maria.Runtime.EncodedToken",
        "Maria.Runtime.ExecutionDevice",
        "Maria.Runtime.FilledBlank",
        "Maria.Runtime.FilledToken",
        "Maria.Runtime.GenerationIteration",
        "Maria.Runtime.GenerationOptions",
        "Maria.Runtime.GenerationResult",
        "Maria.Runtime.HuggingFaceTokenizer",
        "Maria.Runtime.IncrementalDecoder",
        "Maria.Runtime.InfillOptions",
        "Maria.Runtime.InfillResult",
        "Maria.Runtime.InfillStreamEvent",
        "Maria.Runtime.InfillTimings",
        "Maria.Runtime.MariaInputException",
        "Maria.Runtime.MariaModel",
        "Maria.Runtime.MariaModelOptions",
        "Maria.Runtime.MaskedTokens",
        "Maria.Runtime.NonFiniteLogitsException",
        "Maria.Runtime.Packaging.DecoderManifest",
        "Maria.Runtime.Packaging.EncoderManifest",
        "Maria.Runtime.Packaging.HeadManifest",
        "Maria.Runtime.Packaging.PackageFileEntry",
        "Maria.Runtime.Packaging.PackageManifest",
        "Maria.Runtime.Packaging.ProvenanceManifest",
        "Maria.Runtime.Packaging.SourceFile",
        "Maria.Runtime.Packaging.VocabularyManifest",
        "Maria.Runtime.RepresentationKind",
        "Maria.Runtime.SamplingOptions",
        "Maria.Runtime.ScoreResult",
        "Maria.Runtime.TemperatureSchedule",
        "Maria.Runtime.TemperatureScheduleExtensions",
        "Maria.Runtime.TokenAlternative",
        "Maria.Runtime.TokenRepresentations",
        "Maria.Runtime.TokenizerFormatException",
    ];

    [Fact]
    public void The_public_types_of_the_runtime_are_exactly_the_listed_ones()
    {
        var actual = typeof(MariaModel).Assembly.GetExportedTypes().Select(t => t.FullName!).ToHashSet(StringComparer.Ordinal);
        var added = actual.Except(Expected, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var removed = Expected.Except(actual, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Assert.True(added.Length == 0 && removed.Length == 0,
            $"the runtime's public types changed: added {Describe(added)}; removed {Describe(removed)}. " +
            "List an added type in PublicSurfaceTests.Expected on purpose (and document it), or make it internal.");
    }

    [Fact]
    public void The_listed_types_are_sorted_and_unique_so_a_change_reads_as_one_line_in_a_diff()
    {
        Assert.Equal(Expected.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), Expected);
    }

    [Fact]
    public void Every_public_type_outside_the_manifest_records_is_in_the_root_namespace()
    {
        var elsewhere = typeof(MariaModel).Assembly.GetExportedTypes()
            .Where(t => t.Namespace is not ("Maria.Runtime" or "Maria.Runtime.Packaging"))
            .Select(t => t.FullName!)
            .ToArray();
        Assert.True(elsewhere.Length == 0, $"public types outside Maria.Runtime and Maria.Runtime.Packaging: {Describe(elsewhere)}");
    }

    [Fact]
    public void The_tokenizer_exposes_text_and_id_conversions_only_not_its_file_checks_or_bpe_tables()
    {
        // The loader's size check and the BPE vocabulary and merges are plumbing the exporter reaches through
        // InternalsVisibleTo; an app sees what Hugging Face's tokenizers give it: encode, decode, id <-> token.
        string[] expected =
        [
            "CreateIncrementalDecoder", "Decode", "Encode", "EncodeWithOffsets", "FromJson", "GetTokenBytes",
            "IdToToken", "IsSpecialToken", "Load", "NormalizerAvailable", "TokenToId", "VocabularySize",
        ];
        var actual = typeof(HuggingFaceTokenizer)
            .GetMembers(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance |
                        System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly)
            .Where(m => m is not System.Reflection.MethodInfo { IsSpecialName: true })   // property getters
            .Select(m => m.Name)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }

    private static string Describe(string[] names) => names.Length == 0 ? "none" : string.Join(", ", names);
}
