namespace Kasparro.Grains.Interfaces.Sources;

/// <summary>A manual run of a source that its configuration disables. The gateway answers it with 409.</summary>
[GenerateSerializer, Alias("kasparro.SourceDisabledException")]
public sealed class SourceDisabledException : Exception
{
    public SourceDisabledException()
    {
    }

    /// <param name="source">The source id.</param>
    /// <param name="setting">The configuration key that would enable it (e.g. <c>Kasparro:Sources:csv:Enabled</c>).</param>
    public SourceDisabledException(string source, string setting)
        : base($"Source '{source}' is disabled: set {setting}=true to run it.")
    {
        SourceId = source;
        Setting = setting;
    }

    public SourceDisabledException(string message)
        : base(message)
    {
    }

    public SourceDisabledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    [Id(0)]
    public string? SourceId { get; init; }

    [Id(1)]
    public string? Setting { get; init; }
}
