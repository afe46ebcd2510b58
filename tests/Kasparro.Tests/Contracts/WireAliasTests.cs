using System.Reflection;
using Kasparro.Grains.Interfaces.Sources;
using Kasparro.Grains.Sources;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.TypeSystem;

namespace Kasparro.Tests.Contracts;

/// <summary>
/// Every name Orleans puts on the wire or into stored state is an alias, never a CLR name: grain
/// interfaces and their methods (the invokers a silo of another version must find), serialized
/// types and the contracts' enums (type names written where a field's type is not enough). A type
/// or method can then be renamed or moved without breaking a rolling upgrade or stored state.
/// Reflected from the assemblies, so anything added without an alias fails here.
/// </summary>
public sealed class WireAliasTests
{
    private const string Prefix = "kasparro.";

    private static readonly Assembly Contracts = typeof(ISourceGrain).Assembly;

    private static readonly Assembly[] Assemblies = [Contracts, typeof(SourceGrain).Assembly];

    private static IEnumerable<Type> GrainInterfaces =>
        Assemblies.SelectMany(a => a.GetTypes()).Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t));

    /// <summary>Types the serializer writes: [GenerateSerializer] ones anywhere, and the enums of the contracts.</summary>
    private static IEnumerable<Type> SerializedTypes =>
        Assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.GetCustomAttribute<GenerateSerializerAttribute>() is not null || (t.Assembly == Contracts && t.IsEnum && t.IsPublic));

    [Fact]
    public void There_is_something_to_check()
    {
        Assert.Contains(typeof(ISourceGrain), GrainInterfaces);
        Assert.Contains(typeof(RunStatus), SerializedTypes);
        Assert.Contains(typeof(SourceState), SerializedTypes);
    }

    [Fact]
    public void Every_grain_interface_and_every_method_of_one_has_an_alias()
    {
        var missing = GrainInterfaces.Where(t => AliasOf(t) is null).Select(t => t.FullName)
            .Concat(GrainInterfaces.SelectMany(Methods).Where(m => AliasOf(m) is null).Select(m => $"{m.DeclaringType!.Name}.{m.Name}"))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_serialized_type_has_an_alias()
    {
        Assert.Empty(SerializedTypes.Where(t => AliasOf(t) is null).Select(t => t.FullName));
    }

    [Fact]
    public void Type_aliases_are_unique_and_in_the_project_namespace()
    {
        var aliases = GrainInterfaces.Concat(SerializedTypes).Select(t => (Type: t, Alias: AliasOf(t))).Where(a => a.Alias is not null).ToList();

        Assert.Empty(aliases.Where(a => !a.Alias!.StartsWith(Prefix, StringComparison.Ordinal)).Select(a => $"{a.Type.FullName}: {a.Alias}"));
        Assert.Empty(aliases.GroupBy(a => a.Alias, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void Method_aliases_are_unique_within_their_interface()
    {
        var clashes = GrainInterfaces
            .SelectMany(t => Methods(t).GroupBy(AliasOf, StringComparer.Ordinal).Where(g => g.Key is not null && g.Count() > 1).Select(g => $"{t.Name}: {g.Key}"));

        Assert.Empty(clashes);
    }

    /// <summary>The attribute alone proves nothing unless the code generator registered it: the serializer must write the alias.</summary>
    [Fact]
    public void The_serializer_names_each_type_by_its_alias()
    {
        var converter = new ServiceCollection()
            .AddSerializer(b => b.AddAssembly(Contracts).AddAssembly(typeof(SourceGrain).Assembly))
            .BuildServiceProvider()
            .GetRequiredService<TypeConverter>();

        var wrong = SerializedTypes.Where(t => !t.IsGenericTypeDefinition && converter.Format(t) != AliasOf(t))
            .Select(t => $"{t.FullName} is written as {converter.Format(t)}");

        Assert.Empty(wrong);
    }

    private static IEnumerable<MethodInfo> Methods(Type grainInterface) =>
        grainInterface.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);

    private static string? AliasOf(MemberInfo member) => member.GetCustomAttribute<AliasAttribute>()?.Alias;
}
