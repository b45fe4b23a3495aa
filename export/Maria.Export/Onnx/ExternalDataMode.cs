namespace Maria.Export.Onnx;

/// <summary>Where initialiser bytes are written when a model is saved.</summary>
public enum ExternalDataMode
{
    /// <summary>Inline up to <see cref="ExternalDataOptions.AutomaticInlineMaxBytes"/> (256 MiB) of initialisers, external above.</summary>
    Automatic,

    /// <summary>Always inline; saving fails if the model would exceed the 2 GB protobuf limit.</summary>
    Never,

    /// <summary>Always move initialisers at or above the size threshold to the external data file.</summary>
    Always,
}
