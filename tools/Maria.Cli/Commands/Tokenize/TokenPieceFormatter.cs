using System.Globalization;
using System.Text;

namespace Maria.Cli.Commands.Tokenize;

/// <summary>
/// Shows the bytes a token stands for as a readable, unambiguous piece: in double quotes, complete UTF-8
/// characters as themselves, \n \r \t \" \\ escaped, other control characters and bytes that are only part of
/// a character as \xNN (e.g. the first two bytes of "谛" as "\xe8\xb0").
/// </summary>
internal static class TokenPieceFormatter
{
    public static string Format(byte[] bytes)
    {
        var result = new StringBuilder("\"");
        int index = 0;
        while (index < bytes.Length)
        {
            var status = Rune.DecodeFromUtf8(bytes.AsSpan(index), out var rune, out int consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                result.Append(CultureInfo.InvariantCulture, $"\\x{bytes[index]:x2}");
                index++;
                continue;
            }
            result.Append(rune.Value switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '"' => "\\\"",
                '\\' => "\\\\",
                < 0x20 or 0x7f => string.Create(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}"),
                _ => rune.ToString(),
            });
            index += consumed;
        }
        return result.Append('"').ToString();
    }
}
