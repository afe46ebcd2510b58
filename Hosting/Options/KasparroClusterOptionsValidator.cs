using Microsoft.Extensions.Options;

namespace Kasparro.Hosting;

/// <summary>The rules declared on <see cref="KasparroClusterOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class KasparroClusterOptionsValidator : IValidateOptions<KasparroClusterOptions>;
