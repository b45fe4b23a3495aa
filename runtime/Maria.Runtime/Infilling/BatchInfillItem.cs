namespace Maria.Runtime;

/// <summary>One text of <see cref="MariaModel.InfillBatchAsync"/> as it completes.</summary>
/// <param name="Index">The text's position in the input sequence.</param>
/// <param name="Result">The fills, when it succeeded.</param>
/// <param name="Error">A one-line message naming the problem and the fix, when it failed.</param>
public sealed record BatchInfillItem(int Index, InfillResult? Result, string? Error);
