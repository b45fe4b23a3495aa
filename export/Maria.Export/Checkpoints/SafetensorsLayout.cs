namespace Maria.Export.Checkpoints;

/// <summary>
/// Constants of the safetensors container: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// (padded with spaces to a multiple of 8 by the reference writer), then the data section that every
/// tensor's <c>data_offsets</c> are relative to.
/// </summary>
internal static class SafetensorsLayout
{
    /// <summary>Size of the header-length prefix.</summary>
    public const int LengthPrefixBytes = 8;

    /// <summary>The reference implementation refuses headers over 100 MB; a longer one means a damaged file.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>The reference writer pads the JSON header to this alignment so that the data section starts aligned.</summary>
    public const int HeaderAlignment = 8;

    /// <summary>The header key that holds string metadata instead of a tensor.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>File name of a Hub sharded checkpoint's index.</summary>
    public const string IndexFileName = "model.safetensors.index.json";

    /// <summary>File name of a Hub single-file checkpoint.</summary>
    public const string SingleFileName = "model.safetensors";
}
