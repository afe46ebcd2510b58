namespace Kasparro.Grains.Normalization;

/// <summary>
/// One shared instance per distinct text value. A market file repeats the same ids, symbols and
/// names on every row; sharing them means a batch's quotes hold one copy of each instead of one per
/// row, which is most of what the garbage collector would otherwise have to trace and copy while a
/// batch waits to be written. Bounded: past <paramref name="capacity"/> distinct values, new ones
/// are simply not pooled. Not thread-safe: one per run, used by the run's reader.
/// </summary>
public sealed class TextPool(int capacity = 65_536)
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string Share(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_values.TryGetValue(value, out var shared))
        {
            return shared;
        }

        if (_values.Count < capacity)
        {
            _values.Add(value, value);
        }

        return value;
    }
}
