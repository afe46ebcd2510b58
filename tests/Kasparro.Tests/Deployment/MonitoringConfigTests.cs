using System.Text.Json;
using static Kasparro.Tests.Deployment.RepoFiles;

namespace Kasparro.Tests.Deployment;

/// <summary>Prometheus scrapes what compose runs; Grafana's dashboard queries metrics the code exports.</summary>
public sealed class MonitoringConfigTests
{
    private static readonly Dictionary<string, object?> Services = Map(Yaml("deploy/docker-compose.yml"), "services");

    [Fact]
    public void Prometheus_scrapes_every_silo_and_the_gateway_on_their_http_port()
    {
        var jobs = List(Yaml("deploy/prometheus/prometheus.yml"), "scrape_configs")
            .ToDictionary(j => Text(j, "job_name")!, j => List(List(j, "static_configs")[0], "targets").Cast<string>().Order().ToArray());

        var silos = Services.Keys.Where(s => s.StartsWith("silo", StringComparison.Ordinal)).Order().Select(s => $"{s}:8080").ToArray();
        Assert.Equal(silos, jobs["kasparro-silos"]);
        Assert.Equal(["api:8080"], jobs["kasparro-gateway"]);
        Assert.All(List(Yaml("deploy/prometheus/prometheus.yml"), "scrape_configs"), j => Assert.Equal("/metrics", Text(j, "metrics_path")));
    }

    [Fact]
    public void Grafana_is_provisioned_with_the_compose_prometheus_and_the_dashboard_folder_it_mounts()
    {
        var source = List(Yaml("deploy/grafana/provisioning/datasources/prometheus.yml"), "datasources")[0];
        Assert.Equal("http://prometheus:9090", Text(source, "url"));
        Assert.Contains("${KASPARRO_PROMETHEUS_PUBLISH:-9090}:9090", List(Services["prometheus"], "ports").Cast<string>());

        var provider = List(Yaml("deploy/grafana/provisioning/dashboards/kasparro.yml"), "providers")[0];
        var mounts = List(Services["grafana"], "volumes").Cast<string>().Select(v => v.Split(':')).ToDictionary(v => v[0], v => v[1]);
        Assert.Equal(Text(Map(provider, "options"), "path"), mounts["./grafana/dashboards"]);
        Assert.Equal("/etc/grafana/provisioning", mounts["./grafana/provisioning"]);
    }

    [Fact]
    public void The_dashboard_parses_and_every_metric_it_queries_is_exported_by_the_code()
    {
        using var dashboard = JsonDocument.Parse(Read("deploy/grafana/dashboards/kasparro.json"));
        var uid = Text(List(Yaml("deploy/grafana/provisioning/datasources/prometheus.yml"), "datasources")[0], "uid");
        var jobs = List(Yaml("deploy/prometheus/prometheus.yml"), "scrape_configs").Select(j => Text(j, "job_name")).ToHashSet();
        var used = new HashSet<string>();

        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row"))
        {
            Assert.Equal(uid, panel.GetProperty("datasource").GetProperty("uid").GetString());
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                var expr = target.GetProperty("expr").GetString()!;
                foreach (var name in MetricNames.In(expr))
                {
                    Assert.True(MetricNames.Exists(name), $"{panel.GetProperty("title")}: {name} is not a metric the services export");
                    used.Add(name);
                }

                foreach (var job in System.Text.RegularExpressions.Regex.Matches(expr, "job=\"([^\"]+)\"").Select(m => m.Groups[1].Value))
                {
                    Assert.Contains(job, jobs);
                }
            }
        }

        // Runs, records, durations, rejections, drift, anomalies and the Orleans cluster all have a panel.
        foreach (var family in new[] { "kasparro_runs", "kasparro_records", "kasparro_run_duration", "kasparro_rejections", "kasparro_drift", "kasparro_anomalies", "orleans_" })
        {
            Assert.Contains(used, u => u.StartsWith(family, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_metric_name_check_would_catch_a_typo() =>
        Assert.False(MetricNames.Exists("kasparro_runz_total"));
}
