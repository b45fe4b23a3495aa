using System.Text.RegularExpressions;

namespace Maria.Runtime.Tests.Numerics;

/// <summary>
/// Every softmax of logits in the product goes through runtime/Maria.Runtime/Numerics/LogSoftmax.cs: the product
/// sources (runtime/, export/, tools/) may call no TensorPrimitives softmax (it does not subtract the maximum, so
/// logits above 88.72 overflow) and no exponential outside that file, except exp of a mean negative log-likelihood
/// (a perplexity), which the line names.
/// </summary>
public sealed partial class OneSoftmaxSourceTests
{
    private const string Implementation = "runtime/Maria.Runtime/Numerics/LogSoftmax.cs";

    [Fact]
    public void No_softmax_or_exponential_of_logits_remains_outside_the_one_implementation()
    {
        var violations = new List<string>();
        int files = 0;
        foreach (string folder in new[] { "runtime", "export", "tools" })
        {
            foreach (string path in Directory.EnumerateFiles(Path.Combine(RepositoryFiles.Root, folder), "*.cs", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(RepositoryFiles.Root, path).Replace('\\', '/');
                if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
                {
                    continue;
                }
                files++;
                violations.AddRange(Violations(relative, File.ReadAllText(path)));
            }
        }
        Assert.True(files > 100, $"only {files} source files found under runtime/, export/ and tools/");
        Assert.True(violations.Count == 0, "softmax or exp of logits outside " + Implementation + " (use LogSoftmax):\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_scan_finds_the_softmax_the_sampler_used_to_call_and_a_hand_written_loop()
    {
        const string oldSampler = "        TensorPrimitives.SoftMax(logits, p);\n";
        const string handWritten = "foreach (float value in row)\n{\n    sum += Math.Exp(value - max);\n}\n";
        const string perplexity = "public double Perplexity => Math.Exp(-LogLikelihood / Count);\n";
        Assert.Single(Violations("runtime/Maria.Runtime/Sampling/TokenSampler.cs", oldSampler));
        Assert.Single(Violations("runtime/Maria.Runtime/Scoring/Scorer.cs", handWritten));
        Assert.Empty(Violations("runtime/Maria.Runtime/Scoring/ScoreResult.cs", perplexity));
        Assert.Empty(Violations(Implementation, handWritten + oldSampler));
    }

    /// <summary>"file:line: text" for each forbidden call in <paramref name="text"/>.</summary>
    private static IEnumerable<string> Violations(string relativePath, string text)
    {
        if (relativePath == Implementation)
        {
            yield break;
        }
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            bool softmax = SoftmaxCall().IsMatch(line);
            bool exponential = ExpCall().IsMatch(line) && !PerplexityWords().IsMatch(line);
            if (softmax || exponential)
            {
                yield return $"{relativePath}:{i + 1}: {line.Trim()}";
            }
        }
    }

    // TensorPrimitives.SoftMax (and any other SoftMax/LogSoftMax helper of the BCL or ML.NET).
    [GeneratedRegex(@"\b(Log)?Soft[Mm]ax\s*\(")]
    private static partial Regex SoftmaxCall();

    // Math.Exp, MathF.Exp, double.Exp, float.Exp, TensorPrimitives.Exp: the core of any hand-written softmax.
    [GeneratedRegex(@"\b(Math|MathF|double|float|Double|Single|TensorPrimitives)\.Exp\s*\(")]
    private static partial Regex ExpCall();

    [GeneratedRegex(@"perplexit|loss", RegexOptions.IgnoreCase)]
    private static partial Regex PerplexityWords();
}
