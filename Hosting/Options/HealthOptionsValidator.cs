using Microsoft.Extensions.Options;

namespace Kasparro.Hosting;

/// <summary>The range declared on <see cref="HealthOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class HealthOptionsValidator : IValidateOptions<HealthOptions>;
