using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Clustering;

/// <summary>The control plane's HTTP calls as the cluster tests make them, and the reads they check with.</summary>
public static class ControlPlaneHttp
{
    /// <summary>A CSV source definition in the API's snake_case.</summary>
    public static string CsvBody(string file, string interval, int batchSize) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["kind"] = "csv", ["url"] = file, ["interval"] = interval, ["batch_size"] = batchSize });

    public static async Task<HttpResponseMessage> PutAsync(HttpClient http, string id, string body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/sources/{id}", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        return await http.SendAsync(request);
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The runs of <paramref name="source"/> in the run log (newest first, up to 100).</summary>
    public static async Task<IReadOnlyList<JsonElement>> RunsAsync(HttpClient http, string source) =>
        [.. (await GetJsonAsync(http, $"/runs?source={source}&per_page=100")).GetProperty("runs").EnumerateArray()];

    /// <summary>Waits for a successful run of <paramref name="source"/> that <paramref name="wanted"/> accepts; returns it.</summary>
    public static Task<JsonElement> SuccessfulRunAsync(HttpClient http, string source, Func<JsonElement, bool> wanted, string what) =>
        Eventually.Until(
            async () => (await RunsAsync(http, source)).FirstOrDefault(r => r.GetProperty("status").GetString() == "success" && wanted(r)),
            r => r.ValueKind == JsonValueKind.Object,
            TimeSpan.FromSeconds(60),
            what);

    /// <summary>How many assets <c>GET /data</c> lists for <paramref name="source"/>.</summary>
    public static async Task<long> AssetCountAsync(HttpClient http, string source) =>
        (await GetJsonAsync(http, $"/data?source={source}&per_page=1")).GetProperty("pagination").GetProperty("total_items").GetInt64();

    /// <summary>The audit trail of <paramref name="source"/>, newest first.</summary>
    public static async Task<IReadOnlyList<JsonElement>> EventsAsync(HttpClient http, string source) =>
        [.. (await GetJsonAsync(http, $"/sources/{source}/events")).GetProperty("data").EnumerateArray()];

    /// <summary>The ids <c>GET /sources</c> lists.</summary>
    public static async Task<IReadOnlyList<string>> SourceIdsAsync(HttpClient http) =>
        [.. (await GetJsonAsync(http, "/sources")).GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];

    /// <summary>Asserts a problem+json answer with <paramref name="status"/>; returns its body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
}
