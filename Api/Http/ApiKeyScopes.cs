namespace Kasparro.Api.Http;

/// <summary>The names of <see cref="ApiScope"/> as settings, messages and the OpenAPI document spell them.</summary>
public static class ApiKeyScopes
{
    /// <summary>The accepted values, for messages.</summary>
    public const string Expected = "read, operate or admin";

    public static string Name(ApiScope scope) => scope switch
    {
        ApiScope.Read => "read",
        ApiScope.Operate => "operate",
        ApiScope.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Not a scope."),
    };

    /// <summary>
    /// <c>read</c>, <c>operate</c> or <c>admin</c> in any case, and nothing else: not a number, which
    /// <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/> would take.
    /// </summary>
    public static bool TryParse(string? text, out ApiScope scope)
    {
        foreach (var candidate in Enum.GetValues<ApiScope>())
        {
            if (string.Equals(text, Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                scope = candidate;
                return true;
            }
        }

        scope = default;
        return false;
    }

    /// <summary>Whether a key of <paramref name="granted"/> may do what needs <paramref name="needed"/>: each scope includes the lower ones.</summary>
    public static bool Covers(this ApiScope granted, ApiScope needed) => granted >= needed;
}
