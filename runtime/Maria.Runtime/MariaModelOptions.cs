namespace Maria.Runtime;

/// <summary>Where the graphs run.</summary>
public enum ExecutionDevice
{
    /// <summary>ONNX Runtime's CPU kernels (always available).</summary>
    Cpu,

    /// <summary>
    /// NVIDIA GPU through ONNX Runtime's CUDA execution provider; needs an app that ships a GPU build of ONNX Runtime
    /// (Microsoft.ML.OnnxRuntime.Gpu.Linux instead of Microsoft.ML.OnnxRuntime; this repository: -p:OnnxRuntimeFlavor=Cuda)
    /// and, on the machine, the NVIDIA driver, the CUDA 13 runtime and cuDNN 9. Loading tries it first
    /// (<see cref="MariaModel.CheckDevice"/>) and refuses in one line naming what is missing.
    /// </summary>
    Cuda,
}

/// <summary>How a package is loaded.</summary>
/// <param name="Device">Where the graphs run; CPU by default.</param>
/// <param name="IntraOpThreads">Threads one graph run may use; 0 lets ONNX Runtime choose (one per core).</param>
/// <param name="VerifyHashes">Check every file's sha256 against the manifest at load (sizes are always checked).</param>
/// <param name="CudaDeviceId">GPU ordinal when <paramref name="Device"/> is CUDA.</param>
/// <param name="BatchInvariant">
/// Make int8 packages give bit-identical answers whatever the batch size, at a cost for small batches (measured in
/// docs/BENCHMARKS.md): every decoder call then multiplies a multiple of 16 token rows (padding rows are computed and
/// dropped). Without it, ONNX Runtime's int8 kernels round a row's activations slightly differently depending on how
/// many rows share the product, which changes a near-tied greedy choice in about one 512-token record in sixteen.
/// fp32 and fp16 packages give the same tokens at every batch size either way.
/// </param>
public sealed record MariaModelOptions(ExecutionDevice Device = ExecutionDevice.Cpu, int IntraOpThreads = 0, bool VerifyHashes = true, int CudaDeviceId = 0,
    bool BatchInvariant = false)
{
    /// <summary>CPU, default threads, hashes verified.</summary>
    public static MariaModelOptions Default { get; } = new();

    /// <summary>
    /// When set, ONNX Runtime records every operator of every run (Chrome trace JSON, readable in chrome://tracing or
    /// Perfetto; <c>tools/bench/ort-profile.mjs</c> sums it per operator) into this folder, created if missing: one
    /// file per graph, <c>encoder_DATE.json</c> and <c>decoder_DATE.json</c>, written when the model is disposed.
    /// For finding where time goes; recording slows every call (tens of microseconds per operator), and the model's
    /// graphs run on a thread pool of their own instead of the process-wide one.
    /// </summary>
    public string? ProfileDirectory { get; init; }

    /// <summary>
    /// Run a decoder call that holds a single token row (a text decoded alone, one token at a time) as that one row
    /// instead of padding it to two. ONNX Runtime computes a lone row with its GEMV kernel, the fastest single-token
    /// step (a 7B int4 step 1.22x faster, docs/BENCHMARKS.md), but that kernel rounds differently from the multi-row one,
    /// so a quantised package may then change a near-tied greedy choice between a text decoded alone and the same text
    /// decoded in a batch (without it they agree; tested on the validation split). Ignored with
    /// <see cref="BatchInvariant"/>. Plain generation (<c>Baselines.Autoregressive</c>) always runs its steps as one row.
    /// </summary>
    public bool LoneRows { get; init; }

    /// <summary>
    /// How many batches of texts <see cref="MariaModel.Infill(IReadOnlyList{string}, InfillOptions?, CancellationToken)"/>
    /// and <see cref="MariaModel.InfillBatchAsync"/> decode side by side, each on a thread of its own with its own cache
    /// slots, all sharing the model's sessions (default 1). With <see cref="IntraOpThreads"/> left at 0, each graph run
    /// then gets the cores divided among the workers (one thread each for 2 workers on 2 cores). On a model whose graph
    /// runs are too small for ONNX Runtime to spread one over several cores (maria-tiny: one text's few tokens run faster
    /// on one thread than on two), the texts themselves then use the cores: about 2x the records per second of one
    /// worker at batch 1 on 2 cores, 1.3x at batch 8 (docs/BENCHMARKS.md). A large model gains less (1.16x at 7B int4)
    /// and each worker holds its own batch's KV cache. Answers do not depend on it wherever they do not depend on the
    /// batch (with <see cref="BatchInvariant"/>, or one text per batch).
    /// </summary>
    public int Workers { get; init; } = 1;

    /// <summary>Threads one graph run may use: <see cref="IntraOpThreads"/>, or the cores shared among <see cref="Workers"/>, or 0 (ONNX Runtime's choice).</summary>
    internal int EffectiveIntraOpThreads => IntraOpThreads > 0 ? IntraOpThreads
        : Workers > 1 ? Math.Max(1, Environment.ProcessorCount / Workers) : 0;
}
