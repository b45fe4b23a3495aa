using System.Text.Json;

namespace Maria.Export.Configs;

/// <summary>
/// Reads the RoPE base from either config style: older <c>rope_theta</c> plus <c>rope_scaling</c>, or newer
/// <c>rope_parameters = {rope_type, rope_theta}</c>. Only the unscaled ("default") rotary embedding is implemented,
/// so any other <c>rope_type</c>/<c>type</c> ("llama3", "linear", "dynamic", "yarn", "longrope"...) is refused by name.
/// </summary>
internal static class RopeSettingsReader
{
    /// <summary>θ for a single-rope causal LM; <paramref name="fallback"/> when neither style gives one.</summary>
    public static double ReadTheta(ConfigJson json, double fallback)
    {
        RefuseScaling(json, "rope_scaling", json.Element("rope_scaling"));
        double? fromParameters = null;
        if (json.Element("rope_parameters") is JsonElement parameters)
        {
            fromParameters = ReadParameterBlock(json, "rope_parameters", parameters);
        }
        double? fromKey = json.OptionalDouble("rope_theta");
        if (fromKey is double a && fromParameters is double b && a != b)
        {
            throw json.Error("rope_theta", $"is {a} but rope_parameters.rope_theta is {b}; keep one of them");
        }
        return fromKey ?? fromParameters ?? fallback;
    }

    /// <summary>Reads one <c>{rope_type, rope_theta}</c> object; returns its θ (null when it has none).</summary>
    public static double? ReadParameterBlock(ConfigJson json, string path, JsonElement block)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            throw json.Error(path, $"is {block.GetRawText()}; expected an object such as {{\"rope_type\": \"default\", \"rope_theta\": 10000.0}}");
        }
        RefuseScaling(json, path, block);
        if (!block.TryGetProperty("rope_theta", out var theta) || theta.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return theta.ValueKind == JsonValueKind.Number
            ? theta.GetDouble()
            : throw json.Error(path + ".rope_theta", $"is {theta.GetRawText()}; expected a number");
    }

    private static void RefuseScaling(ConfigJson json, string path, JsonElement? block)
    {
        if (block is not JsonElement value)
        {
            return;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw json.Error(path, $"is {value.GetRawText()}; expected null or an object with a rope_type");
        }
        foreach (string typeKey in new[] { "rope_type", "type" })
        {
            if (value.TryGetProperty(typeKey, out var type) && type.ValueKind != JsonValueKind.Null
                && !(type.ValueKind == JsonValueKind.String && type.GetString() == "default"))
            {
                throw json.Error(path, $"asks for RoPE scaling type {type.GetRawText()}, which is not implemented (only unscaled \"default\" RoPE is); use a checkpoint without RoPE scaling");
            }
        }
    }
}
