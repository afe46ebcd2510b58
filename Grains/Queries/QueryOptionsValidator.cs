using Microsoft.Extensions.Options;

namespace Kasparro.Grains.Queries;

/// <summary>The range declared on <see cref="QueryOptions"/>, checked by generated code.</summary>
[OptionsValidator]
public sealed partial class QueryOptionsValidator : IValidateOptions<QueryOptions>;
