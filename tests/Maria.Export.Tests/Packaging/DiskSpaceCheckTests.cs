using Maria.Export.Graphs.Blocks;
using Maria.Export.Packaging;
using Maria.Runtime;

namespace Maria.Export.Tests.Packaging;

/// <summary>An export whose disk lacks room refuses before writing anything; the planned size bounds the real one.</summary>
public sealed class DiskSpaceCheckTests
{
    [Fact]
    public void Too_little_free_space_is_refused_naming_the_output_both_sizes_and_the_shortfall()
    {
        var error = Assert.Throws<MariaInputException>(() => DiskSpaceCheck.Require("/big/pkg-7b", 5L << 30, 3L << 30));

        Assert.Equal("--output '/big/pkg-7b': the package needs about 5.00 GiB but its disk has 3.00 GiB free; free 2.00 GiB or more, or export to another disk (smaller: --weights int4)", error.Message);
    }

    [Fact]
    public void Exactly_enough_free_space_is_accepted()
    {
        DiskSpaceCheck.Require("/big/pkg", 1000, 1000);
    }

    [Fact]
    public void The_free_space_of_a_folder_not_yet_created_is_that_of_its_nearest_existing_parent()
    {
        string missing = Path.Combine(Path.GetTempPath(), "maria-tests-" + Guid.NewGuid().ToString("N"), "a", "b");

        Assert.Equal(new DriveInfo(Path.GetTempPath()).AvailableFreeSpace, DiskSpaceCheck.FreeBytes(missing), 64L << 20);
    }

    [Fact]
    public void An_export_to_a_disk_without_room_is_refused_before_writing_and_leaves_nothing_behind()
    {
        using var sources = new TinyPackageSources();
        var options = new PackageExportOptions(sources.MaskedModel, sources.CausalModel, sources.Output) { FreeBytesProbe = _ => 1 << 20 };

        var error = Assert.Throws<MariaInputException>(() => PackageExporter.Export(options));

        Assert.Contains("but its disk has 1.0 MiB free", error.Message);
        Assert.False(Directory.Exists(sources.Output), "a refused export must not create the output folder");
        Assert.Empty(Directory.GetDirectories(sources.Root, ".package.partial-*"));
    }

    [Theory]
    [InlineData(WeightStorage.Float32)]
    [InlineData(WeightStorage.Int8)]
    [InlineData(WeightStorage.Int4Block32)]
    [InlineData(WeightStorage.Int4Block32ZeroPoints)]
    public void The_planned_size_is_at_least_the_size_the_export_writes(WeightStorage storage)
    {
        using var sources = new TinyPackageSources();
        // Every linear layer's input a multiple of 32, so that int4 at block 32 takes the masked model too (its default
        // intermediate size is 48); the causal model ties its lm_head to the table (OLMo's default here).
        TinyCheckpoint.WriteModernBert(sources.MaskedModel, TinyCheckpoint.ModernBert() with { IntermediateSize = 64 });
        long planned = 0;
        var options = new PackageExportOptions(sources.MaskedModel, sources.CausalModel, sources.Output)
        {
            Weights = storage,
            FreeBytesProbe = _ => long.MaxValue,
        };
        PackageExporter.Export(options, new InlineProgress(line =>
        {
            if (line.StartsWith("disk: package planned at most ", StringComparison.Ordinal))
            {
                planned = (long)(double.Parse(line.Split(' ')[5], System.Globalization.CultureInfo.InvariantCulture) * 1e6);
            }
        }));

        long written = Directory.GetFiles(sources.Output).Sum(file => new FileInfo(file).Length);
        Assert.True(planned >= written, $"planned {planned} bytes, wrote {written}");
    }

    private sealed class InlineProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
