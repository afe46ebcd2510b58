namespace Kasparro.Api.Contracts;

/// <summary><c>GET /alerts</c>: a page of alerts like every list (<c>data</c>, <c>pagination</c>), and the deliveries of all alerts by state.</summary>
public sealed record AlertsResponse(IReadOnlyList<AlertView> Data, Pagination Pagination, AlertCountsView Deliveries) : ApiResponse;
