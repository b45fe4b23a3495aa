namespace Maria.Tools.Common;

/// <summary>Process exit codes shared by every command (design.md, "Command line").</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int BadInput = 1;
    public const int InternalError = 2;
    public const int Cancelled = 130;
}
