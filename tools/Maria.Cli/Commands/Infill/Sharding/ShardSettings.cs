using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using CommandLine;

namespace Maria.Cli.Commands.Infill.Sharding;

/// <summary>
/// Fingerprints of a shard's job: every option of the infill command that can change its output, read from the
/// command's own [Option] properties (so an option added to <c>maria infill</c> joins the fingerprint without a second
/// list here), the records of the input, and the package's manifest.
/// </summary>
internal static class ShardSettings
{
    /// <summary>Options that do not change a record's output: where it goes, how it is split or scheduled.</summary>
    private static readonly HashSet<string> OutputNeutral = new(StringComparer.Ordinal)
    {
        "input", "output", "resume", "shard", "model", "threads", "batch-size",
    };

    /// <summary>Option long name to its value, invariant culture, for every output-changing option of <paramref name="command"/>.</summary>
    public static IReadOnlyDictionary<string, string> Of(object command)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in command.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<OptionAttribute>() is not { LongName: { Length: > 0 } name } || OutputNeutral.Contains(name))
            {
                continue;
            }
            settings[name] = Format(property.GetValue(command));
        }
        return settings;
    }

    /// <summary>sha256 of the records as read (id, text, extra fields, unusable-line errors), whatever the file's path.</summary>
    public static string InputFingerprint(IEnumerable<InfillRecord> records)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var record in records)
        {
            string line = $"{record.Id}\0{record.Text}\0{record.Extra?.ToJsonString()}\0{record.Error}\n";
            hash.AppendData(Encoding.UTF8.GetBytes(line));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>sha256 of the package's maria.json, which holds the sha256 of every file of the package.</summary>
    public static string ModelFingerprint(string packageDirectory) =>
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(packageDirectory, "maria.json"))));

    private static string Format(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        System.Collections.IEnumerable items => string.Join(',', items.Cast<object?>().Select(Format)),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
