using System.IO.Compression;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Maria.Runtime.Tests.Embedding;

/// <summary>
/// The library as an app developer meets it: <c>dotnet pack</c> of runtime/Maria.Runtime into a local folder feed, a
/// fresh console project that adds that package and ONNX Runtime's CPU package, the runtime README's example pasted
/// verbatim as its Program.cs, built and run on models/maria-tiny. If the API changes, this fails until the README does.
/// </summary>
public sealed partial class NuGetPackageTests
{
    private static readonly TimeSpan DotnetTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public void ReadmeExampleBuildsAndRunsInAFreshProjectFromThePackedPackage()
    {
        using var folder = new TemporaryFolder();
        // A version of its own per run, so the NuGet cache never serves a package packed by an earlier run.
        string version = $"0.1.0-test.{Guid.NewGuid():N}";
        string feed = Directory.CreateDirectory(folder.File("feed")).FullName;
        string app = Directory.CreateDirectory(folder.File("app")).FullName;
        try
        {
            Pack(feed, version);
            string package = Path.Combine(feed, $"Maria.Runtime.{version}.nupkg");
            AssertPackageMetadata(package);
            Assert.True(File.Exists(Path.ChangeExtension(package, ".snupkg")), "dotnet pack wrote no symbol package (.snupkg)");

            Dotnet(app, "new", "console", "--framework", "net10.0", "--name", "ReadmeExample", "--output", ".");
            File.WriteAllText(Path.Combine(app, "nuget.config"),
                $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="local-feed" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            Dotnet(app, "add", "package", "Maria.Runtime", "--version", version);
            Dotnet(app, "add", "package", "Microsoft.ML.OnnxRuntime", "--version", CentralVersion("Microsoft.ML.OnnxRuntime"));
            File.WriteAllText(Path.Combine(app, "Program.cs"), ReadmeExample());
            Dotnet(app, "build", "--configuration", "Release", "--output", "bin/out");

            // The example's relative paths: the package folder and the texts file, beside the app's working directory.
            CopyFolder(Path.Combine(RepositoryFiles.Root, "models", "maria-tiny"), Path.Combine(app, "models", "maria-tiny"));
            string[] texts = ["The [MASK] of the [MASK] was read.", "We the [MASK] of the United States."];
            File.WriteAllLines(Path.Combine(app, "texts.txt"), texts);
            string output = Dotnet(app, "bin/out/ReadmeExample.dll");

            // The first infill's line, the streamed text (no newline of its own), then one line per text of the
            // batch in completion order.
            var (head, batchLines) = ExpectedOutput(texts);
            output = output.ReplaceLineEndings("\n");
            Assert.StartsWith(head, output, StringComparison.Ordinal);
            Assert.Equal(batchLines.Order(StringComparer.Ordinal), output[head.Length..].Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        }
        finally
        {
            // The per-run version must not pile up in the machine's NuGet cache.
            string cached = Path.Combine(NuGetCache(), "maria.runtime", version);
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }
    }

    /// <summary>What the example prints, computed in process with the same library.</summary>
    private static (string Head, string[] BatchLines) ExpectedOutput(string[] texts)
    {
        using var model = MariaModel.Load(Path.Combine(RepositoryFiles.Root, "models", "maria-tiny"));
        string head = model.Infill("The [MASK] of the Union is [MASK].").Output + "\n" + model.Infill("A [MASK] [MASK] day.").Output;
        return (head, texts.Select((text, i) => $"{i}: {model.Infill(text).Output}").ToArray());
    }

    /// <summary>The first ```csharp block of runtime/Maria.Runtime/README.md, verbatim.</summary>
    private static string ReadmeExample()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "runtime", "Maria.Runtime", "README.md"));
        var match = CSharpBlock().Match(readme);
        Assert.True(match.Success, "runtime/Maria.Runtime/README.md has no ```csharp example block");
        return match.Groups["code"].Value;
    }

    private static void Pack(string feed, string version)
    {
        // The runtime is already built in the test's own configuration (a project reference): pack those binaries.
        string configuration = typeof(NuGetPackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        Dotnet(RepositoryFiles.Root, "pack", Path.Combine("runtime", "Maria.Runtime", "Maria.Runtime.csproj"), "--no-build",
            "--configuration", configuration, "--output", feed, $"-p:PackageVersion={version}");
    }

    private static void AssertPackageMetadata(string package)
    {
        using var archive = ZipFile.OpenRead(package);
        var entries = archive.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("README.md", entries);
        Assert.Contains("lib/net10.0/Maria.Runtime.dll", entries);
        Assert.Contains("lib/net10.0/Maria.Runtime.xml", entries);
        using var nuspecStream = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        XElement Element(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)
            ?? throw new Xunit.Sdk.XunitException($"the nuspec has no <{name}>");
        Assert.Equal("README.md", Element("readme").Value);
        Assert.Equal("expression", Element("license").Attribute("type")?.Value);
        Assert.Matches("^[0-9a-f]{40}$", Element("repository").Attribute("commit")?.Value ?? "");
        var dependencies = Element("dependencies").Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => e.Attribute("id")!.Value).Order(StringComparer.Ordinal).ToArray();
        // ONNX Runtime's managed API only: the app picks the native package (CPU or GPU).
        Assert.Equal(["Microsoft.ML.OnnxRuntime.Managed", "Microsoft.ML.Tokenizers", "System.Numerics.Tensors"], dependencies);
    }

    /// <summary>The version Directory.Packages.props pins, so the fresh app uses the ONNX Runtime the tests use.</summary>
    private static string CentralVersion(string packageId)
    {
        var props = XDocument.Load(Path.Combine(RepositoryFiles.Root, "Directory.Packages.props"));
        return props.Descendants("PackageVersion").Single(e => e.Attribute("Include")?.Value == packageId).Attribute("Version")!.Value;
    }

    private static string NuGetCache() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string Dotnet(string workingDirectory, params string[] arguments)
    {
        var (exitCode, output, error) = DotnetProcess.Run("dotnet", arguments, workingDirectory, DotnetTimeout);
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} failed ({exitCode}):\n{output}\n{error}");
        return output;
    }

    private static void CopyFolder(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
