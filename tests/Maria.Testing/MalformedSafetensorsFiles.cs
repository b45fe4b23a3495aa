using System.Buffers.Binary;
using System.Text;

namespace Maria.Testing;

/// <summary>
/// Malformed safetensors files built byte by byte, one per violation the reader must refuse. Shared with the CLI
/// tests (linked into Maria.Cli.Tests) so that the library and `maria inspect` are checked on the same bytes.
/// </summary>
internal static class MalformedSafetensorsFiles
{
    /// <summary>Every case name, for xunit theories.</summary>
    public static TheoryData<string> Cases => new(
        "truncated_data", "shorter_than_length_prefix", "header_longer_than_file", "absurd_header_length",
        "overlapping_offsets", "offsets_out_of_range", "byte_length_not_matching_shape", "invalid_json",
        "duplicate_names", "unknown_dtype");

    /// <summary>Writes the named case into <paramref name="folder"/> and returns its path and a fragment its error message must contain.</summary>
    public static (string Path, string ExpectedFragment) Write(string caseName, string folder)
    {
        string path = Path.Combine(folder, caseName + ".safetensors");
        var (bytes, fragment) = Build(caseName);
        File.WriteAllBytes(path, bytes);
        return (path, fragment);
    }

    private static (byte[] Bytes, string Fragment) Build(string caseName) => caseName switch
    {
        // A valid two-tensor file with its last 4 data bytes cut off.
        "truncated_data" => (Container(TwoTensors, new byte[32])[..^4], "tensor 'b'"),
        "shorter_than_length_prefix" => (new byte[] { 16, 0, 0 }, "fewer than the 8-byte header length prefix"),
        "header_longer_than_file" => (WithLength(1000, "{}"), "header length 1000 runs past the end of the file"),
        "absurd_header_length" => (WithLength(1UL << 60, "{}"), "absurd"),
        "overlapping_offsets" => (Container(
            """{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}""",
            new byte[24]), "overlap tensor 'a'"),
        "offsets_out_of_range" => (Container(
            """{"a":{"dtype":"F32","shape":[4],"data_offsets":[100,116]}}""", new byte[16]), "tensor 'a'"),
        "byte_length_not_matching_shape" => (Container(
            """{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}}""", new byte[12]), "needs 16"),
        "invalid_json" => (Container("""{"a": {"dtype": "F32", "shape": [1], """, new byte[4]), "not valid JSON"),
        "duplicate_names" => (Container(
            """{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""",
            new byte[8]), "tensor 'w'"),
        "unknown_dtype" => (Container(
            """{"q":{"dtype":"F8_E4M3","shape":[4],"data_offsets":[0,4]}}""", new byte[4]), "F8_E4M3"),
        _ => throw new ArgumentOutOfRangeException(nameof(caseName), caseName, "no such malformed case"),
    };

    private const string TwoTensors =
        """{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[4],"data_offsets":[16,32]}}""";

    /// <summary>Length prefix + header (padded with spaces to a multiple of 8) + data, as a writer would lay them out.</summary>
    public static byte[] Container(string header, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        int padded = (json.Length + 7) / 8 * 8;
        var bytes = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.CopyTo(bytes, 8);
        bytes.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        data.CopyTo(bytes, 8 + padded);
        return bytes;
    }

    private static byte[] WithLength(ulong declaredLength, string header)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength);
        json.CopyTo(bytes, 8);
        return bytes;
    }
}
