using System.Diagnostics;
using static Maria.Cli.Tests.Cluster.KubernetesManifest;
using static Maria.Cli.Tests.MariaCli;

namespace Maria.Cli.Tests.Cluster;

/// <summary>
/// tools/cluster/kubernetes: the Indexed Job passes the CLI the arguments of one shard per completion index, on the
/// shared volume, and the merge Job joins them. No cluster here: the arguments are run as a kubelet would run them
/// (the index in JOB_COMPLETION_INDEX and substituted for $(JOB_COMPLETION_INDEX), no shell), on a local folder.
/// </summary>
public sealed class KubernetesManifestTests : IDisposable
{
    private const string ContainerPath = "spec.template.spec.containers[0]";
    private readonly TemporaryFolder temporary = new();

    private string folder => temporary.Path;
    private readonly KubernetesManifest infill = Load("infill-job.yaml");
    private readonly KubernetesManifest merge = Load("merge-job.yaml");

    [Fact]
    public void The_indexed_job_gives_each_completion_index_its_shard_on_the_shared_volume()
    {
        Assert.Equal("batch/v1", infill.Scalar("apiVersion"));
        Assert.Equal("Job", infill.Scalar("kind"));
        Assert.Equal("Indexed", infill.Scalar("spec.completionMode"));
        int completions = int.Parse(infill.Scalar("spec.completions"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(int.Parse(infill.Scalar("spec.parallelism"), System.Globalization.CultureInfo.InvariantCulture), 1, completions);
        Assert.Equal("Never", infill.Scalar("spec.template.spec.restartPolicy"));

        var arguments = infill.Scalars($"{ContainerPath}.args");
        Assert.Equal("infill", arguments[0]);
        Assert.Equal($"auto/{completions}", OptionValue(arguments, "--shard"));
        Assert.Contains("--resume", arguments);
        Assert.Contains("$(JOB_COMPLETION_INDEX)", OptionValue(arguments, "--output"), StringComparison.Ordinal);

        // Both Jobs mount the claim of volume.yaml, shared by every node's pods, where their files are.
        var volume = Load("volume.yaml");
        Assert.Contains("ReadWriteMany", volume.Scalars("spec.accessModes"));
        foreach (var job in new[] { infill, merge })
        {
            Assert.Equal(volume.Scalar("metadata.name"), job.Scalar("spec.template.spec.volumes[0].persistentVolumeClaim.claimName"));
            Assert.Equal(job.Scalar("spec.template.spec.volumes[0].name"), job.Scalar($"{ContainerPath}.volumeMounts[0].name"));
            string mount = job.Scalar($"{ContainerPath}.volumeMounts[0].mountPath");
            var files = job.Scalars($"{ContainerPath}.args");
            Assert.All(new[] { OptionValue(files, "--input"), OptionValue(files, "--output") }, path => Assert.StartsWith(mount + "/", path, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_jobs_arguments_run_by_the_cli_merge_to_the_output_of_one_process()
    {
        string mount = infill.Scalar($"{ContainerPath}.volumeMounts[0].mountPath");
        var infillArguments = infill.Scalars($"{ContainerPath}.args");
        string input = Path.Combine(folder, Path.GetRelativePath(mount, OptionValue(infillArguments, "--input")));
        File.WriteAllLines(input, Enumerable.Range(0, 9).Select(i => $$"""{"id": "k{{i}}", "text": "The [MASK] of the year {{1900 + i}} was [MASK]."}"""));

        int completions = int.Parse(infill.Scalar("spec.completions"), System.Globalization.CultureInfo.InvariantCulture);
        for (int index = 0; index < completions; index++)
        {
            var pod = infillArguments.Select(a => a.Replace("$(JOB_COMPLETION_INDEX)", index.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            var (code, stderr) = RunPod(pod, mount, index);
            Assert.True(code == 0, stderr);
        }
        var (mergeCode, mergeError) = RunPod(merge.Scalars($"{ContainerPath}.args"), mount, index: null);
        Assert.True(mergeCode == 0, mergeError);

        string single = Path.Combine(folder, "single.jsonl");
        var (singleCode, _, singleError) = RunMaria("infill", "--input", input, "--output", single);
        Assert.True(singleCode == 0, singleError);
        string merged = Path.Combine(folder, Path.GetRelativePath(mount, OptionValue(merge.Scalars($"{ContainerPath}.args"), "--output")));
        Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(merged));
    }

    public void Dispose() => temporary.Dispose();

    /// <summary>Runs the CLI as the container would (arguments as they are, no shell), the volume's paths moved to the test folder.</summary>
    private (int ExitCode, string Stderr) RunPod(IEnumerable<string> arguments, string mount, int? index)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "maria.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument.StartsWith(mount + "/", StringComparison.Ordinal) ? Path.Combine(folder, argument[(mount.Length + 1)..]) : argument);
        }
        if (index is not null)
        {
            start.Environment["JOB_COMPLETION_INDEX"] = index.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        foreach (string slurm in new[] { "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN" })
        {
            start.Environment.Remove(slurm);  // a test run inside a Slurm job must not read Slurm's index
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the CLI ran for more than 2 minutes");
        return (process.ExitCode, stderr.Result);
    }
}
