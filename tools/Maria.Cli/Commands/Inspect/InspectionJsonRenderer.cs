using System.Text.Encodings.Web;
using System.Text.Json;
using Maria.Export.Checkpoints;

namespace Maria.Cli.Commands.Inspect;

/// <summary>Writes a report as one JSON object with the same facts as the text form (snake_case keys).</summary>
internal static class InspectionJsonRenderer
{
    public static void Write(InspectionReport report, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("path", report.Path);
            json.WriteString("kind", report.Kind);
            json.WriteString("architecture", report.Architecture);
            json.WritePropertyName("settings");
            report.Settings.WriteTo(json);
            json.WriteStartArray("files");
            report.Files.ToList().ForEach(json.WriteStringValue);
            json.WriteEndArray();
            json.WriteNumber("tensor_count", report.Tensors.Count);
            json.WriteNumber("parameter_count", report.ParameterCount);
            json.WriteNumber("total_bytes", report.TotalBytes);
            json.WriteStartObject("dtypes");
            foreach (var (dtype, count) in report.DTypeCounts)
            {
                json.WriteNumber(dtype.ToHeaderString(), count);
            }
            json.WriteEndObject();
            json.WriteStartObject("metadata");
            foreach (var (key, value) in report.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }
            json.WriteEndObject();
            WriteTensors(report.Tensors, json);
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteTensors(IReadOnlyList<TensorInfo> tensors, Utf8JsonWriter json)
    {
        json.WriteStartArray("tensors");
        foreach (var tensor in tensors)
        {
            json.WriteStartObject();
            json.WriteString("name", tensor.Name);
            json.WriteString("dtype", tensor.DType.ToHeaderString());
            json.WriteStartArray("shape");
            foreach (long dimension in tensor.Shape)
            {
                json.WriteNumberValue(dimension);
            }
            json.WriteEndArray();
            json.WriteNumber("bytes", tensor.ByteLength);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
