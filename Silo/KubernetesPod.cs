namespace Kasparro.Silo;

/// <summary>
/// Whether this silo runs in a Kubernetes pod set up as deploy/k8s does it: the API server is
/// reachable (KUBERNETES_SERVICE_HOST, set by Kubernetes itself) and the downward API gave the pod
/// its name (POD_NAME). Only then is Orleans' Kubernetes hosting turned on: it names the silo after
/// the pod, advertises the pod IP, and declares silos dead whose pods are gone. Local runs, the
/// tests and docker compose never see both variables, so they are unaffected.
/// </summary>
internal static class KubernetesPod
{
    public static bool Detected =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"))
        && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("POD_NAME"));
}
