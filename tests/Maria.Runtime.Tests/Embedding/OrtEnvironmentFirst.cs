using System.Runtime.CompilerServices;
using Maria.Runtime.Inference;

namespace Maria.Runtime.Tests.Embedding;

/// <summary>
/// ONNX Runtime's process-wide environment can get its global thread pool only when it is created, and the first
/// session of the process creates it. In this test assembly that first session may be any test's (xunit's order is
/// not fixed), so the assembly sets the environment up the way the runtime does before any test runs, as an app's
/// first model load does; <see cref="SharedThreadPoolTests"/> then checks what that set-up gives every later session.
/// </summary>
internal static class OrtEnvironmentFirst
{
    [ModuleInitializer]
    internal static void CreateWithTheRuntimesGlobalPool() => SharedThreadPool.EnsureEnvironment();
}
