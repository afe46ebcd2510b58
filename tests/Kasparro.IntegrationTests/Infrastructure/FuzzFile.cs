namespace Kasparro.IntegrationTests.Infrastructure;

/// <summary>A mutated file, what was done to it, and the ids of the rows that must land whatever happens.</summary>
public sealed record FuzzFile(int Index, byte[] Bytes, IReadOnlyList<string> Mutations, IReadOnlyList<string> UnmutatedIds);
