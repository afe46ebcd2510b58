using Kasparro.Grains.Sources;

namespace Kasparro.Tests.Sources;

/// <summary>How a pause reason is kept: trimmed, clipped, none when empty.</summary>
public sealed class PauseReasonTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \t\n ")]
    public void An_empty_reason_is_none(string? reason) => Assert.Null(SourceGrain.CleanReason(reason));

    [Fact]
    public void A_reason_is_trimmed() => Assert.Equal("vendor maintenance", SourceGrain.CleanReason("  vendor maintenance \n"));

    [Fact]
    public void A_long_reason_is_clipped_to_the_limit()
    {
        var clipped = SourceGrain.CleanReason(new string('x', 2000));

        Assert.Equal(new string('x', SourceGrain.MaxPauseReasonLength), clipped);
    }

    [Fact]
    public void Clipping_never_splits_a_surrogate_pair()
    {
        // The pair straddles the limit: its high half is the last character that would be kept.
        var reason = new string('x', SourceGrain.MaxPauseReasonLength - 1) + "\U0001F680" + "tail";

        var clipped = SourceGrain.CleanReason(reason)!;

        Assert.Equal(SourceGrain.MaxPauseReasonLength - 1, clipped.Length);
        Assert.False(char.IsHighSurrogate(clipped[^1]));
    }
}
