using System.Text;

namespace Maria.Cli.Inputs;

/// <summary>One line of an input file: its text, or null when it was longer than the limit (then only its length is known).</summary>
internal readonly record struct BoundedLine(string? Text, long Length, char First)
{
    public bool TooLong => Text is null;
}

/// <summary>
/// Reads lines ('\n'-separated, a trailing '\r' dropped) without ever holding more than <c>maxChars</c> characters of
/// one line: a longer line is skipped to its end and returned as its length only, so a 100 MB line in a JSONL file
/// costs a 64 KiB buffer instead of a 200 MB string (the other records still run).
/// </summary>
internal static class BoundedLineReader
{
    /// <summary>The longest record text the batch commands accept, in UTF-16 characters (1 MiB; a model context is ~10^3 to 10^4 tokens).</summary>
    public const int MaxRecordChars = 1 << 20;

    public static IEnumerable<BoundedLine> Read(TextReader reader, int maxChars = MaxRecordChars)
    {
        var buffer = new char[1 << 16];
        var line = new StringBuilder();
        long length = 0;
        char first = '\0';
        bool any = false;
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            int start = 0;
            for (int i = 0; i < read; i++)
            {
                if (buffer[i] != '\n')
                {
                    continue;
                }
                Append(buffer, start, i - start);
                yield return Finish();
                start = i + 1;
            }
            Append(buffer, start, read - start);
        }
        if (any)
        {
            yield return Finish();
        }

        void Append(char[] chars, int offset, int count)
        {
            if (count == 0)
            {
                return;
            }
            if (length == 0)
            {
                first = chars[offset];
            }
            any = true;
            length += count;
            if (length <= maxChars + 1)  // + 1: room for the '\r' of a CRLF line
            {
                line.Append(chars, offset, count);
            }
        }

        BoundedLine Finish()
        {
            string? text = null;
            long textLength = length;
            if (length <= maxChars + 1)
            {
                text = line.ToString().TrimEnd('\r');
                textLength = text.Length;
                if (textLength > maxChars)
                {
                    text = null;
                }
            }
            var result = new BoundedLine(text, textLength, first);
            line.Clear();
            length = 0;
            first = '\0';
            any = false;
            return result;
        }
    }
}
