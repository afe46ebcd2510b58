namespace Kasparro.Grains.Queries;

/// <summary>
/// How the gateway's query grains are placed. Each is a stateless worker with one activation per
/// silo, reentrant so that one activation serves many requests at once (they wait on the database,
/// not on the grain). One activation, not several: a caller's cancellation is delivered to the
/// grain's id on the silo, and with several activations it may reach one that is not running the
/// call (dotnet/orleans#9877). QueryCancellationTests shows a cancelled request reaching the store.
/// </summary>
public static class QueryGrains
{
    public const int ActivationsPerSilo = 1;
}
