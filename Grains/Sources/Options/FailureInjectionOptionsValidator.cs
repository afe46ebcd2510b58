using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Sources;

/// <summary>The ranges declared on <see cref="FailureInjectionOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class FailureInjectionOptionsValidator : IValidateOptions<FailureInjectionOptions>;
