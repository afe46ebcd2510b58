namespace Kasparro.Grains.Hosting;

/// <summary>
/// Turns a configuration error into the one line a user needs and a non-zero exit code, instead
/// of a stack trace. Errors raised while the silo starts arrive wrapped by Orleans and the host;
/// the configuration error is found anywhere in the chain.
/// </summary>
public static class StartupFailure
{
    public const int ExitCode = 2;

    /// <summary>Runs <paramref name="run"/>; a configuration error anywhere in it exits with <see cref="ExitCode"/>.</summary>
    public static async Task<int> GuardAsync(Func<Task> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            await run();
            return 0;
        }
        catch (Exception ex) when (Find(ex) is { } configurationError)
        {
            await Console.Error.WriteLineAsync($"kasparro: configuration error: {configurationError.Message}");
            return ExitCode;
        }
    }

    public static KasparroConfigurationException? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case KasparroConfigurationException found:
                    return found;
                case AggregateException aggregate:
                    foreach (var inner in aggregate.InnerExceptions)
                    {
                        if (Find(inner) is { } nested)
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
