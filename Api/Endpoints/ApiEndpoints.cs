using Kasparro.Api.Hosting;
using Kasparro.Api.Http;

namespace Kasparro.Api.Endpoints;

/// <summary>
/// The REST API. Reads and writes are two groups: writes always need an API key (admin unless an
/// endpoint says less with <c>RequireApiKey(ApiScope)</c>), reads a key of any scope only when
/// <c>Kasparro:Api:RequireKeyForReads</c> is set. Every response is stamped with request_id and timestamp;
/// reads are tried again on the surviving silos when a silo dies under them (<see cref="ReadRetryFilter"/>).
/// A new endpoint goes in one of the groups; a new list endpoint reads its paging with
/// <see cref="QueryInput.Paging(string?, string?, int)"/> and answers with <c>ListResponse.From(page, view)</c>.
/// </summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapKasparroApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var settings = endpoints.ServiceProvider.GetRequiredService<ApiSettings>();

        var reads = endpoints.MapGroup("").AddEndpointFilter<StampFilter>();
        if (settings.RequireKeyForReads)
        {
            reads.RequireApiKey(ApiScope.Read);
        }

        // Innermost: a read that failed because a silo died runs again on the survivors.
        reads.AddEndpointFilter<ReadRetryFilter>();

        reads.MapDataApi();
        reads.MapRunApi();
        reads.MapStatsApi();
        reads.MapSourceReadApi();
        reads.MapSourceDefinitionReadApi();
        reads.MapSourceEventApi();
        reads.MapDriftApi();
        reads.MapAlertApi();
        reads.MapWebhookReadApi(); // admin keys only, on each endpoint

        // admin unless an endpoint asks for less: a write that forgets to say its scope is not open to more keys.
        var writes = endpoints.MapGroup("").AddEndpointFilter<StampFilter>().RequireApiKey(ApiScope.Admin);
        writes.MapSourceWriteApi();
        writes.MapSourceDefinitionWriteApi();
        writes.MapRunWriteApi();
        writes.MapWebhookWriteApi();

        // Each control endpoint names the scope its key needs (operate or admin).
        endpoints.MapGroup("").AddEndpointFilter<StampFilter>().MapSourceControlApi();
        return endpoints;
    }

    /// <summary>The parts of a typical read endpoint's OpenAPI description.</summary>
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, string tag, string name, string summary, string description) =>
        builder.WithTags(tag).WithName(name).WithSummary(summary).WithDescription(description)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
