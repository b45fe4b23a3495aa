namespace Maria.Runtime;

/// <summary>One candidate fill of a blank, as the search scored it.</summary>
/// <param name="TokenIds">The candidate's tokens (its length is their count).</param>
/// <param name="Text">The tokens decoded (with the leading space they carry).</param>
/// <param name="Score">The search's score of the filling this candidate completes (natural log; higher is better).</param>
public sealed record BlankCandidate(IReadOnlyList<int> TokenIds, string Text, double Score);
