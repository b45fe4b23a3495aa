using System.Globalization;
using System.Text;

namespace Maria.Cli.Commands.Infill.Sharding;

/// <summary>
/// Writes a shard's records as <c>INDEX\tRECORD</c> lines: each line the infill writer emits is one record, the
/// shard's next one in order, so its input index follows from the shard and the count of lines written.
/// </summary>
internal sealed class ShardLineWriter(TextWriter inner, ShardSpec shard, int firstPosition) : TextWriter(CultureInfo.InvariantCulture)
{
    private int position = firstPosition;
    private bool atLineStart = true;

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (atLineStart)
        {
            inner.Write(shard.RecordIndex(position).ToString(CultureInfo.InvariantCulture));
            inner.Write('\t');
            atLineStart = false;
        }
        if (value == '\n')
        {
            position++;
            atLineStart = true;
        }
        inner.Write(value);
    }

    public override void Write(string? value)
    {
        foreach (char c in value ?? "")
        {
            Write(c);
        }
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Write('\n');
    }

    public override void WriteLine() => Write('\n');

    public override void Flush() => inner.Flush();
}
