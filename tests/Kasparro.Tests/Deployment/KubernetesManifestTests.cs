using System.Globalization;
using System.Text;
using Kasparro.Grains.Configuration;
using Kasparro.Hosting;
using static Kasparro.Tests.Deployment.RepoFiles;

namespace Kasparro.Tests.Deployment;

/// <summary>
/// Renders each overlay and checks what Orleans' Kubernetes hosting and the code need: the pod
/// labels and downward-API environment, RBAC on pods, graceful shutdown, at most one silo away,
/// probes on ports that exist, and configuration the code accepts with ports matching the containers.
/// </summary>
public sealed class KubernetesManifestTests
{
    /// <summary>What a pod is allowed beyond the host's shutdown timeout before Kubernetes SIGKILLs it.</summary>
    private const int ShutdownMarginSeconds = 10;

    public static TheoryData<string, string> Overlays => new()
    {
        { "deploy/k8s/overlays/dev", "kasparro-dev" },
        { "deploy/k8s/overlays/prod", "kasparro" },
    };

    public static TheoryData<string, string> ImageTags => new()
    {
        { "deploy/k8s/overlays/dev", "dev" },
        { "deploy/k8s/overlays/prod", "0.1.0" },
    };

    /// <summary>An overlay's images entry only takes effect under the name the base gave the image; a miss is silent.</summary>
    [KubectlTheory]
    [MemberData(nameof(ImageTags))]
    public void Each_overlay_runs_its_own_image_tag_never_latest(string overlay, string tag)
    {
        var k = Kustomize.Render(overlay);
        foreach (var (deployment, image) in new[] { ("kasparro-silo", "kasparro-silo"), ("kasparro-api", "kasparro-api") })
        {
            Assert.Equal($"ghcr.io/kasparro/{image}:{tag}", Text(Container(k.Get("Deployment", deployment)), "image"));
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public void Silos_carry_the_labels_environment_and_rbac_that_Orleans_kubernetes_hosting_needs(string overlay, string ns)
    {
        var k = Kustomize.Render(overlay);
        var silo = k.Get("Deployment", "kasparro-silo");
        var pod = Map(Map(silo, "spec"), "template");
        var labels = Map(Map(pod, "metadata"), "labels");
        var config = Map(k.Get("ConfigMap", "kasparro-config"), "data");

        Assert.Equal(Text(config, "Kasparro__Cluster__ServiceId"), Text(labels, "orleans/serviceId"));
        Assert.Equal(Text(config, "Kasparro__Cluster__ClusterId"), Text(labels, "orleans/clusterId"));

        var env = List(Container(silo), "env").ToDictionary(e => Text(e, "name")!, e => Text(Map(Map(e, "valueFrom"), "fieldRef"), "fieldPath") ?? Text(e, "value"));
        Assert.Equal("metadata.name", env["POD_NAME"]);
        Assert.Equal("metadata.namespace", env["POD_NAMESPACE"]);
        Assert.Equal("status.podIP", env["POD_IP"]);
        Assert.Equal("metadata.labels['orleans/serviceId']", env["ORLEANS_SERVICE_ID"]);
        Assert.Equal("metadata.labels['orleans/clusterId']", env["ORLEANS_CLUSTER_ID"]);
        Assert.Equal("$(POD_IP)", env["Kasparro__Cluster__AdvertisedAddress"]);

        var account = Text(Map(pod, "spec"), "serviceAccountName")!;
        Assert.True(k.Has("ServiceAccount", account));
        var rule = List(k.Get("Role", account), "rules").Single();
        Assert.Equal(["pods"], List(rule, "resources").Cast<string>());
        Assert.Equal(["delete", "get", "list", "patch", "watch"], List(rule, "verbs").Cast<string>().Order());
        var binding = k.Get("RoleBinding", account);
        Assert.Equal(account, Text(Map(binding, "roleRef"), "name"));
        Assert.Contains(List(binding, "subjects"), s => Text(s, "kind") == "ServiceAccount" && Text(s, "name") == account);

        Assert.All(k.Objects.Where(o => Text(o, "kind") != "Namespace"), o => Assert.Equal(ns, Text(Map(o, "metadata"), "namespace")));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public void Silos_shut_down_gracefully_and_never_more_than_one_is_away(string overlay, string ns)
    {
        _ = ns;
        var k = Kustomize.Render(overlay);
        var silo = k.Get("Deployment", "kasparro-silo");
        var spec = Map(silo, "spec");
        var config = Map(k.Get("ConfigMap", "kasparro-config"), "data");

        Assert.Equal("1", Text(Map(Map(spec, "strategy"), "rollingUpdate"), "maxUnavailable"));
        // A process exits within the host's shutdown timeout plus about a second, database or not
        // (Lifecycle/ShutdownTimeoutTests measures it); the margin leaves room for a busy node.
        var timeout = int.Parse(Text(config, "shutdownTimeoutSeconds")!, CultureInfo.InvariantCulture);
        foreach (var deployment in new[] { silo, k.Get("Deployment", "kasparro-api") })
        {
            var grace = int.Parse(Text(Map(Map(Map(deployment, "spec"), "template"), "spec"), "terminationGracePeriodSeconds")!, CultureInfo.InvariantCulture);
            Assert.True(timeout + ShutdownMarginSeconds <= grace, $"the host's shutdown ({timeout} s + {ShutdownMarginSeconds} s) must end before SIGKILL ({grace} s)");
        }

        var pdb = k.Get("PodDisruptionBudget", "kasparro-silo");
        Assert.Equal("1", Text(Map(pdb, "spec"), "maxUnavailable"));
        Assert.Equal(Map(Map(spec, "selector"), "matchLabels"), Map(Map(pdb, "spec"), "selector").GetValueOrDefault("matchLabels"));
        Assert.True(int.Parse(Text(spec, "replicas")!, CultureInfo.InvariantCulture) >= 2);
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public void Ports_probes_and_configuration_agree_with_what_the_code_reads(string overlay, string ns)
    {
        _ = ns;
        var k = Kustomize.Render(overlay);
        var config = Map(k.Get("ConfigMap", "kasparro-config"), "data");
        var secret = k.Has("Secret", "kasparro-secrets")
            ? Map(k.Get("Secret", "kasparro-secrets"), "data").ToDictionary(d => d.Key, d => (object?)Encoding.UTF8.GetString(Convert.FromBase64String(((string)d.Value!).Replace("\n", "", StringComparison.Ordinal))))
            : new Dictionary<string, object?> { ["ConnectionStrings__Kasparro"] = "Host=db;Database=kasparro" }; // prod: created out of band
        var environment = config.Concat(secret).Select(e => new KeyValuePair<string, string?>(e.Key, e.Value as string));
        var settings = KasparroOptions.ReadStorage(ContainerFilesTests.Configuration(environment));
        Assert.Equal(StorageProvider.Postgres, settings.Provider);
        Assert.True(settings.MigrateOnStart, "the first silo of a rollout migrates under the advisory lock");
        if (k.Has("Secret", "kasparro-secrets"))
        {
            Assert.Contains("Kasparro__Api__ApiKey", secret.Keys);
        }

        Assert.Equal("Client", Text(config, "Kasparro__Api__Mode"));
        var httpPort = Text(config, "ASPNETCORE_URLS")!.Split(':')[^1];

        foreach (var name in new[] { "kasparro-silo", "kasparro-api" })
        {
            var deployment = k.Get("Deployment", name);
            var container = Container(deployment);
            var ports = List(container, "ports").ToDictionary(p => Text(p, "name")!, p => Text(p, "containerPort"));
            Assert.Equal(httpPort, ports["http"]);
            Assert.Equal(["kasparro-config"], List(container, "envFrom").Select(e => Text(Map(e, "configMapRef"), "name")).OfType<string>());
            Assert.Equal(["kasparro-secrets"], List(container, "envFrom").Select(e => Text(Map(e, "secretRef"), "name")).OfType<string>());
            Assert.Equal("/health/ready", Text(Map(Map(container, "readinessProbe"), "httpGet"), "path"));
            Assert.Equal("/health/live", Text(Map(Map(container, "livenessProbe"), "httpGet"), "path"));
            foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
            {
                var port = Text(Map(Map(container, probe), "httpGet"), "port") ?? Text(Map(Map(container, probe), "tcpSocket"), "port");
                Assert.True(port is not null && ports.ContainsKey(port), $"{name} {probe} port {port} is not a named container port");
            }

            var resources = Map(container, "resources");
            Assert.NotEmpty(Map(resources, "requests"));
            Assert.NotEmpty(Map(resources, "limits"));
            var annotations = Map(Map(Map(Map(deployment, "spec"), "template"), "metadata"), "annotations");
            Assert.Equal(("true", httpPort, "/metrics"), (Text(annotations, "prometheus.io/scrape"), Text(annotations, "prometheus.io/port"), Text(annotations, "prometheus.io/path")));
            if (name == "kasparro-silo")
            {
                Assert.Equal(KasparroOptions.ReadCluster(ContainerFilesTests.Configuration(environment)).SiloPort.ToString(CultureInfo.InvariantCulture), ports["silo"]);
                Assert.Equal(KasparroOptions.ReadCluster(ContainerFilesTests.Configuration(environment)).GatewayPort.ToString(CultureInfo.InvariantCulture), ports["gateway"]);
            }
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays))]
    public void The_gateway_is_served_by_a_service_an_ingress_and_an_autoscaler(string overlay, string ns)
    {
        _ = ns;
        var k = Kustomize.Render(overlay);
        var api = k.Get("Deployment", "kasparro-api");
        var podLabels = Map(Map(Map(Map(api, "spec"), "template"), "metadata"), "labels");
        var service = Map(k.Get("Service", "kasparro-api"), "spec");
        Assert.All(Map(service, "selector"), s => Assert.Equal(s.Value, podLabels.GetValueOrDefault(s.Key)));
        var servicePort = List(service, "ports").Single();
        Assert.Equal("http", Text(servicePort, "targetPort"));

        var backend = Map(Map(List(Map(List(Map(k.Get("Ingress", "kasparro-api"), "spec"), "rules")[0], "http"), "paths")[0], "backend"), "service");
        Assert.Equal("kasparro-api", Text(backend, "name"));
        Assert.Equal(Text(servicePort, "name"), Text(Map(backend, "port"), "name"));

        var hpa = Map(k.Get("HorizontalPodAutoscaler", "kasparro-api"), "spec");
        Assert.Equal(("Deployment", "kasparro-api"), (Text(Map(hpa, "scaleTargetRef"), "kind"), Text(Map(hpa, "scaleTargetRef"), "name")));
        Assert.True(int.Parse(Text(hpa, "minReplicas")!, CultureInfo.InvariantCulture) <= int.Parse(Text(hpa, "maxReplicas")!, CultureInfo.InvariantCulture));
    }

    private static Dictionary<string, object?> Container(Dictionary<string, object?> deployment) =>
        (Dictionary<string, object?>)List(Map(Map(Map(deployment, "spec"), "template"), "spec"), "containers").Single()!;
}
