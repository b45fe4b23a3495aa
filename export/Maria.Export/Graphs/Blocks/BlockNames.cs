namespace Maria.Export.Graphs.Blocks;

/// <summary>Derives initialiser names from hierarchical node prefixes, so weights read like checkpoint keys.</summary>
public static class BlockNames
{
    /// <summary>
    /// <c>("/model/layers.0/attn/q_proj", "weight")</c> -> <c>"model.layers.0.attn.q_proj.weight"</c>.
    /// </summary>
    public static string Initializer(string prefix, string suffix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(suffix);
        return prefix.Trim('/').Replace('/', '.') + "." + suffix;
    }
}
