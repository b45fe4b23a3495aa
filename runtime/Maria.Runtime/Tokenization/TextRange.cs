namespace Maria.Runtime.Tokenization;

/// <summary>A run of chars [Start, Start + Length) of some string.</summary>
internal readonly record struct TextRange(int Start, int Length)
{
    public int End => Start + Length;
}
