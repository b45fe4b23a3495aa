using Maria.Cli.Commands.Inspect;

namespace Maria.Cli.Tests.Inspect;

public sealed class InspectionSummarizersTests
{
    [Fact]
    public void Summarisers_are_discovered_by_reflection_and_tried_from_folders_to_files()
    {
        var names = InspectionSummarizers.All().Select(s => s.GetType().Name).ToList();

        int folder = names.IndexOf(nameof(HuggingFaceFolderSummarizer));
        int index = names.IndexOf(nameof(ShardedIndexSummarizer));
        int file = names.IndexOf(nameof(SafetensorsFileSummarizer));
        Assert.True(folder >= 0 && index > folder && file > index, string.Join(", ", names));
    }

    [Fact]
    public void Each_path_kind_goes_to_its_summariser()
    {
        using var temporary = new TemporaryFolder();
        File.WriteAllText(temporary.File("config.json"), "{}");
        File.WriteAllText(temporary.File("model.safetensors.index.json"), "{}");
        File.WriteAllBytes(temporary.File("weights.safetensors"), []);

        Assert.IsType<HuggingFaceFolderSummarizer>(InspectionSummarizers.For(temporary.Path));
        Assert.IsType<ShardedIndexSummarizer>(InspectionSummarizers.For(temporary.File("model.safetensors.index.json")));
        Assert.IsType<SafetensorsFileSummarizer>(InspectionSummarizers.For(temporary.File("weights.safetensors")));
    }
}
