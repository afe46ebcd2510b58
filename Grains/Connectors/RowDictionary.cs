using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Kasparro.Grains.Connectors;

/// <summary>
/// The fields of one tabular row as a read-only dictionary over a column index shared by every
/// row of the file: one small array per row instead of a hash table, which keeps a large batch's
/// memory close to the size of its values.
/// </summary>
public sealed class RowDictionary(IReadOnlyDictionary<string, int> columns, string?[] values) : IReadOnlyDictionary<string, string?>
{
    public string? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => columns.Keys;

    public IEnumerable<string?> Values => columns.Values.Select(i => values[i]);

    public int Count => columns.Count;

    public bool ContainsKey(string key) => columns.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string? value)
    {
        if (columns.TryGetValue(key, out var index))
        {
            value = values[index];
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() =>
        columns.Select(c => new KeyValuePair<string, string?>(c.Key, values[c.Value])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
