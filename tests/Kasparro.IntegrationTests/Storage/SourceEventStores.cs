using System.Globalization;
using Kasparro.Grains.Interfaces.Control;
using Kasparro.Grains.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Kasparro.IntegrationTests.Storage;

/// <summary>The two audit trail stores, by name, and events written down as text (records compare dictionaries by reference).</summary>
internal static class SourceEventStores
{
    public static readonly DateTime T0 = new(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);

    public static ISourceEventStore Create(string kind, NpgsqlDataSource postgres) =>
        kind == "postgres" ? new PostgresSourceEventStore(postgres, NullLogger<PostgresSourceEventStore>.Instance) : new InMemorySourceEventStore();

    public static SourceEvent Event(string source, DateTime at, string kind = SourceEventKinds.Replaced, Guid? id = null,
        IReadOnlyDictionary<string, SettingChange>? changes = null, long? version = 1, string by = "ops", string detail = "changed") =>
        new(id ?? Guid.NewGuid(), source, at, kind, by, version, changes ?? new Dictionary<string, SettingChange>(), detail);

    /// <summary>Every field of an event, the changes in their order.</summary>
    public static string Text(SourceEvent e) => string.Join('|',
        e.EventId, e.Source, e.At.ToString("O", CultureInfo.InvariantCulture), e.At.Kind, e.Kind, e.By,
        e.Version?.ToString(CultureInfo.InvariantCulture) ?? "null",
        string.Join(";", e.Changes.Select(c => $"{c.Key}={c.Value.Before ?? "(null)"}>{c.Value.After ?? "(null)"}")), e.Detail);

    /// <summary>A unique source id for one test and store (the stores of a class share one database).</summary>
    public static string Source(string name, string kind) => $"{name}-{kind}-{Guid.NewGuid():N}"[..40];
}
