namespace Maria.Cli.Commands.Generate;

/// <summary>The method names of the sweep's rows.</summary>
internal static class SweepMethods
{
    /// <summary>Greedy AR decoding (deterministic given the prefix).</summary>
    public const string Greedy = "ar-greedy";

    /// <summary>Plain AR sampling at temperature 1: annealing with zero iterations.</summary>
    public const string Sampled = "ar-t1";

    /// <summary>AR draft refined by K MARIA re-mask-and-refill iterations.</summary>
    public const string Annealed = "anneal";
}
