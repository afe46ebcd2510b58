namespace Kasparro.Grains.Connectors;

/// <summary>Reads a payload into memory up to a limit; a larger one fails with a clear error instead of exhausting memory.</summary>
public static class BoundedReader
{
    public const long DefaultLimit = 16 * 1024 * 1024;

    public static async Task<byte[]> ReadFileAsync(string path, long limit, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return await ReadAsync(file, limit, path, cancellationToken);
    }

    public static async Task<byte[]> ReadAsync(Stream stream, long limit, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new InvalidDataException($"{what} is larger than the limit of {limit / 1024 / 1024} MiB.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
