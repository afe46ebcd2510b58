using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Configuration;

/// <summary>What the attributes of <see cref="StorageOptions"/> cannot say: a known provider, Postgres with a connection string, whole seconds.</summary>
public sealed class StorageRules : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add($"{StorageOptions.ProviderKey} is '{(int)options.Provider}': expected one of {string.Join(", ", Enum.GetNames<StorageProvider>())}.");
        }
        else if (options.Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{StorageOptions.ProviderKey} is Postgres but {StorageOptions.ConnectionStringKey} is not set " +
                "(environment variable ConnectionStrings__Kasparro).");
        }

        WholeSeconds(options.CommandTimeout, StorageOptions.CommandTimeoutKey, failures);
        WholeSeconds(options.WriteTimeout, StorageOptions.WriteTimeoutKey, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // The driver counts statement timeouts in whole seconds; a fraction would be cut silently.
    private static void WholeSeconds(TimeSpan value, string key, List<string> failures)
    {
        if (value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            failures.Add($"{key} is '{value:c}': expected whole seconds.");
        }
    }
}
