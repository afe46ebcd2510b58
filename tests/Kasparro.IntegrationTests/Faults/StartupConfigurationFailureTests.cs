using Kasparro.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Kasparro.IntegrationTests.Faults;

/// <summary>
/// The real Silo and Api processes started with a bad setting: whether the binder cannot convert it,
/// a start-up decision refuses it while the host is configured, or an option validated when the host
/// starts (<c>ValidateOnStart</c>) fails, each ends with exit code 2 and one <c>kasparro:</c> line
/// naming the key.
/// </summary>
public sealed class StartupConfigurationFailureTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("Silo", "Kasparro__Cluster__SiloPort", "70000", "Kasparro:Cluster:SiloPort must be between 1 and 65535.")]
    [InlineData("Silo", "Kasparro__Health__DegradedAfterSiloDeath", "soon", "Kasparro:Health:DegradedAfterSiloDeath is 'soon': expected a duration")]
    [InlineData("Silo", "Kasparro__Queries__CacheDuration", "00:11:00", "Kasparro:Queries:CacheDuration must be between 00:00:00 and 00:10:00.")]
    [InlineData("Api", "Kasparro__Cluster__Membership__NumMissedProbesLimit", "0", "Kasparro:Cluster:Membership:NumMissedProbesLimit is '0'")]
    [InlineData("Api", "Kasparro__Api__RequireKeyForReads", "true", "Kasparro:Api:RequireKeyForReads is true but no key is set")]
    [InlineData("Api", "Kasparro__Sources__csv__Resilience__MaxAttempts", "50", "Kasparro:Sources:csv:Resilience:MaxAttempts must be between 1 and 20.")]
    public async Task A_bad_setting_ends_the_start_with_one_line_naming_the_key_and_exit_code_2(string host, string variable, string value, string expected)
    {
        var cs = await TestPostgres.CreateDatabaseAsync("config");
        try
        {
            var run = await StartupDatabaseFailureTests.RunAsync(host, cs, new Dictionary<string, string> { [variable] = value });

            var line = StartupDatabaseFailureTests.AssertOneLineExit(run, host, output);
            Assert.StartsWith("kasparro: configuration error: ", line, StringComparison.Ordinal);
            Assert.Contains(expected, line, StringComparison.Ordinal);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }
}
