using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// Scopes through the gateway: a run and failure injection need <c>operate</c>, reads (when required)
/// any key; a lower scope is 403 problem+json naming what is needed, an unknown key 401, and the older
/// single key is an admin key.
/// </summary>
public sealed class ApiKeyScopeTests(ScopedKeyFixture fixture) : IClassFixture<ScopedKeyFixture>
{
    [Fact]
    public async Task Starting_a_run_needs_operate()
    {
        using var refused = await SendAsync(HttpMethod.Post, "/sources/scoped/runs", ScopedKeyFixture.ReaderKey);
        await AssertForbiddenAsync(refused, "This endpoint needs a key of scope 'operate' or higher; the key 'reader' has scope 'read'.");

        foreach (var key in new[] { ScopedKeyFixture.OpsKey, ScopedKeyFixture.BossKey, ScopedKeyFixture.LegacyKey })
        {
            using var accepted = await SendAsync(HttpMethod.Post, "/sources/scoped/runs", key);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }
    }

    [Fact]
    public async Task Setting_failure_injection_needs_operate()
    {
        var body = new { enabled = false };
        using var refused = await SendAsync(HttpMethod.Put, "/sources/scoped/failure-injection", ScopedKeyFixture.ReaderKey, body);
        await AssertForbiddenAsync(refused, "This endpoint needs a key of scope 'operate' or higher; the key 'reader' has scope 'read'.");

        foreach (var key in new[] { ScopedKeyFixture.OpsKey, ScopedKeyFixture.BossKey, ScopedKeyFixture.LegacyKey })
        {
            using var applied = await SendAsync(HttpMethod.Put, "/sources/scoped/failure-injection", key, body);
            Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        }
    }

    [Fact]
    public async Task Protected_reads_take_a_key_of_any_scope()
    {
        foreach (var key in new[] { ScopedKeyFixture.ReaderKey, ScopedKeyFixture.OpsKey, ScopedKeyFixture.BossKey, ScopedKeyFixture.LegacyKey })
        {
            using var read = await SendAsync(HttpMethod.Get, "/sources", key);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        using var anonymous = await SendAsync(HttpMethod.Get, "/sources", key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/data")]
    [InlineData("POST", "/sources/scoped/runs")]
    [InlineData("PUT", "/sources/scoped/failure-injection")]
    public async Task An_unknown_key_is_401_with_a_challenge(string method, string path)
    {
        using var reply = await SendAsync(new HttpMethod(method), path, "no-such-key", new { enabled = false });

        Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
        Assert.Equal("application/problem+json", reply.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-API-Key", reply.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("no-such-key", await reply.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task AssertForbiddenAsync(HttpResponseMessage reply, string detail)
    {
        Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);
        Assert.Equal("application/problem+json", reply.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await reply.Content.ReadAsStringAsync());
        Assert.Equal(detail, doc.RootElement.GetProperty("detail").GetString());
        Assert.Equal(403, doc.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("request_id").GetString()));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add("X-API-Key", key);
        }

        if (body is not null && method != HttpMethod.Get)
        {
            request.Content = JsonContent.Create(body);
        }

        return await fixture.Http.SendAsync(request);
    }
}
