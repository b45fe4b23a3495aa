using Maria.Runtime.Inference;
using Maria.Runtime.Packaging;
using Maria.Runtime.Tokenization;

namespace Maria.Runtime;

/// <summary>Loading a package (options, progress, cancellation) and checking execution devices.</summary>
public sealed partial class MariaModel
{
    /// <summary>True when this process's ONNX Runtime can run on an NVIDIA GPU (a probe graph ran on CUDA).</summary>
    public static bool CudaAvailable => SessionFactory.CudaAvailable();

    /// <summary>
    /// Tries <paramref name="device"/> for real (a tiny graph on its execution provider, run once) and says whether it
    /// works, or why not in one line naming the fix. Loading with <see cref="ExecutionDevice.Cuda"/> runs the same check.
    /// </summary>
    public static DeviceCheck CheckDevice(ExecutionDevice device, int cudaDeviceId = 0) => Devices.DeviceProbe.Check(device, cudaDeviceId);

    /// <summary>Loads the package in <paramref name="directory"/>.</summary>
    /// <exception cref="MariaInputException">The directory is not a package, a file is damaged, or a graph does not load.</exception>
    public static MariaModel Load(string directory, MariaModelOptions? options = null) =>
        LoadCore(directory, options ?? MariaModelOptions.Default, null, CancellationToken.None);

    /// <summary>Loads the package on a worker thread, reporting progress from 0 to 1, cancellable between phases.</summary>
    /// <exception cref="MariaInputException">As for <see cref="Load"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled before the load completed.</exception>
    public static Task<MariaModel> LoadAsync(string directory, MariaModelOptions? options = null, IProgress<float>? progress = null, CancellationToken cancellation = default) =>
        Task.Run(() => LoadCore(directory, options ?? MariaModelOptions.Default, progress, cancellation), cancellation);


    private static MariaModel LoadCore(string directory, MariaModelOptions options, IProgress<float>? progress, CancellationToken cancellation)
    {
        if (options.Workers < 1)
        {
            throw new MariaInputException($"workers {options.Workers} is below 1; give the number of batches to decode side by side (1 = one, the default)");
        }
        if (!System.IO.Directory.Exists(directory))
        {
            throw new MariaInputException($"{directory}: no such package directory; pass the folder that holds maria.json");
        }
        var manifest = PackageManifestReader.Read(directory);
        // Before hashing: an oversized tokenizer.json is refused without reading it.
        string tokenizerPath = Path.Combine(directory, manifest.Vocabulary.Tokenizer);
        if (File.Exists(tokenizerPath))
        {
            HuggingFaceTokenizer.CheckFileSize(tokenizerPath);
        }
        PackageManifestReader.VerifyFiles(directory, manifest, options.VerifyHashes, cancellation);
        progress?.Report(0.2f);
        var tokenizer = HuggingFaceTokenizer.Load(tokenizerPath);
        cancellation.ThrowIfCancellationRequested();
        progress?.Report(0.3f);
        var encoder = SessionFactory.Create(Path.Combine(directory, manifest.Encoder.File), options, "encoder");
        try
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Report(0.6f);
            var decoder = SessionFactory.Create(Path.Combine(directory, manifest.Decoder.File), options, "decoder");
            try
            {
                var model = new MariaModel(directory, manifest, tokenizer, encoder, decoder, options);
                progress?.Report(1f);
                return model;
            }
            catch
            {
                decoder.Dispose();
                throw;
            }
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }
}
