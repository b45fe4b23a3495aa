namespace Maria.Export.Packaging;

/// <summary>The outcome of one check of <see cref="PackageVerifier"/>.</summary>
/// <param name="Name">Short name of the check, e.g. <c>files</c> or <c>kv-cache</c>.</param>
/// <param name="Passed">Whether the package passed it.</param>
/// <param name="Detail">One line: the figures behind a pass, or what is wrong (file, tensor, expected vs actual) and what to do.</param>
public sealed record VerificationCheck(string Name, bool Passed, string Detail);
