using Kasparro.Grains.Configuration;
using Microsoft.Extensions.Options;

namespace Kasparro.Hosting;

/// <summary>
/// Whether the database answers, asked when the gateway is about to blame the cluster. In client mode
/// the gateway finds the silos through the membership table in the database, and silos cannot rejoin
/// without it: when the cluster cannot be reached and the database cannot either, the database is the
/// cause worth naming. The answer is kept for a few seconds, so an outage costs one probe, not one per
/// request.
/// </summary>
public sealed class DatabaseCheck(IOptions<StorageOptions> storage, TimeProvider time) : IDisposable
{
    private readonly StorageOptions _settings = storage.Value;
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (long At, bool Unreachable)? _last;

    /// <summary>True when the database was found unreachable just now (or within the last few seconds); false without one.</summary>
    public async Task<bool> IsUnreachableAsync(CancellationToken cancellationToken)
    {
        if (_settings.Provider != StorageProvider.Postgres)
        {
            return false;
        }

        if (Fresh() is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } settled)
            {
                return settled;
            }

            var timeout = _settings.ConnectTimeout < Patience ? _settings.ConnectTimeout : Patience;
            var unreachable = await DatabaseProbe.CheckAsync(_settings.ConnectionString!, timeout, cancellationToken) is not null;
            _last = (time.GetTimestamp(), unreachable);
            return unreachable;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private bool? Fresh() => _last is { } last && time.GetElapsedTime(last.At) < Reuse ? last.Unreachable : null;
}
