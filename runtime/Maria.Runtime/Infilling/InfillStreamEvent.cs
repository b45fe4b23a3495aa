namespace Maria.Runtime;

/// <summary>
/// One step of a streamed infill: the token just chosen, and the text that became final since the previous event
/// (the known run before the mask and the chosen token), decoded so that no event ends inside a UTF-8 character.
/// Concatenating every <see cref="TextDelta"/> of a stream gives the filled text.
/// </summary>
/// <param name="Token">The token chosen for a mask; null for the final event that flushes the text after the last mask.</param>
/// <param name="TextDelta">Newly final text.</param>
public sealed record InfillStreamEvent(FilledToken? Token, string TextDelta);
