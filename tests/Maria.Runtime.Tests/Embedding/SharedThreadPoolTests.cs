using Microsoft.ML.OnnxRuntime;
using Maria.Runtime.Tests.Engine;

namespace Maria.Runtime.Tests.Embedding;

/// <summary>Every session of every model in a process runs on ONNX Runtime's one global intra-op pool.</summary>
[Collection(TinyPackageCollection.Name)]
public sealed class SharedThreadPoolTests(TinyPackageFixture package)
{
    /// <summary>
    /// The environment is the one <see cref="Maria.Runtime.Inference.SharedThreadPool.EnsureEnvironment"/> creates (see
    /// <see cref="OrtEnvironmentFirst"/>: which test's session came first in this process is not fixed).
    /// </summary>
    [Fact]
    public void After_a_model_loads_the_process_has_the_global_pool_that_sessions_without_pools_of_their_own_run_on()
    {
        using var model = MariaModel.Load(package.PackageDirectory);
        // ONNX Runtime refuses a session without per-session threads unless its environment has the global pools.
        using var options = new SessionOptions();
        options.DisablePerSessionThreads();
        using var session = new InferenceSession(Path.Combine(package.PackageDirectory, model.Manifest.Encoder.File), options);
        Assert.NotEmpty(session.InputMetadata);
    }

    [Fact]
    public void Models_on_the_shared_pool_and_on_a_pool_of_their_own_give_the_same_fills()
    {
        using var shared = MariaModel.Load(package.PackageDirectory);
        using var second = MariaModel.Load(package.PackageDirectory);
        using var own = MariaModel.Load(package.PackageDirectory, new MariaModelOptions(IntraOpThreads: 1));
        string text = "The [MASK] is [MASK] and [MASK].";
        Assert.Equal(shared.Infill(text).Output, second.Infill(text).Output);
        Assert.Equal(shared.Infill(text).Output, own.Infill(text).Output);
    }
}
