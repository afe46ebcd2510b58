using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Cluster;

/// <summary>The ranges declared on <see cref="ReadRetryOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class ReadRetryOptionsValidator : IValidateOptions<ReadRetryOptions>;
