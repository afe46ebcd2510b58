using Microsoft.Extensions.Options;

namespace Kasparro.Hosting;

/// <summary><c>Kasparro:Reminders:MinimumPeriod</c>, set on Orleans' <see cref="ReminderOptions"/>, must be positive.</summary>
public sealed class ReminderRules : IValidateOptions<ReminderOptions>
{
    public const string MinimumPeriodKey = "Kasparro:Reminders:MinimumPeriod";

    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.MinimumReminderPeriod > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{MinimumPeriodKey} is '{options.MinimumReminderPeriod:c}': expected a positive duration such as 00:00:05.");
    }
}
