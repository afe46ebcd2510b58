using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Kasparro.Grains.Interfaces.Assets;
using Kasparro.Grains.Interfaces.Queries;

namespace Kasparro.Api.Http;

/// <summary>
/// The <c>cursor</c> of <c>/data</c>: the key of the last asset of a page (<see cref="AssetKey"/>) as
/// base64url (no padding) of a small versioned JSON object, <c>{"v":1,"cap":"12.50"|null,"src":"...","id":"..."}</c>.
/// The market cap is an invariant-culture string, so every digit and the scale come back exactly as
/// stored. The cursor is opaque to clients, not secret and not signed: a key only names a position in a
/// list the caller may read anyway. Anything else (not base64url, not that JSON, another version, a
/// cap that is not a decimal, text PostgreSQL cannot hold) decodes to nothing, and the gateway answers 400.
/// </summary>
public static class AssetCursor
{
    /// <summary>The longest cursor read (characters); a key of two ids of 1,000 characters fits.</summary>
    public const int MaxLength = 4096;

    private const int Version = 1;

    /// <summary>The cursor of the page after <paramref name="page"/>: its last row's key when the page is full, else null (the list ends).</summary>
    public static string? Next(Page<AssetQuote> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.Items.Count == 0 || page.Items.Count < page.Request.Size
            ? null
            : Encode(new AssetKey(page.Items[^1].MarketCap, page.Items[^1].Source, page.Items[^1].ExternalId));
    }

    public static string Encode(AssetKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("v", Version);
            if (key.MarketCap is { } cap)
            {
                json.WriteString("cap", cap.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                json.WriteNull("cap");
            }

            json.WriteString("src", key.Source);
            json.WriteString("id", key.ExternalId);
            json.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    /// <summary>The key <paramref name="text"/> encodes, or null when it is not a cursor <see cref="Encode"/> could have written.</summary>
    public static AssetKey? Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length is 0 or > MaxLength)
        {
            return null;
        }

        var bytes = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        // The OperationStatus form: TryDecodeFromChars throws on a character that is not base64url.
        if (Base64Url.DecodeFromChars(text, bytes, out _, out var written) != OperationStatus.Done)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory(0, written));
            return Read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static AssetKey? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var seen = 0;
        var version = 0;
        var capSeen = false;
        string? cap = null;
        string? source = null;
        string? id = null;
        foreach (var property in root.EnumerateObject())
        {
            seen++;
            var value = property.Value;
            switch (property.Name)
            {
                case "v" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var v):
                    version = v;
                    break;
                case "cap" when value.ValueKind is JsonValueKind.Null or JsonValueKind.String:
                    (capSeen, cap) = (true, value.ValueKind == JsonValueKind.Null ? null : value.GetString());
                    break;
                case "src" when value.ValueKind == JsonValueKind.String:
                    source = value.GetString();
                    break;
                case "id" when value.ValueKind == JsonValueKind.String:
                    id = value.GetString();
                    break;
                default:
                    return null;
            }
        }

        // Four names, each once (a repeated name counts twice), of this version, each string one PostgreSQL can hold.
        if (seen != 4 || version != Version || !capSeen || !Storable(source) || !Storable(id))
        {
            return null;
        }

        const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        if (cap is null)
        {
            return new AssetKey(null, source, id);
        }

        return decimal.TryParse(cap, Styles, CultureInfo.InvariantCulture, out var marketCap) ? new AssetKey(marketCap, source, id) : null;
    }

    /// <summary>Non-empty, no NUL (a PostgreSQL text cannot hold one) and well-formed UTF-16 (no lone surrogate).</summary>
    private static bool Storable([NotNullWhen(true)] string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsLowSurrogate(c) || (char.IsHighSurrogate(c) && (++i >= text.Length || !char.IsLowSurrogate(text[i]))))
            {
                return false;
            }
        }

        return true;
    }
}
