using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kasparro.Api.Http;

/// <summary>
/// Reads a request body as JSON, strictly: a key that appears twice in one object, as written or in
/// another case, is a 400 naming it. System.Text.Json alone would let the last one win, and since the
/// API matches names regardless of case, <c>{"enabled":false,"Enabled":true}</c> would quietly mean
/// true. The serializer refuses duplicates of the properties it binds too (<c>AllowDuplicateProperties</c>
/// is off in the gateway's options, for any body bound by the framework); this scan also covers keys it
/// does not bind, and names both spellings.
/// </summary>
public static class JsonBody
{
    /// <summary>The body as <typeparamref name="T"/>, or a 400 saying what is wrong with it (<paramref name="expected"/>: what it should be).</summary>
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options, string expected)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        var json = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        try
        {
            if (FindDuplicate(json.Span, options) is var (first, again))
            {
                var also = string.Equals(first, again, StringComparison.Ordinal) ? "" : $" (also as {Echo.Quote(again)})";
                var message = $"The body names the key {Echo.Quote(first)} twice{also}; a key may appear once in an object, "
                    + "and keys that differ only in case are the same key.";
                return (default, ApiProblems.BadRequest(message, new Dictionary<string, string[]> { [first] = [message] }));
            }

            return (JsonSerializer.Deserialize<T>(json.Span, options), null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a name that is not valid UTF-8 or UTF-16 (a lone surrogate escape).
            var path = (e as JsonException)?.Path;
            var where = string.IsNullOrEmpty(path) || path == "$" ? "the body" : Echo.Quote(path.TrimStart('$').TrimStart('.'));
            return (default, ApiProblems.BadRequest($"The body must be {expected}; {where} is not valid."));
        }
    }

    /// <summary>The first key seen twice in one object (as first written, and as written again), or null.</summary>
    public static (string First, string Again)? FindDuplicate(ReadOnlySpan<byte> json, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            AllowTrailingCommas = options.AllowTrailingCommas,
            CommentHandling = options.ReadCommentHandling,
            MaxDepth = options.MaxDepth,
        });

        // One entry per open container: the names seen in an object, null for an array.
        var open = new Stack<Dictionary<string, string>?>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    open.Push(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
                    break;
                case JsonTokenType.StartArray:
                    open.Push(null);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    open.Pop();
                    break;
                case JsonTokenType.PropertyName:
                    var name = reader.GetString()!;
                    var seen = open.Peek()!;
                    if (!seen.TryAdd(name, name))
                    {
                        return (seen[name], name);
                    }

                    break;
            }
        }

        return null;
    }
}
