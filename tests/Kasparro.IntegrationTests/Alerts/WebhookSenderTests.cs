using System.Text;
using Kasparro.Grains.Alerts;
using Kasparro.Grains.Interfaces.Alerts;

namespace Kasparro.IntegrationTests.Alerts;

/// <summary>The sender against a real receiver on loopback: signing, redirects, caps and timeouts.</summary>
public sealed class WebhookSenderTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_delivery_is_signed_so_a_receiver_can_verify_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var harness = new SenderHarness();
        var delivery = SenderHarness.Delivery();

        var attempt = await harness.SendAsync(receiver.UrlFor("/hooks/ops"), delivery);

        Assert.Equal(200, attempt.StatusCode);
        Assert.Null(attempt.Error);
        Assert.Equal(1, attempt.Number);
        var got = Assert.Single(receiver.Received);
        Assert.Equal("POST", got.Method);
        Assert.Equal("/hooks/ops", got.Path);
        Assert.Equal(delivery.DeliveryId, got.WebhookId);
        Assert.True(got.SignatureVerifies(SenderHarness.Secret));
        Assert.False(got.SignatureVerifies("whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("another key"))));
        var timestamp = long.Parse(got.Header("webhook-timestamp")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.StartsWith("application/json", got.Header("Content-Type"), StringComparison.Ordinal);
        Assert.StartsWith("Kasparro-Webhooks/", got.Header("User-Agent"), StringComparison.Ordinal);
        Assert.Equal(WebhookBody.Build(delivery, WebhookFormats.Standard), got.Body);
        Assert.DoesNotContain(harness.Logs.Entries, e => e.Message.Contains(SenderHarness.Secret[6..20], StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Logs.Entries, e => e.Message.Contains("/hooks/ops", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_not_followed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = r => r.Path == "/hook" ? WebhookAnswer.Redirect(307, $"http://localhost:{receiver.Port}/elsewhere") : WebhookAnswer.Ok;
        using var harness = new SenderHarness();

        var attempt = await harness.SendAsync(receiver.UrlFor());

        Assert.Equal(307, attempt.StatusCode);
        Assert.Contains("host 'localhost'", attempt.Error, StringComparison.Ordinal);
        Assert.Contains("not followed", attempt.Error, StringComparison.Ordinal);
        Assert.Single(receiver.Received);
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_307_or_308_to_the_same_host_is_followed_with_the_same_signed_body(int status)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = r => r.Path == "/hook" ? WebhookAnswer.Redirect(status, "/moved") : WebhookAnswer.With(202);
        using var harness = new SenderHarness();

        var attempt = await harness.SendAsync(receiver.UrlFor());

        Assert.Equal(202, attempt.StatusCode);
        Assert.Null(attempt.Error);
        var (first, second) = (receiver.Received[0], receiver.Received[1]);
        Assert.Equal(("POST", "/moved"), (second.Method, second.Path));
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Header("webhook-signature"), second.Header("webhook-signature"));
        Assert.True(second.SignatureVerifies(SenderHarness.Secret));
    }

    [Fact]
    public async Task Redirects_stop_after_three()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = r => WebhookAnswer.Redirect(307, $"/loop{r.Number}");
        using var harness = new SenderHarness();

        var attempt = await harness.SendAsync(receiver.UrlFor());

        Assert.Equal(307, attempt.StatusCode);
        Assert.Contains("more than 3 times", attempt.Error, StringComparison.Ordinal);
        Assert.Equal(4, receiver.Received.Count);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    public async Task Other_redirects_are_not_followed(int status)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = r => r.Path == "/hook" ? WebhookAnswer.Redirect(status, "/moved") : WebhookAnswer.Ok;
        using var harness = new SenderHarness();

        var attempt = await harness.SendAsync(receiver.UrlFor());

        Assert.Equal(status, attempt.StatusCode);
        Assert.Contains($"({status})", attempt.Error, StringComparison.Ordinal);
        Assert.Contains("not followed", attempt.Error, StringComparison.Ordinal);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task A_huge_answer_is_read_only_up_to_the_cap()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        const long huge = 4L * 1024 * 1024 * 1024;
        receiver.Answer = _ => WebhookAnswer.Huge(500, huge);
        using var harness = new SenderHarness(o => (o.MaxResponseBytes, o.RequestTimeout) = (4096, TimeSpan.FromSeconds(30)));

        var attempt = await harness.SendAsync(receiver.UrlFor());

        Assert.Equal(500, attempt.StatusCode);
        Assert.StartsWith("The receiver answered 500: xxxx", attempt.Error, StringComparison.Ordinal);
        Assert.True(attempt.Error!.Length <= WebhookSender.MaxErrorText + 40, attempt.Error.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(attempt.DurationMs < 20_000, $"took {attempt.DurationMs} ms");
        Assert.True(receiver.BodyBytesSent < huge / 4, $"{receiver.BodyBytesSent} bytes went out");
    }

    [Fact]
    public async Task A_slow_receiver_times_out_within_the_request_timeout()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => WebhookAnswer.Slow(TimeSpan.FromMinutes(2));
        using var harness = new SenderHarness(o => o.RequestTimeout = TimeSpan.FromSeconds(1));

        var attempt = await harness.SendAsync(receiver.UrlFor());

        Assert.Null(attempt.StatusCode);
        Assert.Contains("Kasparro:Alerts:RequestTimeout", attempt.Error, StringComparison.Ordinal);
        Assert.InRange(attempt.DurationMs, 900, 8_000);
    }

    [Fact]
    public async Task The_metadata_address_is_refused_at_once()
    {
        using var harness = new SenderHarness(o => o.RequestTimeout = TimeSpan.FromSeconds(60));

        var attempt = await harness.SendAsync("http://169.254.169.254/latest/meta-data/");

        Assert.Null(attempt.StatusCode);
        Assert.Contains("link-local", attempt.Error, StringComparison.Ordinal);
        Assert.True(attempt.DurationMs < Quick.TotalMilliseconds, $"took {attempt.DurationMs} ms");
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Blocking_private_networks_refuses_loopback_by_address_or_name(string host)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var harness = new SenderHarness(o => o.BlockPrivateNetworks = true);

        var attempt = await harness.SendAsync($"http://{host}:{receiver.Port}/hook");

        Assert.Null(attempt.StatusCode);
        Assert.Contains("BlockPrivateNetworks", attempt.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task A_host_off_the_allow_list_is_refused_before_anything_is_sent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var harness = new SenderHarness(o => o.AllowedHosts.Add("hooks.example.com"));

        var attempt = await harness.SendAsync(receiver.UrlFor());

        Assert.Null(attempt.StatusCode);
        Assert.Contains("Kasparro:Alerts:AllowedHosts", attempt.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/hook")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    public async Task Only_http_and_https_urls_are_used(string url)
    {
        using var harness = new SenderHarness();

        var attempt = await harness.SendAsync(url);

        Assert.Null(attempt.StatusCode);
        Assert.Contains("http or https", attempt.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_port_is_a_network_error_not_an_exception()
    {
        int port;
        await using (var receiver = await WebhookReceiver.StartAsync())
        {
            port = receiver.Port;
        }

        using var harness = new SenderHarness();

        var attempt = await harness.SendAsync($"http://127.0.0.1:{port}/hook");

        Assert.Null(attempt.StatusCode);
        Assert.False(string.IsNullOrEmpty(attempt.Error));
    }
}
