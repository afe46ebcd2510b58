namespace Kasparro.Grains.Configuration;

/// <summary>
/// A setting is missing or wrong, or a resource it names cannot be reached. The message names the
/// setting; hosts print it as the one line a user needs and exit non-zero.
/// </summary>
public sealed class KasparroConfigurationException(string message, Exception? innerException = null)
    : Exception(message, innerException);
