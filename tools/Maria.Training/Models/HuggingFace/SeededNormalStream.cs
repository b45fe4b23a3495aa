using System.Text;
using Maria.Runtime.Masking;

namespace Maria.Training.Models.HuggingFace;

/// <summary>
/// Deterministic normal(0, σ) values for one tensor of a random checkpoint, seeded by (seed, tensor name, chunk):
/// chunks of <see cref="ChunkElements"/> values are independent streams, so they can be generated in parallel and
/// give the same bytes on every machine and thread count. The project's SplitMix64 (<see cref="SeededRandom"/>) seeds
/// xoshiro256** from the mixed seed; xoshiro256** draws; Box–Muller
/// turns pairs of 53-bit uniforms into normals.
/// </summary>
public static class SeededNormalStream
{
    /// <summary>Values per independently seeded chunk.</summary>
    public const int ChunkElements = 1 << 20;

    /// <summary>Fills <paramref name="destination"/> with chunk <paramref name="chunk"/> of tensor <paramref name="tensorName"/>.</summary>
    public static void Fill(ulong seed, string tensorName, long chunk, double standardDeviation, Span<float> destination)
    {
        ulong mixer = seed ^ NameHash(tensorName) ^ (0x9E3779B97F4A7C15UL * (ulong)(chunk + 1));
        var seeder = new SeededRandom(mixer);
        ulong s0 = seeder.NextUInt64(), s1 = seeder.NextUInt64(), s2 = seeder.NextUInt64(), s3 = seeder.NextUInt64();
        for (int i = 0; i < destination.Length; i += 2)
        {
            double u1 = ((Next(ref s0, ref s1, ref s2, ref s3) >> 11) + 1) * (1.0 / (1UL << 53));   // (0, 1]
            double u2 = (Next(ref s0, ref s1, ref s2, ref s3) >> 11) * (1.0 / (1UL << 53));         // [0, 1)
            double radius = Math.Sqrt(-2.0 * Math.Log(u1)) * standardDeviation;
            destination[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < destination.Length)
            {
                destination[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
            }
        }
    }

    // FNV-1a over the UTF-8 name: stable across processes, unlike string.GetHashCode.
    private static ulong NameHash(string name)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }

    private static ulong Next(ref ulong s0, ref ulong s1, ref ulong s2, ref ulong s3)
    {
        ulong result = BitRotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitRotateLeft(s3, 45);
        return result;
    }

    private static ulong BitRotateLeft(ulong value, int bits) => System.Numerics.BitOperations.RotateLeft(value, bits);
}
