using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Maria.Export.Onnx.Proto;
using Maria.Runtime.Packaging;

namespace Maria.Export.Tests.Head;

/// <summary>
/// Rewrites a package's decoder.onnx the way big packages are stored: every initialiser of 1 KiB or more moved to
/// decoder.onnx.data at 64 KiB-aligned offsets, and maria.json's file entries updated to the new sizes and hashes.
/// </summary>
internal static class ExternalDataPackage
{
    public static void MoveDecoderWeightsOut(string package)
    {
        string decoder = Path.Combine(package, "decoder.onnx");
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(decoder));
        using (var data = File.Create(decoder + ".data"))
        {
            foreach (var tensor in model.Graph.Initializer.Where(t => t.RawData.Length >= 1024))
            {
                data.SetLength((data.Length + 65535) / 65536 * 65536);
                data.Position = data.Length;
                long offset = data.Position;
                tensor.RawData.WriteTo(data);
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "decoder.onnx.data" });
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(CultureInfo.InvariantCulture) });
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = tensor.RawData.Length.ToString(CultureInfo.InvariantCulture) });
                tensor.DataLocation = TensorProto.Types.DataLocation.External;
                tensor.RawData = ByteString.Empty;
            }
        }

        File.WriteAllBytes(decoder, model.ToByteArray());
        string manifestPath = Path.Combine(package, PackageManifestReader.FileName);
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        foreach (string name in new[] { "decoder.onnx", "decoder.onnx.data" })
        {
            string path = Path.Combine(package, name);
            manifest["files"]![name] = new JsonObject { ["size"] = new FileInfo(path).Length, ["sha256"] = PackageManifestReader.Sha256Of(path) };
        }

        File.WriteAllText(manifestPath, manifest.ToJsonString());
    }
}
