using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Sources;

/// <summary>The range declared on <see cref="RunOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class RunOptionsValidator : IValidateOptions<RunOptions>;
