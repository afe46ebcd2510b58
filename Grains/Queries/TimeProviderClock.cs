using Microsoft.Extensions.Internal;

namespace Kasparro.Grains.Queries;

/// <summary>The memory cache's clock from the silo's <see cref="TimeProvider"/>, so tests with a fake clock control expiry.</summary>
internal sealed class TimeProviderClock(TimeProvider time) : ISystemClock
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
