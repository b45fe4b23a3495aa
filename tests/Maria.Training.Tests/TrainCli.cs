namespace Maria.Training.Tests;

/// <summary>Runs <c>maria-train</c> in-process with captured streams.</summary>
internal static class TrainCli
{
    public static (int Code, string Stdout, string Stderr) Run(params string[] arguments)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = Program.Run(arguments, stdout, stderr, new StringReader(string.Empty));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
