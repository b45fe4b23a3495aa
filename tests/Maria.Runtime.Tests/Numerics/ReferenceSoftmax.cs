namespace Maria.Runtime.Tests.Numerics;

/// <summary>
/// The test's own double-precision softmax, written independently of the runtime: every logit is widened to double,
/// divided by the temperature, shifted by the maximum and exponentiated with Math.Exp; top-k and top-p select on the
/// exact probabilities (heaviest first, ties by id, top-p on the renormalised top-k set as Hugging Face applies them).
/// </summary>
internal static class ReferenceSoftmax
{
    public static double[] Probabilities(float[] logits, double temperature = 1.0)
    {
        var scaled = logits.Select(l => (double)l / temperature).ToArray();
        double max = scaled.Max();
        var exps = scaled.Select(s => Math.Exp(s - max)).ToArray();
        double sum = exps.Sum();
        return exps.Select(e => e / sum).ToArray();
    }

    public static double LogProbability(float[] logits, int index)
    {
        double max = logits.Max(l => (double)l);
        double sum = logits.Sum(l => Math.Exp(l - max));
        return logits[index] - max - Math.Log(sum);
    }

    /// <summary>The distribution a sampler with these options should draw from ([vocabulary], zero outside the kept set).</summary>
    public static double[] Sampling(float[] logits, double temperature, int topK = 0, double topP = 1.0)
    {
        var p = Probabilities(logits, temperature);
        var ids = Enumerable.Range(0, p.Length).OrderByDescending(i => p[i]).ThenBy(i => i).ToArray();
        int keep = topK > 0 ? Math.Min(topK, p.Length) : p.Length;
        double keptMass = ids.Take(keep).Sum(i => p[i]);
        if (topP < 1.0)
        {
            double cumulative = 0;
            for (int i = 0; i < keep; i++)
            {
                cumulative += p[ids[i]] / keptMass;
                if (cumulative >= topP - 1e-12)
                {
                    keep = i + 1;
                    break;
                }
            }
        }
        var kept = ids.Take(keep).ToHashSet();
        double mass = kept.Sum(i => p[i]);
        return Enumerable.Range(0, p.Length).Select(i => kept.Contains(i) ? p[i] / mass : 0.0).ToArray();
    }

    /// <summary>
    /// Pearson's chi-square statistic of <paramref name="counts"/> against <paramref name="expected"/> probabilities.
    /// Cells with p = 0 must be empty; cells expecting fewer than 5 draws are pooled into one, as the test requires.
    /// </summary>
    public static double ChiSquare(int[] counts, double[] expected, out int degreesOfFreedom)
    {
        int draws = counts.Sum();
        double statistic = 0;
        int cells = 0;
        double pooledExpected = 0;
        int pooledCount = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            if (expected[i] == 0)
            {
                Assert.True(counts[i] == 0, $"token {i} has probability 0 but was drawn {counts[i]} times");
                continue;
            }
            double e = expected[i] * draws;
            if (e < 5)
            {
                pooledExpected += e;
                pooledCount += counts[i];
                continue;
            }
            statistic += (counts[i] - e) * (counts[i] - e) / e;
            cells++;
        }
        if (pooledExpected > 0)
        {
            statistic += (pooledCount - pooledExpected) * (pooledCount - pooledExpected) / pooledExpected;
            cells++;
        }
        degreesOfFreedom = cells - 1;
        return statistic;
    }

    /// <summary>Upper 0.1% point of the chi-square distribution (Wilson-Hilferty), for 1..100 degrees of freedom.</summary>
    public static double ChiSquareCritical(int degreesOfFreedom)
    {
        const double z = 3.0902; // standard normal upper 0.1% point
        double k = degreesOfFreedom;
        double h = 2.0 / (9.0 * k);
        return k * Math.Pow(1 - h + z * Math.Sqrt(h), 3);
    }
}
