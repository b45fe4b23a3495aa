namespace Maria.Runtime.Masking;

/// <summary>
/// The project's one seeded generator: SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014; Vigna's reference <c>splitmix64.c</c>). The whole state is one 64-bit number; each draw
/// adds the golden-ratio increment 0x9E3779B97F4A7C15 and returns the state through the finaliser
/// <see cref="Mix"/>. Every method is integer arithmetic (doubles are the top 53 bits scaled exactly), so a seed gives
/// the same sequence on every machine, operating system and .NET version, unlike <see cref="System.Random"/>, whose
/// seeded sequence .NET does not promise to keep. Not thread-safe: create one per use.
/// </summary>
internal sealed class SeededRandom
{
    /// <summary>SplitMix64's state increment: 2^64 divided by the golden ratio, made odd.</summary>
    public const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;

    private ulong state;

    /// <summary>Starts the generator at state <paramref name="seed"/>; the first draw is <c>Mix(seed + GoldenGamma)</c>.</summary>
    public SeededRandom(ulong seed) => state = seed;

    /// <summary>
    /// A generator whose seed is derived from <paramref name="seed"/> and <paramref name="keys"/>: starting from
    /// x = seed, each key in turn sets x = Mix(x xor key); the generator starts at the final x. Keys name what the
    /// draws are for (a purpose, a window, a step), so each use gets its own stream and a resumed or partial run can
    /// recreate exactly the generator an uninterrupted one used.
    /// </summary>
    public static SeededRandom Derive(ulong seed, params ReadOnlySpan<ulong> keys)
    {
        ulong x = seed;
        foreach (ulong key in keys)
        {
            x = Mix(x ^ key);
        }
        return new SeededRandom(x);
    }

    /// <summary>
    /// The generator for one <paramref name="purpose"/> (e.g. "masks") and one <paramref name="index"/> (e.g. the
    /// step) of a run with <paramref name="seed"/>: <see cref="Derive"/> with the keys 0, each UTF-16 code unit of the
    /// purpose, then the index.
    /// </summary>
    public static SeededRandom For(long seed, string purpose, long index)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        var keys = new ulong[purpose.Length + 2];
        for (int i = 0; i < purpose.Length; i++)
        {
            keys[i + 1] = purpose[i];
        }
        keys[^1] = unchecked((ulong)index);
        return Derive(unchecked((ulong)seed), keys);
    }

    /// <summary>The next 64 random bits (one SplitMix64 step).</summary>
    public ulong NextUInt64()
    {
        unchecked
        {
            state += GoldenGamma;
        }
        return Mix(state);
    }

    /// <summary>A uniform integer in [0, <paramref name="exclusiveMax"/>), exactly uniform (rejection of the last partial range).</summary>
    public int NextInt(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        ulong bound = (ulong)exclusiveMax;
        // Values at or above the largest multiple of the bound would favour small results; they are redrawn
        // (probability bound / 2^64: never, in practice).
        ulong limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong value;
        do
        {
            value = NextUInt64();
        }
        while (value >= limit);
        return (int)(value % bound);
    }

    /// <summary>A uniform integer in [<paramref name="inclusiveMin"/>, <paramref name="exclusiveMax"/>).</summary>
    public int NextInt(int inclusiveMin, int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(inclusiveMin, exclusiveMax);
        return inclusiveMin + NextInt(exclusiveMax - inclusiveMin);
    }

    /// <summary>A uniform double in [0, 1): the top 53 bits of <see cref="NextUInt64"/> times 2^-53.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher-Yates from the last slot down).</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>A standard normal N(0, 1) value (Box-Muller, cosine branch; two uniforms per value).</summary>
    public double NextNormal()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: the logarithm stays finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>
    /// A Gamma(<paramref name="shape"/>, 1) value: Marsaglia and Tsang's squeeze method ("A simple method for
    /// generating gamma variables", ACM TOMS 2000) for shape at least 1; below 1, Gamma(shape + 1) times U^(1/shape).
    /// </summary>
    public double NextGamma(double shape)
    {
        if (!(shape > 0) || double.IsInfinity(shape))
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "a Gamma shape must be positive and finite");
        }
        if (shape < 1)
        {
            double boost = Math.Pow(1.0 - NextDouble(), 1.0 / shape);
            return NextGamma(shape + 1) * boost;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = NextNormal();
                v = 1.0 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            double u = 1.0 - NextDouble();
            if (u < 1.0 - 0.0331 * (x * x) * (x * x) || Math.Log(u) < 0.5 * x * x + d * (1.0 - v + Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    /// <summary>A Beta(<paramref name="alpha"/>, <paramref name="beta"/>) value in [0, 1]: X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta).</summary>
    public double NextBeta(double alpha, double beta)
    {
        while (true)
        {
            double x = NextGamma(alpha);
            double y = NextGamma(beta);
            // Both can underflow to 0 for shapes far below 1; that pair says nothing about the ratio, so draw again.
            if (x + y > 0)
            {
                return x / (x + y);
            }
        }
    }

    /// <summary>SplitMix64's finaliser (Stafford's "Mix13" variant): a bijective 64-bit mix, nearby inputs giving unrelated outputs.</summary>
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
