using Kasparro.Grains.Interfaces.Drift;

namespace Kasparro.Grains.Drift;

/// <summary>How one field showed up in a sample: under which name, how often with a value, and with which types.</summary>
public sealed class FieldProfile(string name)
{
    private readonly Dictionary<FieldType, int> _types = [];

    /// <summary>The name as the source spells it (the first spelling seen).</summary>
    public string Name { get; } = name;

    /// <summary>Records in which the field had a value (not null, absent or blank).</summary>
    public int WithValue { get; private set; }

    public IReadOnlyDictionary<FieldType, int> Types => _types;

    public void Add(FieldType? type)
    {
        if (type is { } t)
        {
            WithValue++;
            _types[t] = _types.GetValueOrDefault(t) + 1;
        }
    }

    /// <summary>The most frequent type (ties broken by the enum order, so the result is stable), or null when there was no value.</summary>
    public FieldType? Dominant => _types.Count == 0
        ? null
        : _types.OrderByDescending(t => t.Value).ThenBy(t => t.Key).First().Key;
}
