using System.Security.Cryptography;
using Kasparro.Grains.Interfaces.Sources;

namespace Kasparro.Grains.Connectors.Csv;

/// <summary>
/// Tells whether a CSV file is still the one a checkpoint was taken on, grown or not. The hash of
/// its first bytes (those already read, up to 4 KiB) catches a replaced file; the hash of the bytes just before the checkpoint's
/// offset catches a file rewritten with the same head; a smaller size means a truncated one.
/// </summary>
public static class CsvFileIdentity
{
    public const int HashedBytes = 4096;
    public const int TailBytes = 256;

    /// <summary>Hash of the file's first bytes, up to <paramref name="offset"/> (what was read) and at most 4 KiB.</summary>
    public static string HeadHash(FileStream stream, long offset)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return HashRange(stream, 0, Math.Min(HashedBytes, Math.Min(offset, stream.Length)));
    }

    public static string TailHash(FileStream stream, long offset)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var start = Math.Max(0, offset - TailBytes);
        return HashRange(stream, start, offset - start);
    }

    /// <summary>True when reading may continue at the checkpoint's offset.</summary>
    public static bool CanResume(FileStream stream, CsvCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(checkpoint);
        return stream.Length >= checkpoint.ByteOffset
            && stream.Length >= checkpoint.FileSize
            && HeadHash(stream, checkpoint.ByteOffset) == checkpoint.HeadHash
            && TailHash(stream, checkpoint.ByteOffset) == checkpoint.TailHash;
    }

    private static string HashRange(FileStream stream, long start, long length)
    {
        var buffer = new byte[length];
        stream.Seek(start, SeekOrigin.Begin);
        stream.ReadExactly(buffer);
        return Convert.ToHexStringLower(SHA256.HashData(buffer));
    }
}
