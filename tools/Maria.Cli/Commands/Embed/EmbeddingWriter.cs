using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Maria.Export.Checkpoints;
using Maria.Export.Files;
using Maria.Runtime;
using Maria.Tools.Common;

namespace Maria.Cli.Commands.Embed;

/// <summary>
/// Where <c>maria embed</c> writes: a safetensors file (every record's tensors held until the end, because the
/// header with every shape comes first) or JSON lines of pooled vectors; both appear complete or not at all.
/// </summary>
internal abstract class EmbeddingWriter
{
    public static EmbeddingWriter Open(string path, EmbedPool pool, EmbedKind kind, Runtime.ArAlignment alignment)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            throw new MariaInputException($"--output {path}: the folder {folder} does not exist; create it or write elsewhere");
        }
        var metadata = new Dictionary<string, string>
        {
            ["kind"] = kind.ToString().ToLowerInvariant(),
            ["alignment"] = alignment == Runtime.ArAlignment.AfterToken ? "after-token" : "head-input",
            ["pool"] = pool.ToString().ToLowerInvariant(),
        };
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            return new SafetensorsEmbeddingWriter(path, pool, metadata);
        }
        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            return pool == EmbedPool.Mean
                ? new JsonLinesEmbeddingWriter(path)
                : throw new MariaInputException($"--output {path}: JSON lines hold one pooled vector per record; add --pool mean, or write per-token rows to a .safetensors file");
        }
        throw new MariaInputException($"--output {path}: unknown format; name the file .safetensors (tensors) or .jsonl (pooled vectors)");
    }

    /// <summary>One record: its token ids and its rows ([tokens, width] row-major, or [width] when pooled).</summary>
    public abstract void Write(string id, int[] tokenIds, float[] values, int width);

    /// <summary>A record that failed (JSON lines keep an error object in its place; safetensors skip it).</summary>
    public abstract void WriteError(string id, string message);

    /// <summary>Writes the file under a temporary name and renames it.</summary>
    public abstract void Complete(string model);

    private sealed class SafetensorsEmbeddingWriter(string path, EmbedPool pool, Dictionary<string, string> metadata) : EmbeddingWriter
    {
        private readonly List<TensorToWrite> tensors = [];
        private readonly HashSet<string> names = new(StringComparer.Ordinal);

        public override void Write(string id, int[] tokenIds, float[] values, int width)
        {
            if (!names.Add(id))
            {
                throw new MariaInputException($"--input: record id '{id}' appears twice; safetensors names one tensor per record, so give every record its own id");
            }
            metadata["width"] = width.ToString(CultureInfo.InvariantCulture);
            long[] shape = pool == EmbedPool.Mean ? [width] : [tokenIds.Length, width];
            tensors.Add(TensorToWrite.FromFloat32(id, shape, values));
            tensors.Add(TensorToWrite.FromBytes(id + ".token_ids", SafetensorsDType.I32, [tokenIds.Length], MemoryMarshal.AsBytes(tokenIds.AsSpan()).ToArray()));
        }

        public override void WriteError(string id, string message)
        {
        }

        public override void Complete(string model)
        {
            metadata["model"] = model;
            metadata["records"] = (tensors.Count / 2).ToString(CultureInfo.InvariantCulture);
            SafetensorsWriter.Write(Path.GetFullPath(path), tensors, metadata);
        }
    }

    private sealed class JsonLinesEmbeddingWriter(string path) : EmbeddingWriter
    {
        private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private readonly List<string> lines = [];

        public override void Write(string id, int[] tokenIds, float[] values, int width) =>
            lines.Add(JsonSerializer.Serialize(new { id, tokens = tokenIds.Length, vector = values }, Options));

        public override void WriteError(string id, string message) => lines.Add(JsonSerializer.Serialize(new { id, error = message }, Options));

        public override void Complete(string model) => AtomicFile.Write(path, temporary => File.WriteAllLines(temporary, lines));
    }
}
