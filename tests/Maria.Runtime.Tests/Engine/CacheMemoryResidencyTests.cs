using Maria.Runtime.Inference;

namespace Maria.Runtime.Tests.Engine;

/// <summary>
/// A KV cache buffer costs resident memory only where a text has written rows: a batch of 8 slots filling one text,
/// or a buffer grown ahead of the text, must not make every page resident (at the 7B shape that was 4.5 GiB of zeros
/// for one 512-token text). Measured on the buffer's own pages (/proc/self/pagemap), so other tests running in the same
/// process do not disturb it.
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

    /// <summary>
    /// Resident KiB of the pages that hold the buffer's 64 MiB, from /proc/self/pagemap (bit 63 of a page's entry: present
    /// in memory; the process may read its own). Not /proc/self/smaps: the kernel merges adjacent anonymous mappings, so a
    /// mapping's Rss there includes neighbouring allocations of other tests.
    /// </summary>
    private static long ResidentKiB(float* address)
    {
        long pageSize = Environment.SystemPageSize;
        long first = (long)(nint)address / pageSize;
        long last = ((long)(nint)address + BufferFloats * sizeof(float) - 1) / pageSize;
        var entries = new byte[(last - first + 1) * sizeof(ulong)];
        using (var pagemap = new FileStream("/proc/self/pagemap", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1))
        {
            pagemap.Seek(first * sizeof(ulong), SeekOrigin.Begin);
            pagemap.ReadExactly(entries);
        }
        long present = 0;
        for (int i = 0; i < entries.Length; i += sizeof(ulong))
        {
            if ((BitConverter.ToUInt64(entries, i) & (1UL << 63)) != 0)
            {
                present++;
            }
        }
        return present * pageSize / 1024;
    }
}
