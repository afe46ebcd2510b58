using System.Text;
using Kasparro.Api.Hosting;
using Kasparro.Api.Http;
using Microsoft.Extensions.Primitives;

namespace Kasparro.Api.Dashboard;

/// <summary>
/// The API key as the dashboard accepts it: the <c>X-API-Key</c> header, as everywhere else, or the
/// password of HTTP Basic authentication (RFC 7617, any user name), which is the one way a browser
/// can send a secret on its own, for the page and for every call its script makes. Either is checked
/// with <see cref="ApiSettings.Matches"/> (every configured key, in constant time). Nothing here logs.
/// </summary>
public static class DashboardCredentials
{
    public const string Realm = "Kasparro dashboard";

    /// <summary>The challenges of a 401: Basic first, so a browser asks for the key; then the header the API uses.</summary>
    public static readonly StringValues Challenges = new([
        $"Basic realm=\"{Realm}\", charset=\"UTF-8\"",
        $"ApiKey header=\"{ApiKeyFilter.HeaderName}\"",
    ]);

    private const string BasicScheme = "Basic ";

    /// <summary>Longer than any sensible key; a longer header is refused without decoding it.</summary>
    private const int MaxEncodedLength = 4096;

    public static bool Present(HttpRequest request, ApiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);
        var header = request.Headers[ApiKeyFilter.HeaderName];
        // Both are compared whenever present, so which one was sent does not change the time taken.
        var byHeader = header.Count == 1 && settings.Matches(header[0]);
        var byBasic = BasicPassword(request.Headers.Authorization) is { } password && settings.Matches(password);
        return byHeader || byBasic;
    }

    /// <summary>The password of a single <c>Authorization: Basic</c> header, or null when there is none or it is malformed.</summary>
    public static string? BasicPassword(StringValues authorization)
    {
        if (authorization.Count != 1 || authorization[0] is not { } value
            || !value.StartsWith(BasicScheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var encoded = value.AsSpan(BasicScheme.Length).Trim();
        if (encoded.Length > MaxEncodedLength)
        {
            return null;
        }

        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var written))
        {
            return null;
        }

        // user-id ":" password; a user id cannot hold a colon, so the password is all after the first one.
        var text = Encoding.UTF8.GetString(bytes, 0, written);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : text[(colon + 1)..];
    }
}
