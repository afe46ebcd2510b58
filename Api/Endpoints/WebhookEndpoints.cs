using System.Text.Json;
using Kasparro.Api.Contracts;
using Kasparro.Api.Http;
using Kasparro.Grains.Interfaces.Alerts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Kasparro.Api.Endpoints;

/// <summary>
/// Webhook subscriptions as resources, all for admin keys: list, <c>GET</c>, <c>PUT</c> (create or
/// replace, idempotent), <c>DELETE</c> <c>/alerts/webhooks/{id}</c>, and a test send. Each is one call to
/// the webhook registry (or the test grain), which validates a subscription as it validates
/// configuration and refuses to change one configuration declares (409 naming the key). The version
/// is the <c>ETag</c>; a change with <c>If-Match</c> of another version is 412. No answer carries a secret.
/// </summary>
public static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhookReadApi(this RouteGroupBuilder group)
    {
        group.MapGet("/alerts/webhooks", ListAsync).Describe("Alerts", "ListWebhooks", "The webhook subscriptions",
            "Every subscription by id: url, kinds and sources wanted (empty: all), format (standard or slack), enabled, managed_by "
            + "(configuration or api), version. Secrets are never shown: secret_set says one is there. Needs an admin key.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithExamples(null, WebhookExamples.List)
            .RequireApiKey(ApiScope.Admin);
        group.MapGet("/alerts/webhooks/{id}", GetAsync).Describe("Alerts", "GetWebhook", "A webhook subscription",
            "The subscription without its secret; the version is also the ETag header, for If-Match. Needs an admin key. 404 for an unknown id.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithExamples(null, WebhookExamples.View)
            .RequireApiKey(ApiScope.Admin);
        return group;
    }

    public static RouteGroupBuilder MapWebhookWriteApi(this RouteGroupBuilder group)
    {
        group.MapPut("/alerts/webhooks/{id}", PutAsync).Describe("Alerts", "PutWebhook", "Create or replace a webhook subscription",
            "The body: url (http or https; a host of Kasparro:Alerts:AllowedHosts when that is set), kinds and sources (empty or left out: "
            + "all), format (standard, the default, or slack), secret (required to create; 16 to 256 bytes, or whsec_ and base64; left out "
            + "on a replace, the stored one stays) and enabled (default true). An unknown field is a 400. 201 when it creates the "
            + "subscription, 200 when it replaces it (the same definition again changes nothing). Needs an admin key. 400 lists every bad "
            + "field; 409 for a webhook configuration declares; 412 when If-Match names another version.")
            .Accepts<JsonElement>("application/json")
            .WithExamples(WebhookExamples.Body, WebhookExamples.View, StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireApiKey(ApiScope.Admin);
        group.MapDelete("/alerts/webhooks/{id}", DeleteAsync).Describe("Alerts", "DeleteWebhook", "Delete a webhook subscription",
            "It gets nothing more; its deliveries not made yet are cancelled. Needs an admin key. 404 for an unknown id, 409 for a webhook "
            + "configuration declares, 412 on a stale If-Match.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireApiKey(ApiScope.Admin);
        group.MapPost("/alerts/webhooks/{id}/test", TestAsync).Describe("Alerts", "TestWebhook", "Send a sample event to a webhook",
            "Sends an alert.test event to the subscription at once, signed and guarded like every delivery (disabled or not), and says what "
            + "the receiver answered. Nothing is stored or retried. A refusal is still a 200: delivered false, with the status code (null: "
            + "no answer) or the error. Needs an admin key. 404 for an unknown id.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithExamples(null, WebhookExamples.Tested)
            .RequireApiKey(ApiScope.Admin);
        return group;
    }

    private static async Task<Ok<WebhookListResponse>> ListAsync(IGrainFactory grains) =>
        TypedResults.Ok(new WebhookListResponse([.. (await Registry(grains).GetAll()).Select(WebhookView.From)]));

    private static async Task<Ok<WebhookView>> GetAsync([FromRoute(Name = "id")] string id, HttpResponse response, IGrainFactory grains)
    {
        var subscription = await Registry(grains).Find(id) ?? throw WebhookNotFoundException.For(id);
        response.Headers.ETag = IfMatch.ETag(subscription.Version);
        return TypedResults.Ok(WebhookView.From(subscription));
    }

    private static async Task<Results<Created<WebhookView>, Ok<WebhookView>, ProblemHttpResult>> PutAsync(
        [FromRoute(Name = "id")] string id, HttpContext context, IGrainFactory grains, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (ifMatch, badTag) = IfMatch.Read(context.Request);
        if (badTag is not null)
        {
            return badTag;
        }

        var (body, invalid) = await JsonBody.ReadAsync<JsonElement>(context.Request, json.Value.SerializerOptions, "a JSON object: the webhook's definition");
        if (invalid is not null)
        {
            return invalid;
        }

        var (definition, errors) = WebhookBodyJson.Read(body, id);
        if (definition is null)
        {
            return ApiProblems.BadRequest(string.Join(" ", errors.Values.SelectMany(e => e)), errors);
        }

        var result = await Registry(grains).Put(id, definition, ifMatch, ApiCaller.Id(context));
        context.Response.Headers.ETag = IfMatch.ETag(result.Subscription.Version);
        var view = WebhookView.From(result.Subscription);
        return result.Created ? TypedResults.Created($"/alerts/webhooks/{result.Subscription.Id}", view) : TypedResults.Ok(view);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync([FromRoute(Name = "id")] string id, HttpContext context, IGrainFactory grains)
    {
        var (ifMatch, badTag) = IfMatch.Read(context.Request);
        if (badTag is not null)
        {
            return badTag;
        }

        await Registry(grains).Delete(id, ifMatch, ApiCaller.Id(context));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<WebhookTestView>> TestAsync([FromRoute(Name = "id")] string id, HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(WebhookTestView.From(await grains.GetGrain<IWebhookTestGrain>(0).Send(id, ApiCaller.Id(context))));

    private static IWebhookRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<IWebhookRegistryGrain>(0);
}
