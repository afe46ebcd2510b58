using System.Net;
using System.Text.Json;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// What the source control endpoints refuse before asking the cluster (bad input, no key), and how the
/// OpenAPI document describes them. None of these reaches the source registry.
/// </summary>
public sealed class SourceControlInputTests(SourceControlGateway gateway) : IClassFixture<SourceControlGateway>
{
    private static readonly string[] Paths = ["/sources/{source}/pause", "/sources/{source}/resume", "/sources/{source}/reset", "/sources/{source}/replay"];

    [Theory]
    [InlineData("{not json")]
    [InlineData("[\"reason\"]")]
    [InlineData("{\"reason\": 5}")]
    [InlineData("{\"reason\": \"a\", \"Reason\": \"b\"}")]
    public async Task A_pause_body_that_is_not_a_reason_object_is_a_400(string body)
    {
        var reply = await gateway.PostAsync("/sources/ctl/pause", body: body);

        SourceControlGateway.AssertProblem(reply, HttpStatusCode.BadRequest);
        Assert.False((await gateway.Source("ctl").GetStatus()).Paused is not null, "a refused pause pauses nothing");
    }

    [Theory]
    [InlineData("/sources/ctl/replay")]
    [InlineData("/sources/ctl/replay?from_run=")]
    [InlineData("/sources/ctl/replay?from_run=tuesday")]
    [InlineData("/sources/ctl/replay?from_run=3f2b1c1e-0000-4000-8000-000000000001&from_run=3f2b1c1e-0000-4000-8000-000000000002")]
    public async Task Replay_names_from_run_when_it_is_missing_or_not_one_run_id(string url)
    {
        SourceControlGateway.AssertProblem(await gateway.PostAsync(url), HttpStatusCode.BadRequest, "from_run");
    }

    [Theory]
    [InlineData("/sources/ctl/pause")]
    [InlineData("/sources/ctl/resume")]
    [InlineData("/sources/ctl/reset")]
    [InlineData("/sources/ctl/replay?from_run=3f2b1c1e-0000-4000-8000-000000000001")]
    public async Task Every_control_endpoint_needs_the_key(string url)
    {
        SourceControlGateway.AssertProblem(await gateway.PostAsync(url, key: null), HttpStatusCode.Unauthorized);
        SourceControlGateway.AssertProblem(await gateway.PostAsync(url, key: SourceControlGateway.ApiKey + "x"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_openapi_document_describes_each_with_an_example_and_its_problems()
    {
        using var document = JsonDocument.Parse(await gateway.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");

        foreach (var path in Paths)
        {
            var operation = paths.GetProperty(path).GetProperty("post");
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), path);
            Assert.Contains("scope", operation.GetProperty("description").GetString(), StringComparison.Ordinal);
            var responses = operation.GetProperty("responses");
            Assert.All(new[] { "200", "400", "401", "403", "404", "503" }, code => Assert.True(responses.TryGetProperty(code, out _), $"{path} documents {code}"));
            Assert.Equal("ApiKey", operation.GetProperty("security")[0].EnumerateObject().Single().Name);
            var example = responses.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("example");
            Assert.Equal("csv", example.GetProperty("id").GetString());
            Assert.True(example.TryGetProperty("paused", out _), $"{path}'s example shows paused");
        }

        Assert.True(paths.GetProperty("/sources/{source}/reset").GetProperty("post").GetProperty("responses").TryGetProperty("409", out _));
        Assert.True(paths.GetProperty("/sources/{source}/replay").GetProperty("post").GetProperty("responses").TryGetProperty("409", out _));
        var pause = paths.GetProperty("/sources/{source}/pause").GetProperty("post");
        var paused = pause.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("paused");
        Assert.Equal("ops-team", paused.GetProperty("by").GetString());
        var request = pause.GetProperty("requestBody");
        Assert.False(request.TryGetProperty("required", out var required) && required.GetBoolean(), "the pause body is optional");
        Assert.False(string.IsNullOrEmpty(request.GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("reason").GetString()));
        var reset = paths.GetProperty("/sources/{source}/reset").GetProperty("post").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal(0, reset.GetProperty("checkpoint").GetProperty("records_committed").GetInt64());
    }
}
