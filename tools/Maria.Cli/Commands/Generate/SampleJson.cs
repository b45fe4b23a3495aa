using System.Text.Encodings.Web;
using System.Text.Json;

namespace Maria.Cli.Commands.Generate;

/// <summary>The JSON form of a <see cref="SampleRecord"/>: one line per sample on stdout, or an element of the sweep's samples.</summary>
internal static class SampleJson
{
    private static readonly JsonWriterOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>{"method", "seed", "iterations", "text", "ar_log_likelihood", "ar_perplexity", "seconds", ["scorer_perplexity"], ["cancelled"]}.</summary>
    public static string Line(SampleRecord sample, bool cancelled)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, LineOptions))
        {
            WriteObject(json, sample, cancelled);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void WriteObject(Utf8JsonWriter json, SampleRecord sample, bool cancelled = false)
    {
        json.WriteStartObject();
        json.WriteString("method", sample.Method);
        json.WriteNumber("seed", sample.Seed);
        if (sample.Iterations is int iterations)
        {
            json.WriteNumber("iterations", iterations);
        }
        else
        {
            json.WriteNull("iterations");
        }
        json.WriteString("text", sample.Text);
        json.WriteNumber("generated_tokens", sample.GeneratedTokens);
        json.WriteNumber("ar_log_likelihood", Math.Round(sample.ArLogLikelihood, 6));
        json.WriteNumber("ar_perplexity", Math.Round(sample.ArPerplexity, 4));
        json.WriteNumber("seconds", Math.Round(sample.Seconds, 6));
        if (sample.ScorerPerplexity is double perplexity)
        {
            json.WriteNumber("scorer_log_likelihood", Math.Round(sample.ScorerLogLikelihood!.Value, 6));
            json.WriteNumber("scorer_perplexity", Math.Round(perplexity, 4));
        }
        if (cancelled)
        {
            json.WriteBoolean("cancelled", true);
        }
        json.WriteEndObject();
    }
}
