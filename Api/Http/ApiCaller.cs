namespace Kasparro.Api.Http;

/// <summary>Which key a request came with, by its id (never the key), for the audit trail.</summary>
public static class ApiCaller
{
    /// <summary>Where the key filter leaves the id of the key that matched.</summary>
    public const string ItemKey = "kasparro.api-key-id";

    /// <summary>The id of the request's key, or <c>anonymous</c> when it came without one.</summary>
    public static string Id(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(ItemKey, out var id) && id is string s ? s : "anonymous";
    }
}
