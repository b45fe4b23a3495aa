using System.Globalization;
using Maria.Runtime;
using Maria.Runtime.Infilling;

namespace Maria.Editor;

/// <summary>The rows of the editor's two lists: one per filled mask, and the alternatives of the selected one.</summary>
internal static class FillListing
{
    /// <summary>"#3 ' Union' 41.2%": the mask's number, the chosen token, its probability.</summary>
    public static string FillRow(FilledToken token) =>
        string.Create(CultureInfo.InvariantCulture, $"#{token.MaskIndex + 1} {Quoted(token.Text)} {token.Probability * 100:F1}%");

    /// <summary>"' Union' 41.2%", most probable first.</summary>
    public static IEnumerable<string> AlternativeRows(FilledToken token) =>
        token.Alternatives.Select(a => string.Create(CultureInfo.InvariantCulture, $"{Quoted(a.Text)} {a.Probability * 100:F1}%"));

    /// <summary>The token's text in quotes, its leading space visible and control characters escaped.</summary>
    private static string Quoted(string text) =>
        "'" + string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) + "'";
}
