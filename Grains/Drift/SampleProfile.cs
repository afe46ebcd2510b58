using System.Text.Json;
using Kasparro.Grains.Interfaces.Drift;

namespace Kasparro.Grains.Drift;

/// <summary>
/// The shape of a sample: every field seen (by name, case-insensitively, in the order first seen)
/// with its value count and types. A field absent from a record counts as null in that record.
/// </summary>
public sealed class SampleProfile
{
    private readonly Dictionary<string, FieldProfile> _fields = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<FieldProfile> _ordered = [];

    private SampleProfile()
    {
    }

    public int Records { get; private set; }

    /// <summary>Records that were meant to be JSON objects but are not (they count, with no fields).</summary>
    public int Unreadable { get; private set; }

    public IReadOnlyList<FieldProfile> Fields => _ordered;

    public FieldProfile? Find(string name) => _fields.GetValueOrDefault(name);

    /// <summary>Share of the sample's records in which the field is null, blank or absent (1 when never seen).</summary>
    public double NullRate(FieldProfile? field) =>
        Records == 0 ? 0 : 1 - ((double)(field?.WithValue ?? 0) / Records);

    public static SampleProfile Build(IEnumerable<DriftSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var profile = new SampleProfile();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var sample in samples)
        {
            profile.Records++;
            seen.Clear();
            if (sample.Json is { } json)
            {
                profile.AddJson(json, seen);
            }
            else
            {
                foreach (var (name, value) in sample.Fields ?? new Dictionary<string, string?>())
                {
                    profile.Add(name, FieldTypeInference.OfText(value), seen);
                }
            }
        }

        return profile;
    }

    private void AddJson(string json, HashSet<string> seen)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                Unreadable++;
                return;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                Add(property.Name, FieldTypeInference.OfJson(property.Value), seen);
            }
        }
        catch (JsonException)
        {
            Unreadable++;
        }
    }

    /// <summary>Counts a field once per record: a name repeated in one record (in another case) counts the first time only.</summary>
    private void Add(string name, FieldType? type, HashSet<string> seen)
    {
        if (seen.Add(name))
        {
            Field(name).Add(type);
        }
    }

    private FieldProfile Field(string name)
    {
        if (!_fields.TryGetValue(name, out var field))
        {
            field = new FieldProfile(name);
            _fields[name] = field;
            _ordered.Add(field);
        }

        return field;
    }
}
