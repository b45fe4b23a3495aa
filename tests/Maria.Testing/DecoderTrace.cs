using System.Text.Json.Nodes;

namespace Maria.Testing;

/// <summary>
/// What ONNX Runtime's own trace of a decoder says about each run (the Chrome-trace JSON that
/// <c>MariaModelOptions.ProfileDirectory</c> and <c>--ort-profile</c> write when the session closes): read from the
/// runtime's outside, so a test sees the shapes the graph really received.
/// </summary>
internal static class DecoderTrace
{
    /// <summary>
    /// input_ids' [batch, sequence] of every decoder run, in order, from the embedding lookup's index input; the folder
    /// must hold exactly one decoder trace.
    /// </summary>
    public static List<int[]> TokenShapes(string profileFolder)
    {
        string trace = Assert.Single(Directory.GetFiles(profileFolder, "decoder*.json"));
        return JsonNode.Parse(File.ReadAllText(trace))!.AsArray()
            .Where(e => e!["cat"]?.GetValue<string>() == "Node"
                && e["name"]!.GetValue<string>().StartsWith("/model/embed_tokens/", StringComparison.Ordinal)
                && e["args"]?["op_name"]?.GetValue<string>() == "Gather")
            .Select(e => e!["args"]!["input_type_shape"]!.AsArray()[1]!["int64"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray())
            .ToList();
    }
}
