namespace Kasparro.Grains.Storage;

/// <summary>
/// The schema could not be brought up to date. <see cref="Script"/> names the migration that failed
/// (its file name in deploy/migrations), or is null when the failure came before any script ran
/// (connecting, taking the lock, reading the journal); the message says which, and why.
/// </summary>
public sealed class SchemaMigrationException : Exception
{
    public SchemaMigrationException()
    {
    }

    public SchemaMigrationException(string message)
        : base(message)
    {
    }

    public SchemaMigrationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public string? Script { get; init; }

    /// <summary>The exception for a failed upgrade, its cause on the same line.</summary>
    public static SchemaMigrationException For(string? script, Exception? cause)
    {
        var why = cause is null ? "no error was reported" : ErrorText.OneLine(cause);
        var what = script is null
            ? $"Schema migration failed before any script ran (reading the journal {SchemaMigrator.JournalTable})"
            : $"Schema migration {script} failed";
        return new SchemaMigrationException($"{what}: {why}", cause) { Script = script };
    }
}
