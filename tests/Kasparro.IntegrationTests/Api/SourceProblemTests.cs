using Kasparro.Api.Http;
using Kasparro.Grains.Interfaces.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Kasparro.IntegrationTests.Api;

/// <summary>The grains' source exceptions, answered in one place: 404, 400 for a <c>?source=</c> filter, 409.</summary>
public sealed class SourceProblemTests
{
    [Fact]
    public void An_unknown_source_asked_for_is_404()
    {
        var problem = ApiExceptionHandler.Map(new UnknownSourceException("nope", ["alpha", "beta"]), Request("/sources/nope/runs", ""));

        Assert.Equal((404, "Not found", "No source 'nope' is configured."), (problem.Status, problem.Title, problem.Detail));
    }

    [Fact]
    public void An_unknown_source_filter_is_400_naming_the_parameter_and_the_known_sources()
    {
        var problem = ApiExceptionHandler.Map(new UnknownSourceException("nope", ["alpha", "beta"]), Request("/data", "?source=nope"));

        const string Detail = "source 'nope' is not a configured source; expected one of alpha, beta.";
        Assert.Equal((400, "Invalid request", Detail), (problem.Status, problem.Title, problem.Detail));
        Assert.Equal([Detail], Assert.IsType<HttpValidationProblemDetails>(problem).Errors["source"]);
    }

    [Fact]
    public void A_disabled_source_is_409_naming_the_setting()
    {
        var problem = ApiExceptionHandler.Map(new SourceDisabledException("off", "Kasparro:Sources:off:Enabled"));

        Assert.Equal((409, "Conflict", "Source 'off' is disabled: set Kasparro:Sources:off:Enabled=true to run it."),
            (problem.Status, problem.Title, problem.Detail));
    }

    [Fact]
    public void The_exceptions_cross_the_wire_with_their_fields()
    {
        using var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(UnknownSourceException).Assembly)).BuildServiceProvider();
        var codec = services.GetRequiredService<Serializer>();

        var unknown = codec.Deserialize<UnknownSourceException>(codec.SerializeToArray(new UnknownSourceException("x", ["a", "b"])));
        var disabled = codec.Deserialize<SourceDisabledException>(codec.SerializeToArray(new SourceDisabledException("off", "K:off:Enabled")));

        Assert.Equal("x", unknown!.SourceId);
        Assert.Equal(["a", "b"], unknown.KnownSources!);
        Assert.Equal(("off", "K:off:Enabled"), (disabled!.SourceId, disabled.Setting));
    }

    private static HttpRequest Request(string path, string query)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = path;
        http.Request.QueryString = new QueryString(query);
        return http.Request;
    }
}
