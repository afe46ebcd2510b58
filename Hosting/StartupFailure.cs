using System.Data.Common;
using Kasparro.Grains.Configuration;
using Kasparro.Grains.Storage;

namespace Kasparro.Hosting;

/// <summary>
/// Turns a failed start into the one line a user needs and a non-zero exit code, instead of a stack
/// trace and an abort: a configuration error, or the database failing while the host starts (it
/// refused, vanished after the reachability check, or a migration script failed). Errors raised
/// while the silo starts arrive wrapped by Orleans and the host; the cause is found anywhere in the chain.
/// </summary>
public static class StartupFailure
{
    public const int ExitCode = 2;

    /// <summary>Runs <paramref name="run"/>; a configuration or database error anywhere in it exits with <see cref="ExitCode"/>.</summary>
    public static async Task<int> GuardAsync(Func<Task> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            await run();
            return 0;
        }
        catch (Exception ex) when (Describe(ex) is { } line)
        {
            await Console.Error.WriteLineAsync($"kasparro: {line}");
            return ExitCode;
        }
    }

    /// <summary>The line to print for <paramref name="exception"/>, or null when it is neither a configuration nor a database error (a bug: let it crash loudly).</summary>
    public static string? Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (FindConfigurationError(exception) is { } configurationError)
        {
            return $"configuration error: {configurationError}";
        }

        if (FindFirst<SchemaMigrationException>(exception) is { } migration)
        {
            return $"database error: {migration.Message}";
        }

        return DatabaseFailures.FindDatabaseException(exception) is DbException database
            ? $"database error: the PostgreSQL database named by {StorageOptions.ConnectionStringKey} failed while starting: {ErrorText.OneLine(database)}"
            : null;
    }

    public static KasparroConfigurationException? Find(Exception? exception) => FindFirst<KasparroConfigurationException>(exception);

    /// <summary>The line of the first configuration error in the chain: ours, a failed options validation or a value the binder could not convert.</summary>
    private static string? FindConfigurationError(Exception exception)
    {
        if (Find(exception) is { } ours)
        {
            return ours.Message;
        }

        return FindFirst<Microsoft.Extensions.Options.OptionsValidationException>(exception) is { } validation
            ? OptionsFailures.Describe(validation)
            : Chain(exception).Select(OptionsFailures.Describe).FirstOrDefault(line => line is not null);
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }

    private static T? FindFirst<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case T found:
                    return found;
                case AggregateException aggregate:
                    foreach (var inner in aggregate.InnerExceptions)
                    {
                        if (FindFirst<T>(inner) is { } nested)
                        {
                            return nested;
                        }
                    }

                    break;
            }
        }

        return null;
    }
}
