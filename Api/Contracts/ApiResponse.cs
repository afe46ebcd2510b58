using System.Text.Json.Serialization;

namespace Kasparro.Api.Contracts;

/// <summary>
/// Every JSON body the API returns carries <c>request_id</c> and <c>timestamp</c>; the stamp filter
/// fills them in. Left null (and not written) on objects nested inside another response.
/// </summary>
public abstract record ApiResponse
{
    [JsonPropertyOrder(100)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RequestId { get; set; }

    [JsonPropertyOrder(101)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? Timestamp { get; set; }
}
