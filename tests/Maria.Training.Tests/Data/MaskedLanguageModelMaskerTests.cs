using Maria.Runtime.Masking;
using Maria.Training.Data;

namespace Maria.Training.Tests.Data;

public class MaskedLanguageModelMaskerTests
{
    private const int Cls = 1001, Sep = 1002, Pad = 1003, Mask = 1004, EndOfText = 999;
    private static readonly MaskedLanguageModelMasker Masker = new(Mask, ordinaryTokenCount: 998, [Cls, Sep, Pad, EndOfText]);

    private static long[] Sequence(SeededRandom random, int length = 512)
    {
        var tokens = new long[length];
        tokens[0] = Cls;
        for (int i = 1; i < length - 40; i++)
        {
            tokens[i] = random.NextInt(20) == 0 ? EndOfText : random.NextInt(998);
        }
        tokens[length - 40] = Sep;
        for (int i = length - 39; i < length; i++)
        {
            tokens[i] = Pad;
        }
        return tokens;
    }

    [Fact]
    public void Specials_are_never_selected_or_changed()
    {
        var random = new SeededRandom(1);
        for (int trial = 0; trial < 50; trial++)
        {
            long[] tokens = Sequence(random);
            var (inputs, labels) = Masker.Apply(tokens, 0.3, random);
            for (int i = 0; i < tokens.Length; i++)
            {
                if (tokens[i] is Cls or Sep or Pad or EndOfText)
                {
                    Assert.Equal(tokens[i], inputs[i]);
                    Assert.Equal(MaskedLanguageModelMasker.IgnoredLabel, labels[i]);
                }
            }
        }
    }

    [Fact]
    public void Thirty_percent_of_the_ordinary_positions_are_selected()
    {
        var random = new SeededRandom(2);
        long[] tokens = Sequence(random);
        int ordinary = tokens.Count(t => t < EndOfText);

        var (_, labels) = Masker.Apply(tokens, 0.3, random);

        int selected = labels.Count(l => l != MaskedLanguageModelMasker.IgnoredLabel);
        Assert.Equal((int)Math.Round(0.3 * ordinary, MidpointRounding.AwayFromZero), selected);
    }

    [Fact]
    public void Selected_positions_become_mask_random_or_unchanged_in_80_10_10_proportions()
    {
        var random = new SeededRandom(3);
        int masked = 0, replaced = 0, kept = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            long[] tokens = Sequence(random);
            var (inputs, labels) = Masker.Apply(tokens, 0.3, random);
            for (int i = 0; i < tokens.Length; i++)
            {
                if (labels[i] == MaskedLanguageModelMasker.IgnoredLabel)
                {
                    Assert.Equal(tokens[i], inputs[i]);
                    continue;
                }
                Assert.Equal(tokens[i], labels[i]);
                if (inputs[i] == Mask)
                {
                    masked++;
                }
                else if (inputs[i] == tokens[i])
                {
                    kept++; // includes the rare random draw of the same token
                }
                else
                {
                    Assert.InRange(inputs[i], 0, 997);
                    replaced++;
                }
            }
        }
        double total = masked + replaced + kept;
        Assert.InRange(masked / total, 0.78, 0.82);
        Assert.InRange(replaced / total, 0.09, 0.11);
        Assert.InRange(kept / total, 0.09, 0.11);
    }

    [Fact]
    public void The_same_generator_state_gives_the_same_masks()
    {
        long[] tokens = Sequence(new SeededRandom(4));

        var first = Masker.Apply(tokens, 0.15, SeededRandom.For(7, "masks", 3));
        var second = Masker.Apply(tokens, 0.15, SeededRandom.For(7, "masks", 3));
        var other = Masker.Apply(tokens, 0.15, SeededRandom.For(7, "masks", 4));

        Assert.Equal(first.Inputs, second.Inputs);
        Assert.Equal(first.Labels, second.Labels);
        Assert.NotEqual(first.Labels, other.Labels);
    }
}
