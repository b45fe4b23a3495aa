using System.Globalization;
using Maria.Export.Onnx.Proto;

namespace Maria.Testing;

/// <summary>The stored bytes of a decoder's MARIA head initialisers (names starting <c>maria_head.</c>), inline or external.</summary>
internal static class HeadInitializers
{
    public static SortedDictionary<string, byte[]> Read(string decoderPath)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(decoderPath));
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var tensor in model.Graph.Initializer.Where(t => t.Name.StartsWith("maria_head.", StringComparison.Ordinal)))
        {
            result[tensor.Name] = tensor.DataLocation != TensorProto.Types.DataLocation.External
                ? tensor.RawData.ToByteArray()
                : ReadExternal(Path.GetDirectoryName(decoderPath)!, tensor);
        }

        return result;
    }

    /// <summary>Asserts both decoders hold the same head initialisers, naming the first that differs.</summary>
    public static void AssertIdentical(string expectedDecoder, string actualDecoder)
    {
        var expected = Read(expectedDecoder);
        var actual = Read(actualDecoder);
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.Contains("maria_head.bias", expected.Keys);
        foreach (var (name, bytes) in expected)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"initialiser '{name}' differs ({bytes.Length} vs {actual[name].Length} bytes)");
        }
    }

    private static byte[] ReadExternal(string directory, TensorProto tensor)
    {
        string Entry(string key) => tensor.ExternalData.Single(e => e.Key == key).Value;
        using var stream = File.OpenRead(Path.Combine(directory, Entry("location")));
        stream.Position = long.Parse(Entry("offset"), CultureInfo.InvariantCulture);
        var bytes = new byte[long.Parse(Entry("length"), CultureInfo.InvariantCulture)];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
