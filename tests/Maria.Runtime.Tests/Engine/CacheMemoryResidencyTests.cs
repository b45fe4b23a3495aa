using System.Globalization;
using Maria.Runtime.Inference;

namespace Maria.Runtime.Tests.Engine;

/// <summary>
/// A KV cache buffer costs resident memory only where a text has written rows: a batch of 8 slots filling one text,
/// or a buffer grown ahead of the text, must not make every page resident (at the 7B shape that was 4.5 GiB of zeros
/// for one 512-token text). Measured on the buffer's own mapping in /proc/self/smaps, so other tests running in the
/// same process do not disturb it.
/// </summary>
public sealed unsafe class CacheMemoryResidencyTests
{
    private const long BufferFloats = 16L << 20;   // 64 MiB
    private const long WrittenFloats = 1L << 20;   // 4 MiB of it written

    [Fact]
    public void A_host_cache_buffer_is_zero_and_resident_only_where_written()
    {
        var memory = CacheMemory.Host;
        float* buffer = memory.Allocate(BufferFloats);
        try
        {
            long untouched = ResidentKiB(buffer);
            Assert.True(untouched < 4 * 1024, $"a fresh 64 MiB cache buffer has {untouched} KiB resident; expected almost none (zero pages are not written)");
            var sample = new float[4096];
            memory.Read(buffer + BufferFloats / 2, sample);
            Assert.All(sample, value => Assert.Equal(0f, value));

            new Span<float>(buffer, (int)WrittenFloats).Fill(1f);
            long written = ResidentKiB(buffer);
            Assert.InRange(written, 4 * 1024, 8 * 1024);
        }
        finally
        {
            memory.Free(buffer);
        }
    }

    /// <summary>The Rss of the mapping of /proc/self/smaps that holds <paramref name="address"/>, in KiB.</summary>
    private static long ResidentKiB(float* address)
    {
        ulong target = (ulong)address;
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-');
            int space = line.IndexOf(' ');
            if (dash > 0 && space > dash && IsHex(line.AsSpan(0, dash)))
            {
                ulong start = ulong.Parse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                ulong end = ulong.Parse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                inside = start <= target && target < end;
                continue;
            }
            if (inside && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                return long.Parse(line["Rss:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException($"no mapping in /proc/self/smaps holds 0x{target:x}");
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return text.Length > 0;
    }
}
