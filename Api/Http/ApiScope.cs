namespace Kasparro.Api.Http;

/// <summary>
/// What a key may do. Each scope includes the ones before it: <c>read</c> reads, <c>operate</c> also
/// runs the sources (trigger, pause, resume, cancel, failure injection), <c>admin</c> also changes
/// what the sources are (create, replace, delete, reset, replay).
/// </summary>
public enum ApiScope
{
    Read,
    Operate,
    Admin,
}
