using System.Globalization;
using Kasparro.Grains.Interfaces.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kasparro.Api.Http;

/// <summary>
/// Reads query and route values, collecting every problem with the parameter it concerns, so one
/// 400 names all of them. Each reader returns null (or the fallback) for an absent value. A source
/// id is not checked here: the grain asked refuses one the silos do not define (see <see cref="ApiExceptionHandler"/>).
/// </summary>
public sealed class QueryInput
{
    public const int DefaultPerPage = 50;
    public const int MaxPerPage = 100;

    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    /// <summary>page (from 1) and per_page (from 1 to 100).</summary>
    public PageRequest Paging(string? page, string? perPage, int defaultSize = DefaultPerPage) =>
        new(WholeNumber("page", page, 1, int.MaxValue) ?? 1, WholeNumber("per_page", perPage, 1, MaxPerPage) ?? defaultSize);

    /// <summary>
    /// As <see cref="Paging(string?, string?, int)"/>, with <paramref name="aliasName"/> taken as another name for per_page
    /// (what an endpoint called its page size before it paged like the others). Given both, they must agree:
    /// two different sizes are a 400 naming the alias, never a silent pick of one.
    /// </summary>
    public PageRequest Paging(string? page, string? perPage, string aliasName, string? alias, int defaultSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(aliasName);
        var number = WholeNumber("page", page, 1, int.MaxValue) ?? 1;
        var size = WholeNumber("per_page", perPage, 1, MaxPerPage);
        var aliased = WholeNumber(aliasName, alias, 1, MaxPerPage);
        Require(size is null || aliased is null || size == aliased, aliasName,
            $"{aliasName} is another name for per_page: give one of them, or both alike; got per_page {size} and {aliasName} {aliased}.");
        return new(number, size ?? aliased ?? defaultSize);
    }

    /// <summary>The key an asset list's <c>cursor</c> (a <c>next_cursor</c> of an earlier answer) encodes; see <see cref="AssetCursor"/>.</summary>
    public AssetKey? Cursor(string name, string? text)
    {
        if (text is null)
        {
            return null;
        }

        return AssetCursor.Decode(text)
            ?? Fail<AssetKey?>(name, $"{name} must be the next_cursor of an earlier answer, unchanged; got {Echo.Quote(text)}.");
    }

    public int? WholeNumber(string name, string? text, int min, int max)
    {
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        return Fail<int?>(name, $"{name} must be a whole number from {min} to {max}; got {Echo.Quote(text)}.");
    }

    public decimal? Money(string name, string? text)
    {
        if (text is null)
        {
            return null;
        }

        const NumberStyles Styles = NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign;
        return decimal.TryParse(text, Styles, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : Fail<decimal?>(name, $"{name} must be a number of at least 0, such as 12.5; got {Echo.Quote(text)}.");
    }

    public DateTime? Time(string name, string? text)
    {
        if (text is null)
        {
            return null;
        }

        const DateTimeStyles Styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Styles, out var value)
            ? value.UtcDateTime
            : Fail<DateTime?>(name, $"{name} must be an ISO 8601 time such as 2024-01-15T10:00:00Z; got {Echo.Quote(text)}.");
    }

    /// <summary>A symbol (1 to 64 characters), upper-cased as symbols are stored.</summary>
    public string? Symbol(string name, string? text)
    {
        if (text is null)
        {
            return null;
        }

        return text.Length is >= 1 and <= 64 && !text.Any(char.IsControl) && !text.Any(char.IsWhiteSpace)
            ? text.ToUpperInvariant()
            : Fail<string?>(name, $"{name} must be 1 to 64 characters without spaces; got {Echo.Quote(text)}.");
    }

    public Guid? Uuid(string name, string? text, bool required)
    {
        if (text is null)
        {
            return required ? Fail<Guid?>(name, $"{name} is required: a run id (a UUID).") : null;
        }

        return Guid.TryParse(text, out var id) ? id : Fail<Guid?>(name, $"{name} must be a run id (a UUID); got {Echo.Quote(text)}.");
    }

    /// <summary>One of <paramref name="allowed"/> (as written), or a 400 listing them.</summary>
    public string? OneOf(string name, string? text, params string[] allowed)
    {
        if (text is null)
        {
            return null;
        }

        return allowed.Contains(text, StringComparer.Ordinal)
            ? text
            : Fail<string?>(name, $"{name} must be one of {string.Join(", ", allowed)}; got {Echo.Quote(text)}.");
    }

    /// <summary>Records a problem with <paramref name="name"/> unless <paramref name="ok"/>.</summary>
    public void Require(bool ok, string name, string message)
    {
        if (!ok)
        {
            Fail<object?>(name, message);
        }
    }

    /// <summary>A 400 naming every problem found, or null when there is none.</summary>
    public ProblemHttpResult? Problem() =>
        _errors.Count == 0 ? null : ApiProblems.BadRequest(string.Join(" ", _errors.Values.SelectMany(e => e)), _errors);

    private T Fail<T>(string name, string message)
    {
        _errors[name] = _errors.TryGetValue(name, out var existing) ? [.. existing, message] : [message];
        return default!;
    }
}
