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
    private const string Dockerfile = "deploy/docker/Dockerfile";

    public static TheoryData<string, string, string> Images => new()
    {
        { "silo", "Silo/Silo.csproj", "Kasparro.Silo.dll" },
        { "api", "Api/Api.csproj", "Kasparro.Api.dll" },
    };

    [Fact]
    public void The_build_stage_restores_and_publishes_both_projects_once_in_the_sdk()
    {
        var text = Read(Dockerfile);
        Assert.Equal(["${SDK_IMAGE} AS build", "${RUNTIME_IMAGE} AS silo", "${RUNTIME_IMAGE} AS api"], FromLine().Matches(text).Select(m => m.Groups[1].Value));
        // The real images unless a build argument names others (containers.sh's offline stand-ins).
        Assert.Matches(@"(?m)^ARG SDK_IMAGE=mcr\.microsoft\.com/dotnet/sdk:10\.0$", text);
        Assert.Matches(@"(?m)^ARG RUNTIME_IMAGE=mcr\.microsoft\.com/dotnet/aspnet:10\.0$", text);

        var copies = CopyLine().Matches(text).Select(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        foreach (var parts in copies.Where(p => !p[0].StartsWith("--from", StringComparison.Ordinal)))
        {
            foreach (var source in parts[..^1])
            {
                Assert.True(File.Exists(PathOf(source)) || Directory.Exists(PathOf(source)), $"{Dockerfile}: COPY {source} does not exist");
                Assert.DoesNotContain(IgnoredPaths(), i => source.TrimEnd('/').StartsWith(i.TrimEnd('/'), StringComparison.Ordinal));
            }
        }

        // Every project either image builds from is copied in (a new project would otherwise fail the image build only).
        foreach (var (_, project, _) in Images.Select(row => ((string)row[0], (string)row[1], (string)row[2])))
        {
            foreach (var folder in ProjectFolders(project))
            {
                Assert.Contains($"COPY {folder}/ {folder}/", text);
            }

            Assert.Contains($"dotnet restore {project}", text);
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void A_target_runs_its_published_project_as_non_root_on_the_aspnet_runtime(string target, string project, string dll)
    {
        var stage = Stage(target);
        Assert.Contains($"dotnet publish {project} -c Release -o /out/{target}", Read(Dockerfile));
        Assert.Contains($"COPY --from=build /out/{target} ./", stage);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{dll}\"]", stage);
        Assert.Contains(AssemblyName(dll), Read(project));
        Assert.Matches(@"(?m)^USER \$APP_UID$", stage);
        Assert.Matches(@"(?m)^HEALTHCHECK .*\n?.*127\.0\.0\.1/8080.*GET /health", stage);
        Assert.Contains("ASPNETCORE_URLS=http://+:8080", stage);
        Assert.Contains("8080", Exposed(stage));
    }

    /// <summary>The text of one FROM ... AS <paramref name="target"/> stage, up to the next FROM.</summary>
    private static string Stage(string target)
    {
        var text = Read(Dockerfile);
        var start = text.IndexOf($" AS {target}\n", StringComparison.Ordinal);
        Assert.True(start > 0, $"{Dockerfile} has no stage {target}");
        var end = text.IndexOf("\nFROM ", start, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
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
        var text = Stage("silo");
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

        foreach (var (service, target) in new[] { ("silo1", "silo"), ("silo2", "silo"), ("api", "api") })
        {
            Assert.Equal(Dockerfile, Text(Map(services[service], "build"), "dockerfile"));
            Assert.Equal(target, Text(Map(services[service], "build"), "target"));
            // A process that starts before the database answers exits; the engine starts it again.
            Assert.Equal("on-failure", Text(services[service], "restart"));
        }

        Assert.Equal("${KASPARRO_SILO_IMAGE:-kasparro-silo:local}", Text(services["silo1"], "image"));
        Assert.Equal("${KASPARRO_SILO_IMAGE:-kasparro-silo:local}", Text(services["silo2"], "image"));
        Assert.Equal("${KASPARRO_API_IMAGE:-kasparro-api:local}", Text(services["api"], "image"));
    }

    [Fact]
    public void Compose_keeps_to_what_compose_v2_docker_compose_1_29_and_podman_accept_and_pins_no_address()
    {
        var compose = Yaml("deploy/docker-compose.yml");
        Assert.False(compose.ContainsKey("name"), "docker-compose 1.29 refuses a top-level name: (give -p)");
        Assert.False(compose.ContainsKey("networks"), "the default network only: a fixed subnet collides between projects");
        var script = Read("deploy/local/containers.sh");
        var variables = new HashSet<string>();
        foreach (var (name, node) in Map(compose, "services"))
        {
            Assert.False(((Dictionary<string, object?>)node!).ContainsKey("networks"), $"{name}: per-service networks");
            Assert.DoesNotContain("Kasparro__Cluster__AdvertisedAddress", Map(node, "environment").Keys);

            // Every published port can be moved by the smoke test to one the engine picks.
            foreach (var port in List(node, "ports").Cast<string>())
            {
                var match = PublishedPort().Match(port);
                Assert.True(match.Success, $"{name}: port {port} is not ${{KASPARRO_*_PUBLISH:-port}}:port");
                Assert.True(variables.Add(match.Groups[1].Value), $"{name}: {match.Groups[1].Value} used twice");
                Assert.Contains($"{match.Groups[1].Value}=127.0.0.1:", script);
            }
        }

        Assert.Equal(5, variables.Count);
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
        Assert.All(List(services[service], "ports").Cast<string>(), p => Assert.EndsWith("}:8080", p));
        if (service == "api")
        {
            Assert.Equal("Client", environment["Kasparro__Api__Mode"]);
            return;
        }

        // No advertised address: each silo advertises its container's own.
        Assert.Null(KasparroOptions.ReadCluster(Configuration(environment)).AdvertisedIp());
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

    [GeneratedRegex(@"^\$\{(KASPARRO_[A-Z0-9]+_PUBLISH):-\d+\}:\d+$")]
    private static partial Regex PublishedPort();

    [GeneratedRegex(@"(?m)^FROM (.+)$")]
    private static partial Regex FromLine();

    [GeneratedRegex(@"(?m)^COPY (.+)$")]
    private static partial Regex CopyLine();

    [GeneratedRegex(@"(?m)^EXPOSE (.+)$")]
    private static partial Regex ExposeLine();

    [GeneratedRegex(@"(Kasparro__\w+|ASPNETCORE_\w+)=(\S+)")]
    private static partial Regex EnvPair();
}
