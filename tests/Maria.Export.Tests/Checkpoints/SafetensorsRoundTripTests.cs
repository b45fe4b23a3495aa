using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Maria.Export.Checkpoints;

namespace Maria.Export.Tests.Checkpoints;

public sealed class SafetensorsRoundTripTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>Each dtype with values chosen to exercise sign, range ends and exact float conversion.</summary>
    public static TheoryData<SafetensorsDType> AllDTypes => new(Enum.GetValues<SafetensorsDType>());

    [Theory]
    [MemberData(nameof(AllDTypes))]
    public void Every_dtype_round_trips_bytes_shape_and_float_values(SafetensorsDType dtype)
    {
        var (bytes, expected) = SampleValues(dtype);
        long[] shape = [2, 3];
        string path = folder.File("one.safetensors");

        SafetensorsWriter.Write(path, [TensorToWrite.FromBytes("t", dtype, shape, bytes)]);
        using var file = SafetensorsFile.Open(path);

        var info = file.GetInfo("t");
        Assert.Equal(new TensorInfo("t", dtype, shape, bytes.Length), info);
        Assert.Equal(6, info.ElementCount);
        Assert.True(file.GetBytes("t").SequenceEqual(bytes));
        Assert.Equal(expected, file.ReadAsFloat32("t"));
    }

    private static (byte[] Bytes, float[] Floats) SampleValues(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 => Pack<double>([0.5, -1.25, 1e10, -0.0, 3.0, 1.0 / 3.0], v => (float)v),
        SafetensorsDType.F32 => Pack<float>([0.5f, -1.25f, float.MaxValue, float.Epsilon, -7f, 1f / 3f], v => v),
        SafetensorsDType.F16 => Pack<Half>([(Half)0.5f, (Half)(-1.25f), Half.MaxValue, Half.Epsilon, (Half)(-7f), (Half)1024f], v => (float)v),
        SafetensorsDType.BF16 => Pack<ushort>([0x3F00, 0xBFA0, 0x7F7F, 0x0001, 0xC0E0, 0x4480], TensorDataConversion.FromBFloat16Bits),
        SafetensorsDType.I64 => Pack<long>([0, -1, 1L << 40, long.MinValue, 7, 123456789], v => v),
        SafetensorsDType.I32 => Pack<int>([0, -1, int.MaxValue, int.MinValue, 7, 65536], v => v),
        SafetensorsDType.I16 => Pack<short>([0, -1, short.MaxValue, short.MinValue, 7, 300], v => v),
        SafetensorsDType.I8 => Pack<sbyte>([0, -1, sbyte.MaxValue, sbyte.MinValue, 7, 42], v => v),
        SafetensorsDType.U8 => Pack<byte>([0, 1, 255, 128, 7, 42], v => v),
        SafetensorsDType.BOOL => Pack<byte>([0, 1, 1, 0, 0, 1], v => v),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    private static (byte[], float[]) Pack<T>(T[] values, Func<T, float> toFloat) where T : struct
        => (MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), values.Select(toFloat).ToArray());

    [Fact]
    public void Bfloat16_sample_bits_denote_the_values_they_were_chosen_for()
    {
        // Guards the BF16 fixture above with independent arithmetic: 0x3F00 = 0.5, 0xBFA0 = -1.25, 0xC0E0 = -7, 0x4480 = 1024.
        Assert.Equal(0.5f, TensorDataConversion.FromBFloat16Bits(0x3F00));
        Assert.Equal(-1.25f, TensorDataConversion.FromBFloat16Bits(0xBFA0));
        Assert.Equal(-7f, TensorDataConversion.FromBFloat16Bits(0xC0E0));
        Assert.Equal(1024f, TensorDataConversion.FromBFloat16Bits(0x4480));
    }

    [Theory]
    [InlineData(SafetensorsDType.F16)]
    [InlineData(SafetensorsDType.BF16)]
    public void Half_precision_storage_is_exact_on_representable_values(SafetensorsDType storeAs)
    {
        float[] values = storeAs == SafetensorsDType.F16
            ? [0f, -0f, 1f, -2.25f, 65504f, 6.1035156e-05f, 5.9604645e-08f, 0.099975586f, float.PositiveInfinity]
            : [0f, -0f, 1f, -3.5f, 3.3895314e38f, 1.1754944e-38f, 9.183549615799121e-41f, 0.099609375f, float.NegativeInfinity];
        string path = folder.File("half.safetensors");

        SafetensorsWriter.Write(path, [TensorToWrite.FromFloat32("h", [values.Length], values, storeAs)]);
        using var file = SafetensorsFile.Open(path);

        float[] back = file.ReadAsFloat32("h");
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), back.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(values.Length * 2, file.GetInfo("h").ByteLength);
    }

    [Theory]
    // Halfway between 1 and the next F16 (1 + 2^-10): ties go to the even mantissa, i.e. down to 1.
    [InlineData(SafetensorsDType.F16, 1f + 1f / 2048f, 1f)]
    // Halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even): up to 1 + 2^-9.
    [InlineData(SafetensorsDType.F16, 1f + 3f / 2048f, 1f + 1f / 512f)]
    // Just above halfway rounds up.
    [InlineData(SafetensorsDType.F16, 1f + 1f / 2048f + 1f / 1048576f, 1f + 1f / 1024f)]
    // Halfway between F16 max (65504) and 65536 rounds to even, which is past the range: infinity.
    [InlineData(SafetensorsDType.F16, 65520f, float.PositiveInfinity)]
    [InlineData(SafetensorsDType.BF16, 1f + 1f / 256f, 1f)]
    [InlineData(SafetensorsDType.BF16, 1f + 3f / 256f, 1f + 1f / 64f)]
    [InlineData(SafetensorsDType.BF16, 1f + 1f / 256f + 1f / 1048576f, 1f + 1f / 128f)]
    [InlineData(SafetensorsDType.BF16, -(1f + 1f / 256f + 1f / 1048576f), -(1f + 1f / 128f))]
    [InlineData(SafetensorsDType.BF16, float.MaxValue, float.PositiveInfinity)]
    public void Narrowing_to_half_precision_rounds_to_nearest_even(SafetensorsDType storeAs, float value, float expected)
    {
        string path = folder.File("round.safetensors");

        SafetensorsWriter.Write(path, [TensorToWrite.FromFloat32("r", [1], [value], storeAs)]);
        using var file = SafetensorsFile.Open(path);

        Assert.Equal(expected, file.ReadAsFloat32("r")[0]);
    }

    [Fact]
    public void Bfloat16_keeps_nan_a_nan()
    {
        Assert.True(float.IsNaN(TensorDataConversion.FromBFloat16Bits(TensorDataConversion.ToBFloat16Bits(float.NaN))));
    }

    [Fact]
    public void Metadata_round_trips()
    {
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["source"] = "maria \"tiny\" ünïcode" };
        string path = folder.File("meta.safetensors");

        SafetensorsWriter.Write(path, [TensorToWrite.FromFloat32("x", [1], [1f])], metadata);
        using var file = SafetensorsFile.Open(path);

        Assert.Equal(metadata.OrderBy(p => p.Key), file.Metadata.OrderBy(p => p.Key));
    }

    [Fact]
    public void Header_is_padded_with_spaces_to_a_multiple_of_eight_and_offsets_start_at_zero()
    {
        string path = folder.File("layout.safetensors");

        SafetensorsWriter.Write(path, [TensorToWrite.FromFloat32("a", [3], [1f, 2f, 3f]), TensorToWrite.FromFloat32("bb", [], [4f])]);

        byte[] bytes = File.ReadAllBytes(path);
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, headerLength % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.StartsWith("{", header, StringComparison.Ordinal);
        Assert.Equal('}', header.TrimEnd(' ')[^1]);
        Assert.Contains("\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}", header, StringComparison.Ordinal);
        Assert.Contains("\"bb\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[12,16]}", header, StringComparison.Ordinal);
        Assert.Equal(8 + headerLength + 16, bytes.Length);
        Assert.Equal(4f, BitConverter.ToSingle(bytes, (int)(8 + headerLength + 12)));
    }

    [Fact]
    public void Scalar_and_empty_tensors_round_trip()
    {
        string path = folder.File("shapes.safetensors");

        SafetensorsWriter.Write(path, [TensorToWrite.FromFloat32("scalar", [], [2.5f]), TensorToWrite.FromFloat32("empty", [0, 4], [])]);
        using var file = SafetensorsFile.Open(path);

        Assert.Equal([2.5f], file.ReadAsFloat32("scalar"));
        Assert.Empty(file.GetInfo("scalar").Shape);
        Assert.Equal([0L, 4L], file.GetInfo("empty").Shape);
        Assert.Empty(file.ReadAsFloat32("empty"));
    }

    [Fact]
    public void File_with_no_tensors_but_metadata_opens()
    {
        string path = folder.File("empty.safetensors");

        SafetensorsWriter.Write(path, [], new Dictionary<string, string> { ["format"] = "pt" });
        using var file = SafetensorsFile.Open(path);

        Assert.Empty(file.Tensors);
        Assert.Equal("pt", file.Metadata["format"]);
    }

    [Fact]
    public void Writer_asks_each_tensor_for_its_data_exactly_once_in_order()
    {
        var calls = new List<string>();
        TensorToWrite Counting(string name) => new(name, SafetensorsDType.U8, [2], () =>
        {
            calls.Add(name);
            return new byte[] { 1, 2 };
        });

        SafetensorsWriter.Write(folder.File("stream.safetensors"), [Counting("first"), Counting("second"), Counting("third")]);

        Assert.Equal(["first", "second", "third"], calls);
    }

    [Fact]
    public void Writer_refuses_data_whose_length_does_not_match_the_shape_and_leaves_no_file()
    {
        string path = folder.File("bad.safetensors");
        var tensor = new TensorToWrite("w", SafetensorsDType.F32, [2, 2], () => new byte[12]);

        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsWriter.Write(path, [tensor]));

        Assert.Contains("tensor 'w'", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs 16", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Writer_refuses_duplicate_names()
    {
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsWriter.Write(folder.File("dup.safetensors"),
            [TensorToWrite.FromFloat32("w", [1], [1f]), TensorToWrite.FromFloat32("w", [1], [2f])]));

        Assert.Contains("tensor 'w'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFloat32_refuses_a_value_count_that_does_not_match_the_shape()
    {
        Assert.Throws<ArgumentException>(() => TensorToWrite.FromFloat32("w", [2, 3], new float[5]));
    }

    [Fact]
    public void Asking_for_a_missing_tensor_names_it_the_file_and_close_names()
    {
        string path = folder.File("names.safetensors");
        SafetensorsWriter.Write(path, [TensorToWrite.FromFloat32("model.norm.weight", [1], [1f])]);
        using var file = SafetensorsFile.Open(path);

        var error = Assert.Throws<SafetensorsFormatException>(() => file.GetInfo("model.norm.bias"));

        Assert.Contains("'model.norm.bias'", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("'model.norm.weight'", error.Message, StringComparison.Ordinal);
        Assert.False(file.Contains("model.norm.bias"));
    }

    [Fact]
    public void Reading_into_a_destination_of_the_wrong_length_is_refused()
    {
        string path = folder.File("dest.safetensors");
        SafetensorsWriter.Write(path, [TensorToWrite.FromFloat32("w", [4], [1f, 2f, 3f, 4f])]);
        using var file = SafetensorsFile.Open(path);

        Assert.Throws<ArgumentException>(() => file.ReadAsFloat32("w", new float[3]));
    }

    [Fact]
    public void Disposed_file_refuses_further_reads()
    {
        string path = folder.File("disposed.safetensors");
        SafetensorsWriter.Write(path, [TensorToWrite.FromFloat32("w", [1], [1f])]);
        var file = SafetensorsFile.Open(path);
        file.Dispose();

        Assert.Throws<ObjectDisposedException>(() => file.ReadAsFloat32("w"));
    }
}
