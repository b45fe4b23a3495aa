using System.Globalization;
using Maria.Runtime;
using Maria.Runtime.Inference;
using Maria.Runtime.Packaging;
using Maria.Runtime.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace Maria.Export.Packaging;

/// <summary>
/// Checks a package end to end (<c>maria verify</c>): the manifest; every file's size and sha256; each graph's inputs
/// and outputs against the roles the runtime feeds, under the manifest's names; finite outputs of both graphs; KV-cached stepwise
/// decoding against a full forward; and a greedy smoke infill. Checks run in that order and stop at the first failure
/// that makes the later ones meaningless (a damaged file, a broken contract, NaN outputs).
/// </summary>
public static class PackageVerifier
{
    /// <summary>Verifies the package in <paramref name="directory"/>; <paramref name="onCheck"/> sees each result as it is known.</summary>
    /// <returns>Every check that ran; the package is sound when all passed.</returns>
    public static IReadOnlyList<VerificationCheck> Verify(string directory, Action<VerificationCheck>? onCheck = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var results = new List<VerificationCheck>();
        bool Record(VerificationCheck check)
        {
            results.Add(check);
            onCheck?.Invoke(check);
            return check.Passed;
        }

        PackageManifest manifest;
        try
        {
            manifest = PackageManifestReader.Read(directory);
        }
        catch (MariaInputException e)
        {
            Record(new VerificationCheck("manifest", false, e.Message));
            return results;
        }
        Record(new VerificationCheck("manifest", true, string.Create(CultureInfo.InvariantCulture,
            $"format version {manifest.FormatVersion}, {manifest.Files.Count} files, head {manifest.Head.Kind}, shared vocabulary {manifest.Vocabulary.SharedSize}")));

        if (!Record(CheckFiles(directory, manifest, cancellation)))
        {
            return results;
        }
        cancellation.ThrowIfCancellationRequested();

        // The process's ONNX Runtime environment as the runtime creates it (with the shared pool), whoever comes first.
        Maria.Runtime.Inference.SharedThreadPool.EnsureEnvironment();
        using var options = new SessionOptions();
        using var encoder = OpenSession(directory, manifest.Encoder.File, options, out string? encoderError);
        using var decoder = OpenSession(directory, manifest.Decoder.File, options, out string? decoderError);
        var encoderContract = GraphContract.ForEncoder(manifest);
        var decoderContract = GraphContract.ForDecoder(manifest);
        bool encoderOk = Record(ContractCheck("encoder-contract", encoder, encoderError, encoderContract,
            encoderContract.CheckManifestRoles()));
        bool decoderOk = Record(ContractCheck("decoder-contract", decoder, decoderError, decoderContract,
            decoderContract.CheckManifestRoles()));
        if (!encoderOk || !decoderOk)
        {
            return results;
        }
        cancellation.ThrowIfCancellationRequested();

        // From here on the graphs are driven by the runtime's own sessions, exactly as an app would drive them.
        DecoderSession OpenDecoder() => new(decoder!, manifest.Decoder, manifest.Vocabulary.SharedSize, manifest.Encoder.HiddenSize, manifest.Decoder.File);
        EncoderSession OpenEncoder() => new(encoder!, manifest.Encoder, manifest.Vocabulary.SharedSize, manifest.Vocabulary.PadId, manifest.Encoder.File);
        // NaN weights would fail the later checks with misleading messages: stop here when the outputs are not finite.
        if (!Record(Guarded("finite", manifest.Decoder.File, cancellation, () => FiniteOutputsCheck.Run(OpenEncoder(), OpenDecoder(), manifest, cancellation))))
        {
            return results;
        }
        cancellation.ThrowIfCancellationRequested();
        Record(Guarded("kv-cache", manifest.Decoder.File, cancellation, () => KeyValueCacheCheck.Run(OpenDecoder(), manifest, cancellation)));
        cancellation.ThrowIfCancellationRequested();
        Record(Guarded("infill", manifest.Decoder.File, cancellation, () => SmokeInfill.Run(OpenEncoder(), OpenDecoder(),
            HuggingFaceTokenizer.Load(Path.Combine(directory, manifest.Vocabulary.Tokenizer)), manifest, cancellation)));
        return results;
    }

    private static VerificationCheck CheckFiles(string directory, PackageManifest manifest, CancellationToken cancellation)
    {
        try
        {
            PackageManifestReader.VerifyFiles(directory, manifest, checkHashes: true, cancellation);
        }
        catch (MariaInputException e)
        {
            return new VerificationCheck("files", false, e.Message);
        }
        long total = manifest.Files.Values.Sum(f => f.Size);
        return new VerificationCheck("files", true, string.Create(CultureInfo.InvariantCulture,
            $"{manifest.Files.Count} files, {total:N0} bytes, sizes and sha256 match"));
    }

    private static InferenceSession? OpenSession(string directory, string file, SessionOptions options, out string? error)
    {
        error = null;
        try
        {
            return new InferenceSession(Path.Combine(directory, file), options);
        }
        catch (OnnxRuntimeException e)
        {
            error = $"{file}: ONNX Runtime cannot load it ({OneLine(e.Message)}); re-export the package";
            return null;
        }
    }

    private static VerificationCheck ContractCheck(string name, InferenceSession? session, string? loadError, GraphContract contract, string? manifestError)
    {
        string? problem = loadError ?? manifestError ?? contract.CheckSession(session!);
        return problem is null
            ? new VerificationCheck(name, true, string.Create(CultureInfo.InvariantCulture,
                $"{contract.File}: {contract.InputCount} inputs and {contract.OutputCount} outputs match names, element types, ranks and sizes"))
            : new VerificationCheck(name, false, problem);
    }

    /// <summary>A graph that loads but fails to run (bad shapes inside) fails the check instead of crashing verify.</summary>
    private static VerificationCheck Guarded(string name, string file, CancellationToken cancellation, Func<VerificationCheck> check)
    {
        try
        {
            return check();
        }
        catch (OnnxRuntimeException) when (cancellation.IsCancellationRequested)
        {
            // RunOptions.Terminate stopped the run.
            throw new OperationCanceledException(cancellation);
        }
        catch (OnnxRuntimeException e)
        {
            return new VerificationCheck(name, false, $"{file}: ONNX Runtime failed while running it ({OneLine(e.Message)}); re-export the package");
        }
        catch (MariaInputException e)
        {
            return new VerificationCheck(name, false, e.Message);
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
