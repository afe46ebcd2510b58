using System.Text.Json.Serialization;
using Kasparro.Grains.Interfaces.Queries;

namespace Kasparro.Api.Contracts;

/// <summary>
/// Where a page sits in its list. <see cref="TotalEstimated"/> is present (true) only when total_items
/// (and so total_pages) is an estimate: a list of more items than the store counts one by one.
/// <see cref="Page"/> is absent on a page asked for by cursor (its number is not known); <see cref="NextCursor"/>
/// is present where a list pages by cursor (<c>/data</c>) and a page is full: the cursor of the page after it.
/// </summary>
public sealed record Pagination(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Page,
    int PerPage,
    long TotalItems,
    long TotalPages,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? TotalEstimated = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextCursor = null)
{
    public static Pagination From<T>(Page<T> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new Pagination(
            page.Request.AfterAsset is null ? page.Request.Number : null, page.Request.Size, page.TotalItems, page.TotalPages, page.TotalEstimated ? true : null);
    }
}

/// <summary>A page of any list: <c>data</c> and <c>pagination</c>. New list endpoints answer with this.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Data, Pagination Pagination) : ApiResponse;

/// <summary>Builds <see cref="ListResponse{T}"/>s.</summary>
public static class ListResponse
{
    /// <summary>A page of stored items as a list response of their views.</summary>
    public static ListResponse<T> From<TItem, T>(Page<TItem> page, Func<TItem, T> view)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new ListResponse<T>(page.Items.Select(view).ToArray(), Pagination.From(page));
    }
}
