namespace Maria.Testing;

/// <summary>Seeded random data and tolerant comparison that names the first mismatching elements.</summary>
internal static class TestData
{
    public static float[] Random(int seed, int count, float scale = 1f)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        }

        return values;
    }

    /// <summary>Fails with the first few mismatches (index, expected, actual) when any |e - a| exceeds the tolerance.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var mismatches = new List<string>();
        float worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            float difference = MathF.Abs(expected[i] - actual[i]);
            if (!(difference <= tolerance))
            {
                worst = float.IsNaN(difference) ? float.NaN : MathF.Max(worst, difference);
                if (mismatches.Count < 5)
                {
                    mismatches.Add($"[{i}] expected {expected[i]:R} actual {actual[i]:R}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, $"values differ by more than {tolerance} (worst {worst}): {string.Join("; ", mismatches)}");
    }
}
