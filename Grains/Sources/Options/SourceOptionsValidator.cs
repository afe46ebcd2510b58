using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Sources;

/// <summary>The ranges declared on <see cref="SourceOptions"/> and its parts, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class SourceOptionsValidator : IValidateOptions<SourceOptions>;
