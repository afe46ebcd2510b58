using Kasparro.Grains.Configuration;

namespace Kasparro.Hosting;

/// <summary>
/// Checks, while a silo or client is being configured, that the database answers. Doing it here,
/// before the host starts, turns a wrong connection string into one clear message naming the
/// setting instead of a page of lifecycle errors from Orleans' providers.
/// </summary>
internal static class PostgresPreflight
{
    public static void EnsureReachable(StorageOptions settings)
    {
        if (settings.Provider != StorageProvider.Postgres)
        {
            return;
        }

        // Start-up code, not grain code: blocking here is deliberate and happens once.
        var problem = DatabaseProbe.CheckAsync(settings.ConnectionString!, settings.ConnectTimeout).GetAwaiter().GetResult();
        if (problem is not null)
        {
            throw new KasparroConfigurationException(
                $"Cannot reach the PostgreSQL database named by {StorageOptions.ConnectionStringKey} " +
                $"({DatabaseProbe.Describe(settings.ConnectionString!)}): {problem}");
        }
    }
}
