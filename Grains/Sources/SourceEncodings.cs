using System.Text;
using Kasparro.Grains.Configuration;

namespace Kasparro.Grains.Sources;

/// <summary>
/// The <c>Kasparro:Sources:{id}:Encoding</c> setting: the text encoding of a file source (default
/// UTF-8; a UTF-8 byte order mark always wins). Only UTF-8 and single-byte encodings that keep
/// ASCII as ASCII (latin1 / iso-8859-1, windows-1252, iso-8859-15, ...) are accepted: the CSV reader
/// then finds commas, quotes and line breaks in the file's own bytes, so checkpoint byte offsets
/// stay exact file offsets, and each field is decoded from its bytes with the source's encoding.
/// </summary>
public static class SourceEncodings
{
    public const string Key = "Encoding";

    /// <summary>UTF-8 without a BOM of its own; invalid bytes are found by validation, not replaced unseen.</summary>
    public static Encoding Default { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    static SourceEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>True for the default UTF-8 (validated per record rather than decoded with replacement).</summary>
    public static bool IsUtf8(Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return encoding.CodePage == Encoding.UTF8.CodePage;
    }

    /// <summary>Reads the setting; a missing or blank value is UTF-8. Fails at start with a message that names the key.</summary>
    public static Encoding Parse(string? text, string key)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        Encoding encoding;
        try
        {
            encoding = Encoding.GetEncoding(text.Trim());
        }
        catch (ArgumentException)
        {
            throw new KasparroConfigurationException(
                $"{key} is '{text}': not a known encoding; use utf-8 (the default), latin1 (iso-8859-1) or windows-1252.");
        }

        if (IsUtf8(encoding))
        {
            return Default;
        }

        if (!encoding.IsSingleByte || !KeepsAscii(encoding))
        {
            throw new KasparroConfigurationException(
                $"{key} is '{text}': only UTF-8 and single-byte encodings that keep ASCII as ASCII (such as latin1 or windows-1252) are supported.");
        }

        return encoding;
    }

    /// <summary>Every ASCII byte decodes to itself, so CSV syntax reads the same in the raw bytes.</summary>
    private static bool KeepsAscii(Encoding encoding)
    {
        var ascii = new byte[128];
        for (var i = 0; i < ascii.Length; i++)
        {
            ascii[i] = (byte)i;
        }

        var text = encoding.GetString(ascii);
        return text.Length == 128 && text.Select((c, i) => c == i).All(same => same);
    }
}
