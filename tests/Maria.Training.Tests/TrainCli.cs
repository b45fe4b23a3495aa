namespace Maria.Training.Tests;

/// <summary>`maria-train` in-process (<see cref="InProcessCli"/> bound to <see cref="Program.Run"/>): exit code and both streams.</summary>
internal static class TrainCli
{
    public static CliResult Run(params string[] arguments) => InProcessCli.Run(Program.Run, arguments);
}
