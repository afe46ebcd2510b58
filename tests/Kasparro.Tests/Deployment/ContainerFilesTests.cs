using System.Text.RegularExpressions;
using Kasparro.Grains.Configuration;
using Kasparro.Hosting;
using Microsoft.Extensions.Configuration;
using Npgsql;
using static Kasparro.Tests.Deployment.RepoFiles;

namespace Kasparro.Tests.Deployment;

/// <summary>
/// No Docker engine runs here, so the Dockerfiles and the compose file are checked for what can be
/// checked without one: the paths they name exist, the ports they expose are the ones the processes
/// listen on, and the environment they set is configuration the code reads and accepts.
/// </summary>
public sealed partial class ContainerFilesTests
{
    public static TheoryData<string, string, string> Images => new()
    {
        { "deploy/docker/silo.Dockerfile", "Silo/Silo.csproj", "Kasparro.Silo.dll" },
        { "deploy/docker/api.Dockerfile", "Api/Api.csproj", "Kasparro.Api.dll" },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void A_Dockerfile_builds_its_project_in_the_sdk_and_runs_it_as_non_root_on_the_aspnet_runtime(string dockerfile, string project, string dll)
    {
        var text = Read(dockerfile);
        var froms = FromLine().Matches(text).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:10.0", "mcr.microsoft.com/dotnet/aspnet:10.0"], froms);

        var copies = CopyLine().Matches(text).Select(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.NotEmpty(copies);
        foreach (var parts in copies.Where(p => !p[0].StartsWith("--from", StringComparison.Ordinal)))
        {
            foreach (var source in parts[..^1])
            {
                Assert.True(File.Exists(PathOf(source)) || Directory.Exists(PathOf(source)), $"{dockerfile}: COPY {source} does not exist");
                Assert.DoesNotContain(IgnoredPaths(), i => source.TrimEnd('/').StartsWith(i.TrimEnd('/'), StringComparison.Ordinal));
            }
        }

        // Every project the image's project builds from is copied in (a new project would otherwise fail the image build only).
        foreach (var folder in ProjectFolders(project))
        {
            Assert.Contains($"COPY {folder}/ {folder}/", text);
        }

        Assert.Contains($"dotnet publish {project}", text);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{dll}\"]", text);
        Assert.Contains(AssemblyName(dll), Read(project));
        Assert.Matches(@"(?m)^USER \$APP_UID$", text);
        Assert.Matches(@"(?m)^HEALTHCHECK .*\n?.*127\.0\.0\.1/8080.*GET /health", text);
        Assert.Contains("ASPNETCORE_URLS=http://+:8080", text);
        Assert.Contains("8080", Exposed(text));
    }

    private static IEnumerable<string> ProjectFolders(string project)
    {
        var folder = Path.GetDirectoryName(project)!;
        var references = ProjectReference().Matches(Read(project))
            .Select(m => Path.GetRelativePath(PathOf("."), Path.GetFullPath(Path.Combine(PathOf(folder), m.Groups[1].Value.Replace('\\', '/')))));
        return references.SelectMany(ProjectFolders).Append(folder).Distinct();
    }

    [GeneratedRegex(@"<ProjectReference Include=""([^""]+)""")]
    private static partial Regex ProjectReference();

    [Fact]
    public void The_silo_image_exposes_the_silo_and_gateway_ports_it_configures()
    {
        var text = Read("deploy/docker/silo.Dockerfile");
        var configuration = Configuration(EnvLines(text));
        var cluster = KasparroOptions.ReadCluster(configuration);

        Assert.Contains(cluster.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Exposed(text));
        Assert.Contains(cluster.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Exposed(text));
    }

    [Fact]
    public void Compose_runs_postgres_two_silos_the_client_gateway_prometheus_and_grafana()
    {
        var services = Map(Yaml("deploy/docker-compose.yml"), "services");
        Assert.Equal(["api", "grafana", "postgres", "prometheus", "silo1", "silo2"], services.Keys.Order());

        foreach (var (name, node) in services)
        {
            var build = Map(node, "build");
            if (build.Count > 0)
            {
                var context = Path.GetFullPath(Path.Combine(PathOf("deploy"), Text(build, "context")!));
                Assert.True(File.Exists(Path.Combine(context, Text(build, "dockerfile")!)), $"{name}: dockerfile missing");
            }

            foreach (var volume in List(node, "volumes").Cast<string>().Where(v => v.StartsWith("./", StringComparison.Ordinal)))
            {
                var host = volume.Split(':')[0];
                Assert.True(File.Exists(PathOf("deploy/" + host[2..])) || Directory.Exists(PathOf("deploy/" + host[2..])), $"{name}: {host} missing");
            }
        }

        Assert.Equal("kasparro-silo:local", Text(services["silo1"], "image"));
        Assert.Equal("kasparro-silo:local", Text(services["silo2"], "image"));
        Assert.Equal("deploy/docker/silo.Dockerfile", Text(Map(services["silo1"], "build"), "dockerfile"));
        Assert.Equal("deploy/docker/api.Dockerfile", Text(Map(services["api"], "build"), "dockerfile"));
    }

    [Theory]
    [InlineData("silo1")]
    [InlineData("silo2")]
    [InlineData("api")]
    public void Compose_environment_is_valid_configuration_pointing_at_the_compose_database(string service)
    {
        var compose = Yaml("deploy/docker-compose.yml");
        var services = Map(compose, "services");
        var environment = Map(services[service], "environment").ToDictionary(e => e.Key, e => e.Value as string);
        var settings = KasparroOptions.ReadStorage(Configuration(environment));

        Assert.Equal(StorageProvider.Postgres, settings.Provider);
        var cs = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        var postgres = Map(services["postgres"], "environment");
        Assert.Equal("postgres", cs.Host);
        Assert.Equal((Text(postgres, "POSTGRES_DB"), Text(postgres, "POSTGRES_USER"), Text(postgres, "POSTGRES_PASSWORD")), (cs.Database, cs.Username, cs.Password));
        Assert.Equal("kasparro-compose", KasparroOptions.ReadCluster(Configuration(environment)).ClusterId);

        // Every published port reaches the container's HTTP port (ASPNETCORE_URLS in the images).
        Assert.All(List(services[service], "ports").Cast<string>(), p => Assert.EndsWith(":8080", p));
        if (service == "api")
        {
            Assert.Equal("Client", environment["Kasparro__Api__Mode"]);
            return;
        }

        var network = Map(Map(services[service], "networks"), "kasparro");
        Assert.Equal(Text(network, "ipv4_address"), KasparroOptions.ReadCluster(Configuration(environment)).AdvertisedIp()?.ToString());
        var subnet = Text(List(Map(Map(Map(compose, "networks"), "kasparro"), "ipam"), "config")[0], "subnet")!;
        Assert.StartsWith(subnet[..subnet.LastIndexOf('.')], Text(network, "ipv4_address"), StringComparison.Ordinal);
    }

    internal static IConfiguration Configuration(IEnumerable<KeyValuePair<string, string?>> environment) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => new KeyValuePair<string, string?>(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .Build();

    private static string AssemblyName(string dll) => $"<AssemblyName>{dll[..^4]}</AssemblyName>";

    private static string[] Exposed(string dockerfile) =>
        ExposeLine().Matches(dockerfile).SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();

    private static Dictionary<string, string?> EnvLines(string dockerfile) =>
        EnvPair().Matches(dockerfile).ToDictionary(m => m.Groups[1].Value, m => (string?)m.Groups[2].Value);

    private static string[] IgnoredPaths() =>
        Read(".dockerignore").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("**", StringComparison.Ordinal)).ToArray();

    [GeneratedRegex(@"(?m)^FROM (\S+)")]
    private static partial Regex FromLine();

    [GeneratedRegex(@"(?m)^COPY (.+)$")]
    private static partial Regex CopyLine();

    [GeneratedRegex(@"(?m)^EXPOSE (.+)$")]
    private static partial Regex ExposeLine();

    [GeneratedRegex(@"(Kasparro__\w+|ASPNETCORE_\w+)=(\S+)")]
    private static partial Regex EnvPair();
}
