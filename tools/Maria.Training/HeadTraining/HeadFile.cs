using System.Globalization;
using Maria.Export.Files;
using Maria.Export.Head;
using Maria.Runtime;
using Maria.Runtime.Packaging;
using Maria.Tools.Common;

namespace Maria.Training.HeadTraining;

/// <summary>
/// The trainer's output: a head safetensors file that <c>maria export --head</c> reads, whose metadata records how it
/// was trained (the exporter copies it into the package manifest's <c>head.training</c>).
/// </summary>
internal static class HeadFile
{
    /// <summary>Writes <paramref name="head"/> with <paramref name="facts"/> as metadata (atomically: temp file, then rename).</summary>
    public static void Write(string path, LinearHead head, IReadOnlyDictionary<string, string> facts)
    {
        var (weight, bias) = head.ReadWeights();
        using var trained = MariaHead.FromWeights(weight, bias, head.ArHiddenSize, head.MlmHiddenSize, facts);
        AtomicFile.Write(path, temporary => trained.Save(temporary, facts), createFolder: true);
    }

    /// <summary>Training data (names and hashes), schedule and final validation loss, as metadata strings.</summary>
    public static IReadOnlyDictionary<string, string> Facts(HeadTrainingSettings settings, HeadTrainingRun run, string data, string validation, MariaModel model)
    {
        static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["trainer"] = "maria-train head",
            ["training_data"] = Path.GetFileName(data),
            ["training_data_sha256"] = PackageManifestReader.Sha256Of(data),
            ["validation_data"] = Path.GetFileName(validation),
            ["validation_data_sha256"] = PackageManifestReader.Sha256Of(validation),
            ["feature_package_decoder_sha256"] = model.Manifest.Files.TryGetValue(model.Manifest.Decoder.File, out var decoder) ? decoder.Sha256 : "",
            ["init"] = settings.Initialization,
            ["steps"] = run.Step.ToString(CultureInfo.InvariantCulture),
            ["batch"] = settings.BatchSize.ToString(CultureInfo.InvariantCulture),
            ["seq_len"] = settings.SequenceLength.ToString(CultureInfo.InvariantCulture),
            ["lr"] = Number(settings.LearningRate),
            ["warmup"] = settings.WarmupSteps.ToString(CultureInfo.InvariantCulture),
            ["schedule"] = "AdamW, linear warmup, cosine to 0",
            ["mask_rate"] = FormattableString.Invariant($"Beta({settings.MaskRateAlpha}, {settings.MaskRateBeta})"),
            ["seed"] = settings.Seed.ToString(CultureInfo.InvariantCulture),
            ["tokens_seen"] = run.TokensSeen.ToString(CultureInfo.InvariantCulture),
            ["tokens_per_second"] = (run.TokensSeen / Math.Max(1e-9, run.TrainingSeconds)).ToString("F0", CultureInfo.InvariantCulture),
            ["validation_loss"] = Number(run.ValidationLoss ?? double.NaN),
            ["validation_sequences"] = settings.ValidationSequences.ToString(CultureInfo.InvariantCulture),
        };
    }
}
