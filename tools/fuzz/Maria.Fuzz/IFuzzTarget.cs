namespace Maria.Fuzz;

/// <summary>One parser under fuzzing: feeds it the bytes and checks <see cref="ParserContract"/>.</summary>
public interface IFuzzTarget
{
    /// <summary>"accepted" or "refused: MESSAGE"; throws when the contract is broken.</summary>
    string Run(byte[] input);
}
