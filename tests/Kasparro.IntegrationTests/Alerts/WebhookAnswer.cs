namespace Kasparro.IntegrationTests.Alerts;

/// <summary>
/// What a <see cref="WebhookReceiver"/> answers one request with: a status, after an optional delay
/// (cut short when the client goes away), with an optional Location and body; or
/// <see cref="BodyBytes"/> bytes of filler streamed (a huge answer; the receiver records how many
/// went out before the client hung up).
/// </summary>
public sealed record WebhookAnswer(int Status, TimeSpan Delay = default, string? Location = null, string? Body = null, long BodyBytes = 0)
{
    public static WebhookAnswer Ok { get; } = new(200);

    public static WebhookAnswer With(int status, string? body = null) => new(status, Body: body);

    public static WebhookAnswer Redirect(int status, string location) => new(status, Location: location);

    public static WebhookAnswer Slow(TimeSpan delay, int status = 200) => new(status, Delay: delay);

    public static WebhookAnswer Huge(int status, long bytes) => new(status, BodyBytes: bytes);
}
