
namespace Maria.Export.Checkpoints;

/// <summary>One tensor of a public checkpoint: its Hugging Face name, shape (outermost first) and role.</summary>
public sealed record TensorSpec(string Name, long[] Shape, TensorRole Role)
{
    /// <summary>Number of elements: the product of the shape.</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, dimension) => checked(product * dimension));
}
