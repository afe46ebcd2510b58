namespace Kasparro.Grains.Configuration;

/// <summary>Where the cluster keeps membership, grain state, reminders and the ETL tables.</summary>
public enum StorageProvider
{
    /// <summary>One process, nothing survives a restart. The default for <c>dotnet run</c>.</summary>
    InMemory,

    /// <summary>Orleans ADO.NET providers and the ETL tables in one PostgreSQL database.</summary>
    Postgres,
}
