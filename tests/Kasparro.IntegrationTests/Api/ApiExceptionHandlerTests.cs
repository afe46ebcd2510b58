using Kasparro.Api.Http;
using Kasparro.Grains.Interfaces.Storage;
using Npgsql;

namespace Kasparro.IntegrationTests.Api;

/// <summary>What status each database failure becomes, however it reaches the gateway.</summary>
public sealed class ApiExceptionHandlerTests
{
    public static TheoryData<Exception> Unavailable => new()
    {
        DatabaseUnavailableException.For("53300"),
        // A grain whose state cannot be read fails to activate; Orleans wraps the storage's error.
        new OrleansException("Error from storage provider during ReadStateAsync", DatabaseUnavailableException.For(null)),
        // Standalone, database work outside a grain: the driver's exception arrives as it is.
        new NpgsqlException("Failed to connect to 127.0.0.1:5432"),
    };

    [Theory]
    [MemberData(nameof(Unavailable))]
    public void Database_outages_are_503_naming_the_database(Exception exception)
    {
        var problem = ApiExceptionHandler.Map(exception);
        Assert.Equal(503, problem.Status);
        Assert.Equal("The database cannot be reached; try again.", problem.Detail);
    }

    [Fact]
    public void A_statement_the_database_refused_is_a_500_without_its_text()
    {
        var problem = ApiExceptionHandler.Map(DatabaseFailedException.For("42P01"));
        Assert.Equal(500, problem.Status);
        Assert.DoesNotContain("42P01", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_conflict_is_not_the_cluster()
    {
        var conflict = new Orleans.Storage.InconsistentStateException("ETag mismatch", "1", "2");
        var problem = ApiExceptionHandler.Map(conflict);

        Assert.Equal(503, problem.Status);
        Assert.Contains("being reloaded", problem.Detail, StringComparison.Ordinal);
        Assert.False(ApiExceptionHandler.IsClusterFailure(conflict));
    }

    [Fact]
    public void The_cluster_is_still_the_cluster() =>
        Assert.Equal("The cluster cannot be reached; try again.", ApiExceptionHandler.Map(new OrleansException("no gateway")).Detail);
}
