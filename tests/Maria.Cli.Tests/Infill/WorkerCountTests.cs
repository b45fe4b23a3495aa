using Maria.Cli.Models;
using Maria.Runtime;
using Maria.Tools.Common;

namespace Maria.Cli.Tests.Infill;

/// <summary><c>maria infill --workers</c>: what 0 chooses from the package, and what is refused.</summary>
[Collection(InfillPackageCollection.Name)]
public sealed class WorkerCountTests(InfillPackageFixture fixture)
{
    [Fact]
    public void Zero_takes_one_worker_per_core_for_a_small_decoder_on_the_cpu_with_the_threads_left_to_the_runtime()
    {
        Assert.Equal(Math.Clamp(Environment.ProcessorCount, 1, WorkerCount.MostAuto), WorkerCount.Resolve(0, 0, ExecutionDevice.Cpu, fixture.Package));
        Assert.Equal(1, WorkerCount.Resolve(0, 2, ExecutionDevice.Cpu, fixture.Package));
        Assert.Equal(1, WorkerCount.Resolve(0, 0, ExecutionDevice.Cuda, fixture.Package));
        Assert.Equal(3, WorkerCount.Resolve(3, 2, ExecutionDevice.Cpu, fixture.Package));
    }

    [Fact]
    public void Zero_keeps_one_worker_when_the_decoder_and_its_weights_pass_64_MiB()
    {
        string package = fixture.File($"large-decoder-{Guid.NewGuid():N}");
        Directory.CreateDirectory(package);
        File.Copy(Path.Combine(fixture.Package, "maria.json"), Path.Combine(package, "maria.json"));
        string decoder = Path.Combine(package, Runtime.Packaging.PackageManifestReader.Read(fixture.Package).Decoder.File);
        File.WriteAllBytes(decoder, new byte[1024]);
        // External weights beside the graph count too (a sparse file: no disk is used).
        using (var weights = File.Create(decoder + ".data"))
        {
            weights.SetLength(WorkerCount.SmallDecoderBytes);
        }

        Assert.Equal(1, WorkerCount.Resolve(0, 0, ExecutionDevice.Cpu, package));
    }

    [Fact]
    public void A_negative_count_is_refused_naming_the_option()
    {
        var error = Assert.Throws<UsageException>(() => WorkerCount.Check(-2));

        Assert.Equal("--workers -2: give 1 or more batches to decode side by side, or 0 to choose by the package", error.Message);
    }
}
