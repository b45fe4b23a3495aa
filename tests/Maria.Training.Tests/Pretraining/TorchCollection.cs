namespace Maria.Training.Tests.Pretraining;

/// <summary>
/// Tests that use torch's global generator and thread count run one at a time: two models initialised at once
/// would interleave their draws from the shared generator.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "torch global state";
}
