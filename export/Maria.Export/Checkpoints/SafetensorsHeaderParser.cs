using System.Text;
using System.Text.Json;

namespace Maria.Export.Checkpoints;

/// <summary>
/// Parses and validates a safetensors JSON header with <see cref="Utf8JsonReader"/>, which (unlike
/// JsonDocument by default) lets every object be checked for duplicate keys. Accepts exactly
/// <c>{name: {"dtype", "shape", "data_offsets"}, "__metadata__": {str: str}}</c> and checks every
/// tensor's byte length, that offsets lie inside the data section, and that no two tensors overlap.
/// </summary>
internal static class SafetensorsHeaderParser
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 8,
    };

    /// <summary>Parses <paramref name="headerJson"/>; <paramref name="file"/> names the file in messages.</summary>
    /// <returns>Tensors sorted by data offset, and the metadata pairs.</returns>
    public static (IReadOnlyList<HeaderTensorEntry> Tensors, IReadOnlyDictionary<string, string> Metadata) Parse(
        ReadOnlySpan<byte> headerJson, long dataSectionBytes, string file)
    {
        var tensors = new List<HeaderTensorEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            ReadTopLevel(headerJson, file, tensors, metadata);
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException(Header(file, $"the JSON header is not valid JSON ({OneLine(e.Message)})"), e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader.GetString throws this for invalid UTF-8 or a token of the wrong kind.
            throw new SafetensorsFormatException(Header(file, $"the JSON header is not valid UTF-8 JSON ({OneLine(e.Message)})"), e);
        }
        tensors.Sort((a, b) => a.DataBegin != b.DataBegin ? a.DataBegin.CompareTo(b.DataBegin) : a.DataEnd.CompareTo(b.DataEnd));
        CheckRanges(tensors, dataSectionBytes, file);
        return (tensors, metadata);
    }

    private static void ReadTopLevel(ReadOnlySpan<byte> json, string file, List<HeaderTensorEntry> tensors, Dictionary<string, string> metadata)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new SafetensorsFormatException(Header(file, "the JSON header is not an object; expected {\"tensor name\": {\"dtype\", \"shape\", \"data_offsets\"}, ...}"));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            if (!seen.Add(key))
            {
                throw new SafetensorsFormatException(key == SafetensorsLayout.MetadataKey
                    ? Header(file, "the header has two __metadata__ entries")
                    : Tensor(file, key, "the header names this tensor twice; tensor names must be unique"));
            }
            reader.Read();
            if (key == SafetensorsLayout.MetadataKey)
            {
                ReadMetadata(ref reader, file, metadata);
            }
            else
            {
                tensors.Add(ReadTensor(ref reader, file, key));
            }
        }
        if (reader.Read())
        {
            throw new SafetensorsFormatException(Header(file, $"unexpected {reader.TokenType} after the header object"));
        }
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, string file, Dictionary<string, string> metadata)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new SafetensorsFormatException(Header(file, $"__metadata__ is a {reader.TokenType}; expected an object of string values"));
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new SafetensorsFormatException(Header(file, $"__metadata__ key '{key}' has a {reader.TokenType} value; every metadata value must be a string"));
            }
            if (!metadata.TryAdd(key, reader.GetString()!))
            {
                throw new SafetensorsFormatException(Header(file, $"__metadata__ has the key '{key}' twice; keys must be unique"));
            }
        }
    }

    private static HeaderTensorEntry ReadTensor(ref Utf8JsonReader reader, string file, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new SafetensorsFormatException(Tensor(file, name, $"the entry is a {reader.TokenType}; expected an object with dtype, shape and data_offsets"));
        }
        string? dtypeText = null;
        long[]? shape = null;
        long[]? offsets = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            reader.Read();
            bool duplicate = key switch
            {
                "dtype" => dtypeText is not null,
                "shape" => shape is not null,
                "data_offsets" => offsets is not null,
                _ => throw new SafetensorsFormatException(Tensor(file, name, $"unknown key '{key}'; a tensor entry has only dtype, shape and data_offsets")),
            };
            if (duplicate)
            {
                throw new SafetensorsFormatException(Tensor(file, name, $"the key '{key}' appears twice in the tensor entry"));
            }
            switch (key)
            {
                case "dtype":
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new SafetensorsFormatException(Tensor(file, name, $"dtype is a {reader.TokenType}; expected a string such as \"F32\""));
                    }
                    dtypeText = reader.GetString()!;
                    break;
                case "shape":
                    shape = ReadNonNegativeIntegers(ref reader, file, name, "shape");
                    break;
                default:
                    offsets = ReadNonNegativeIntegers(ref reader, file, name, "data_offsets");
                    break;
            }
        }
        return Validate(file, name, dtypeText, shape, offsets);
    }

    private static HeaderTensorEntry Validate(string file, string name, string? dtypeText, long[]? shape, long[]? offsets)
    {
        if (dtypeText is null || shape is null || offsets is null)
        {
            string missing = dtypeText is null ? "dtype" : shape is null ? "shape" : "data_offsets";
            throw new SafetensorsFormatException(Tensor(file, name, $"the entry has no '{missing}'; every tensor needs dtype, shape and data_offsets"));
        }
        if (!SafetensorsDTypeExtensions.TryParseHeaderString(dtypeText, out var dtype))
        {
            throw new SafetensorsFormatException(Tensor(file, name,
                $"unknown or unsupported dtype '{dtypeText}'; supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL"));
        }
        if (offsets.Length != 2)
        {
            throw new SafetensorsFormatException(Tensor(file, name, $"data_offsets has {offsets.Length} numbers; expected [begin, end]"));
        }
        long begin = offsets[0], end = offsets[1];
        if (end < begin)
        {
            throw new SafetensorsFormatException(Tensor(file, name, $"data_offsets [{begin}, {end}] end before they begin"));
        }
        long expected;
        try
        {
            expected = dtype.ByteSize();
            foreach (long dimension in shape)
            {
                expected = checked(expected * dimension);
            }
        }
        catch (OverflowException)
        {
            throw new SafetensorsFormatException(Tensor(file, name, $"shape [{string.Join(", ", shape)}] overflows a 64-bit byte count"));
        }
        if (end - begin != expected)
        {
            throw new SafetensorsFormatException(Tensor(file, name,
                $"data_offsets [{begin}, {end}] hold {end - begin} bytes but {dtypeText} x shape [{string.Join(", ", shape)}] needs {expected}"));
        }
        return new HeaderTensorEntry(new TensorInfo(name, dtype, shape, expected), begin);
    }

    private static long[] ReadNonNegativeIntegers(ref Utf8JsonReader reader, string file, string name, string key)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new SafetensorsFormatException(Tensor(file, name, $"{key} is a {reader.TokenType}; expected an array of non-negative integers"));
        }
        var values = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value) || value < 0)
            {
                string token = reader.TokenType == JsonTokenType.Number ? Encoding.UTF8.GetString(reader.ValueSpan) : reader.TokenType.ToString();
                throw new SafetensorsFormatException(Tensor(file, name, $"{key} contains {token}; expected non-negative integers"));
            }
            values.Add(value);
        }
        return [.. values];
    }

    /// <summary>Offsets must lie inside the data section and tensors must not share bytes. Input sorted by begin.</summary>
    private static void CheckRanges(List<HeaderTensorEntry> sorted, long dataSectionBytes, string file)
    {
        HeaderTensorEntry? previous = null;
        foreach (var entry in sorted)
        {
            if (entry.DataEnd > dataSectionBytes)
            {
                throw new SafetensorsFormatException(Tensor(file, entry.Info.Name,
                    $"data_offsets [{entry.DataBegin}, {entry.DataEnd}] run past the data section, which has {dataSectionBytes} bytes (is the file truncated?)"));
            }
            if (entry.Info.ByteLength == 0)
            {
                continue;
            }
            if (previous is not null && entry.DataBegin < previous.DataEnd)
            {
                throw new SafetensorsFormatException(Tensor(file, entry.Info.Name,
                    $"data_offsets [{entry.DataBegin}, {entry.DataEnd}] overlap tensor '{previous.Info.Name}' at [{previous.DataBegin}, {previous.DataEnd}]"));
            }
            previous = entry;
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    /// <summary>Formats a header-level problem: "FILE: PROBLEM; the file is damaged ...".</summary>
    internal static string Header(string file, string problem)
        => $"safetensors file '{file}': {problem}; the file is damaged or was not written as safetensors, re-download or re-export it";

    /// <summary>Formats a tensor-level problem naming the file and the tensor.</summary>
    internal static string Tensor(string file, string tensor, string problem)
        => $"safetensors file '{file}', tensor '{tensor}': {problem}; the file is damaged or was written incorrectly, re-download or re-export it";
}
