using Maria.Cli.Commands.Arena;

namespace Maria.Cli.Tests.Arena;

public sealed class BradleyTerryTests
{
    [Fact]
    public void Two_contestants_get_the_elo_gap_of_their_smoothed_win_ratio_around_1000()
    {
        // a beat b 3 times out of 4; with the virtual tie: 3.5 to 1.5.
        var ratings = BradleyTerry.Fit(new double[,] { { 0, 3 }, { 1, 0 } });
        Assert.Equal(400 * Math.Log10(3.5 / 1.5), ratings[0] - ratings[1], 6);
        Assert.Equal(1000, ratings.Average(), 6);
    }

    [Fact]
    public void A_contestant_that_always_wins_keeps_a_finite_rating_above_the_others()
    {
        var wins = new double[,] { { 0, 10, 10 }, { 0, 0, 5 }, { 0, 5, 0 } };
        var ratings = BradleyTerry.Fit(wins);
        Assert.All(ratings, r => Assert.True(double.IsFinite(r)));
        Assert.True(ratings[0] > ratings[1] + 300);
        Assert.Equal(ratings[1], ratings[2], 6);
    }

    [Fact]
    public void Predicted_win_probabilities_match_a_consistent_record()
    {
        // Strengths 4 : 2 : 1 and games in proportion (plus the virtual ties, so only approximately): order is kept.
        var wins = new double[,] { { 0, 400, 800 }, { 200, 0, 400 }, { 200, 200, 0 } };
        var ratings = BradleyTerry.Fit(wins);
        Assert.True(ratings[0] > ratings[1] && ratings[1] > ratings[2]);
        double p01 = 1 / (1 + Math.Pow(10, (ratings[1] - ratings[0]) / 400));
        Assert.InRange(p01, 0.62, 0.71);
    }
}
