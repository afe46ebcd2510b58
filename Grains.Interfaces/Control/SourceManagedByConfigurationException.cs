namespace Kasparro.Grains.Interfaces.Control;

/// <summary>
/// An API change to a source that configuration declares. <see cref="Setting"/> is the
/// configuration key to edit instead (e.g. <c>Kasparro:Sources:csv</c>). The gateway answers it with 409.
/// </summary>
[GenerateSerializer, Alias("kasparro.SourceManagedByConfigurationException")]
public sealed class SourceManagedByConfigurationException : Exception
{
    public SourceManagedByConfigurationException()
    {
    }

    public SourceManagedByConfigurationException(string source, string setting)
        : base($"Source '{source}' is declared by configuration (managed_by: configuration); the API cannot change it: edit {setting} instead.")
    {
        SourceId = source;
        Setting = setting;
    }

    public SourceManagedByConfigurationException(string message)
        : base(message)
    {
    }

    public SourceManagedByConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    [Id(0)]
    public string? SourceId { get; init; }

    [Id(1)]
    public string? Setting { get; init; }
}
