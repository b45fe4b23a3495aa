using System.Globalization;

namespace Maria.Runtime.Infilling;

/// <summary>
/// The longest text the runtime tokenizes for filling: 2^20 characters, checked before tokenizing, so a hostile text
/// (10^6 [MASK]s, a runaway record) costs nothing before it is refused. Far beyond any context a package may have
/// (even 2^20 tokens rarely span fewer characters), so no real text meets it; texts under it that do not fit the
/// context are still refused after tokenizing, naming their token count (MaskedText.CheckFits).
/// </summary>
internal static class TextLimits
{
    public const int MaxCharacters = 1 << 20;

    public static void Check(string text)
    {
        if (text.Length > MaxCharacters)
        {
            throw new MariaInputException(string.Create(CultureInfo.InvariantCulture,
                $"the text is {text.Length:N0} characters, more than the {MaxCharacters:N0} a text to fill may have (far beyond any model context); shorten the text or split it"));
        }
    }
}
