using System.Net;
using System.Text.Json;

namespace Kasparro.IntegrationTests.Control;

/// <summary>Every control endpoint refuses a key one scope too low with 403 naming the scope it needs, and changes nothing.</summary>
public sealed class ControlScopeTests(ControlPlaneFixture fixture) : IClassFixture<ControlPlaneFixture>
{
    public static TheoryData<string, string, string> Endpoints => new()
    {
        { "POST", "/sources/declared/runs", "operate" },
        { "POST", "/sources/declared/pause", "operate" },
        { "POST", "/sources/declared/resume", "operate" },
        { "PUT", "/sources/declared/failure-injection", "operate" },
        { "POST", $"/runs/{Guid.NewGuid()}/cancel", "operate" },
        { "PUT", "/sources/scoped-new", "admin" },
        { "DELETE", "/sources/declared", "admin" },
        { "POST", "/sources/declared/reset", "admin" },
        { "POST", $"/sources/declared/replay?from_run={Guid.NewGuid()}", "admin" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_key_below_the_scope_an_endpoint_needs_is_403(string method, string path, string scope)
    {
        var below = scope == "admin" ? ControlPlaneFixture.OpsKey : ControlPlaneFixture.ReaderKey;
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative))
        {
            Content = method is "PUT" ? new StringContent("""{"kind":"csv","url":"x.csv","enabled":true}""", System.Text.Encoding.UTF8, "application/json") : null,
        };
        request.Headers.Add(ControlPlaneFixture.Header, below);

        using var answer = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.Contains($"scope '{scope}'", detail, StringComparison.Ordinal);
        var status = JsonDocument.Parse(await fixture.Http.GetStringAsync(new Uri("/sources/declared", UriKind.Relative))).RootElement.GetProperty("status");
        Assert.Equal(JsonValueKind.Null, status.GetProperty("paused").ValueKind);
    }
}
