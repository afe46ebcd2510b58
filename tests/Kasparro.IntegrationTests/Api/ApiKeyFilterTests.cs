using Kasparro.Api.Hosting;
using Kasparro.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Configuration;

namespace Kasparro.IntegrationTests.Api;

/// <summary>
/// The key filter on its own, with a <see cref="DefaultHttpContext"/>: which scope passes, what a refusal
/// says, and that a passing key's id (never the key) is what <see cref="ApiCaller.Id"/> gives.
/// </summary>
public sealed class ApiKeyFilterTests
{
    private const string Passed = "passed";

    private static readonly ApiSettings Settings = ApiSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Kasparro:Api:ApiKey"] = "legacy-key",
        ["Kasparro:Api:Keys:reader:Key"] = "reader-key",
        ["Kasparro:Api:Keys:reader:Scope"] = "read",
        ["Kasparro:Api:Keys:ops:Key"] = "ops-key",
        ["Kasparro:Api:Keys:ops:Scope"] = "operate",
        ["Kasparro:Api:Keys:boss:Key"] = "boss-key",
        ["Kasparro:Api:Keys:boss:Scope"] = "admin",
    }).Build());

    [Theory]
    [InlineData("reader-key", ApiScope.Read, "reader")]
    [InlineData("ops-key", ApiScope.Read, "ops")]
    [InlineData("ops-key", ApiScope.Operate, "ops")]
    [InlineData("boss-key", ApiScope.Operate, "boss")]
    [InlineData("boss-key", ApiScope.Admin, "boss")]
    [InlineData("legacy-key", ApiScope.Admin, "default")]
    public async Task A_key_of_the_scope_or_higher_passes_and_leaves_its_id(string key, ApiScope needed, string id)
    {
        var http = Request(key, ApiKeyRequirement.For(needed));

        Assert.Equal(Passed, await new ApiKeyFilter(Settings).InvokeAsync(new DefaultEndpointFilterInvocationContext(http), Next));
        Assert.Equal(id, ApiCaller.Id(http));
    }

    [Theory]
    [InlineData("reader-key", ApiScope.Operate, "This endpoint needs a key of scope 'operate' or higher; the key 'reader' has scope 'read'.")]
    [InlineData("reader-key", ApiScope.Admin, "This endpoint needs a key of scope 'admin'; the key 'reader' has scope 'read'.")]
    [InlineData("ops-key", ApiScope.Admin, "This endpoint needs a key of scope 'admin'; the key 'ops' has scope 'operate'.")]
    public async Task A_key_below_the_scope_is_403_naming_the_scope_the_key_and_its_scope(string key, ApiScope needed, string detail)
    {
        var http = Request(key, ApiKeyRequirement.For(needed));

        var problem = Assert.IsType<ProblemHttpResult>(await new ApiKeyFilter(Settings).InvokeAsync(new DefaultEndpointFilterInvocationContext(http), Next));

        Assert.Equal((StatusCodes.Status403Forbidden, detail), (problem.StatusCode, problem.ProblemDetails.Detail));
        Assert.Equal("anonymous", ApiCaller.Id(http));
    }

    [Theory]
    [InlineData(null, "The X-API-Key header is missing.")]
    [InlineData("nobody-key", "The X-API-Key header does not hold a configured key.")]
    [InlineData("", "The X-API-Key header does not hold a configured key.")]
    public async Task A_missing_or_unknown_key_is_401_with_a_challenge(string? key, string detail)
    {
        var http = Request(key, ApiKeyRequirement.For(ApiScope.Read));

        var problem = Assert.IsType<ProblemHttpResult>(await new ApiKeyFilter(Settings).InvokeAsync(new DefaultEndpointFilterInvocationContext(http), Next));

        Assert.Equal((StatusCodes.Status401Unauthorized, detail), (problem.StatusCode, problem.ProblemDetails.Detail));
        Assert.Equal("ApiKey header=\"X-API-Key\"", http.Response.Headers.WWWAuthenticate.ToString());
        Assert.DoesNotContain("nobody", problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_endpoints_own_requirement_counts_over_its_groups_and_none_means_admin()
    {
        // Group metadata comes first, the endpoint's own last: an admin group can hold an operate endpoint.
        var lowered = Request("ops-key", ApiKeyRequirement.For(ApiScope.Admin), ApiKeyRequirement.For(ApiScope.Operate));
        Assert.Equal(Passed, await new ApiKeyFilter(Settings).InvokeAsync(new DefaultEndpointFilterInvocationContext(lowered), Next));

        var raised = Request("ops-key", ApiKeyRequirement.For(ApiScope.Read), ApiKeyRequirement.For(ApiScope.Admin));
        Assert.IsType<ProblemHttpResult>(await new ApiKeyFilter(Settings).InvokeAsync(new DefaultEndpointFilterInvocationContext(raised), Next));

        var unmarked = Request("ops-key");
        var problem = Assert.IsType<ProblemHttpResult>(await new ApiKeyFilter(Settings).InvokeAsync(new DefaultEndpointFilterInvocationContext(unmarked), Next));
        Assert.Contains("'admin'", problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_filter_and_the_endpoints_own_check_once_and_a_caller_id_set_elsewhere_skips_nothing()
    {
        var filter = new ApiKeyFilter(Settings);
        var nested = Request("ops-key", ApiKeyRequirement.For(ApiScope.Operate));
        var result = await filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(nested), c =>
        {
            // The inner filter sees the header removed: it passes on the outer one's check, not by checking again.
            c.HttpContext.Request.Headers.Remove(ApiKeyFilter.HeaderName);
            return filter.InvokeAsync(c, Next);
        });
        Assert.Equal((Passed, "ops"), (result, ApiCaller.Id(nested)));

        var spoofed = Request(null, ApiKeyRequirement.For(ApiScope.Read));
        spoofed.Items[ApiCaller.ItemKey] = "boss";
        var refused = Assert.IsType<ProblemHttpResult>(await filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(spoofed), Next));
        Assert.Equal(StatusCodes.Status401Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Without_any_key_configured_the_filter_is_403_naming_the_settings()
    {
        var none = ApiSettings.Load(new ConfigurationBuilder().Build());
        var http = Request("anything", ApiKeyRequirement.For(ApiScope.Read));

        var problem = Assert.IsType<ProblemHttpResult>(await new ApiKeyFilter(none).InvokeAsync(new DefaultEndpointFilterInvocationContext(http), Next));

        Assert.Equal(StatusCodes.Status403Forbidden, problem.StatusCode);
        Assert.Contains("Kasparro:Api:ApiKey", problem.ProblemDetails.Detail, StringComparison.Ordinal);
        Assert.Contains("Kasparro:Api:Keys:{id}:Key", problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    private static ValueTask<object?> Next(EndpointFilterInvocationContext context) => ValueTask.FromResult<object?>(Passed);

    private static DefaultHttpContext Request(string? key, params object[] metadata)
    {
        var http = new DefaultHttpContext();
        http.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(metadata), "test"));
        if (key is not null)
        {
            http.Request.Headers[ApiKeyFilter.HeaderName] = key;
        }

        return http;
    }
}
