using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Configuration;

/// <summary>The ranges declared on <see cref="StorageOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;
