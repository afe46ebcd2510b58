using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// The REST API's contract against a co-hosted cluster, once in memory and once on PostgreSQL, with
/// the same data and the same expected values (see <see cref="ApiFixture"/>). Split by topic over partial files.
/// </summary>
public abstract partial class GatewayApiTests(ApiFixture fixture)
{
    protected ApiFixture Fixture { get; } = fixture;

    protected sealed record Reply(HttpStatusCode Status, JsonElement Body, string? MediaType, HttpResponseMessage Response);

    protected Task<Reply> GetAsync(string url, string? key = null) => SendAsync(HttpMethod.Get, url, key);

    protected async Task<Reply> SendAsync(HttpMethod method, string url, string? key = null, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add("X-API-Key", key);
        }

        if (body is not null)
        {
            request.Content = body is string text
                ? new StringContent(text, System.Text.Encoding.UTF8, "application/json")
                : JsonContent.Create(body);
        }

        var response = await Fixture.Http.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        var json = content.Length == 0 ? default : JsonDocument.Parse(content).RootElement.Clone();
        return new Reply(response.StatusCode, json, response.Content.Headers.ContentType?.MediaType, response);
    }

    /// <summary>Every JSON body carries request_id (echoed in X-Request-ID) and a UTC timestamp.</summary>
    protected static void AssertStamped(Reply reply)
    {
        var id = reply.Body.GetProperty("request_id").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(id, reply.Response.Headers.GetValues("X-Request-ID").Single());
        var timestamp = reply.Body.GetProperty("timestamp").GetDateTime();
        Assert.InRange(timestamp, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
    }

    /// <summary>A problem+json answer with the status, the request id, and (for a 400) the parameter named.</summary>
    protected static void AssertProblem(Reply reply, HttpStatusCode status, string? parameter = null)
    {
        Assert.Equal(status, reply.Status);
        Assert.Equal("application/problem+json", reply.MediaType);
        Assert.Equal((int)status, reply.Body.GetProperty("status").GetInt32());
        AssertStamped(reply);
        if (parameter is not null)
        {
            Assert.True(reply.Body.GetProperty("errors").TryGetProperty(parameter, out _), $"errors should name {parameter}: {reply.Body}");
            Assert.Contains(parameter, reply.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    protected static string[] Names(JsonElement obj) => obj.EnumerateObject().Select(p => p.Name).ToArray();

    protected static string[] Strings(JsonElement array, string property) =>
        array.EnumerateArray().Select(e => e.GetProperty(property).GetString()!).ToArray();
}

[Trait("Storage", "InMemory")]
public sealed class InMemoryGatewayApiTests(InMemoryApiFixture fixture) : GatewayApiTests(fixture), IClassFixture<InMemoryApiFixture>;

[Trait("Storage", "Postgres")]
public sealed class PostgresGatewayApiTests(PostgresApiFixture fixture) : GatewayApiTests(fixture), IClassFixture<PostgresApiFixture>;
