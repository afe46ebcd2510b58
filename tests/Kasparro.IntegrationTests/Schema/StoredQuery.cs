using System.Data;
using Npgsql;

namespace Kasparro.IntegrationTests.Schema;

/// <summary>
/// Runs a query text from OrleansQuery the way the Orleans providers do: plain CommandType.Text,
/// parameter names without a prefix and an explicit DbType on every parameter (typed NULLs
/// included), all result sets read. Used for the cases the real providers cannot reach
/// (e.g. the bulk cleanup key, which 10.4.2 skips when the per-row key exists).
/// </summary>
internal static class StoredQuery
{
    public static async Task<string> TextAsync(string connectionString, string key)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT querytext FROM orleansquery WHERE querykey = @key", connection);
        command.Parameters.AddWithValue("key", key);
        return (string?)await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No query '{key}'.");
    }

    /// <summary>Runs the stored query <paramref name="key"/>; returns every row of every result set.</summary>
    public static async Task<List<object?[]>> RunAsync(string connectionString, string key, params Parameter[] parameters)
    {
        var text = await TextAsync(connectionString, key);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var p in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = p.Name;
            parameter.DbType = p.Type;
            parameter.Value = p.Value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }
        }
        while (await reader.NextResultAsync());

        return rows;
    }

    /// <summary>Runs ad-hoc SQL (setup and inspection only, never a provider query).</summary>
    public static async Task<T?> ScalarAsync<T>(string connectionString, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }

    public static Parameter Text(string name, string? value) => new(name, DbType.String, value);

    public static Parameter Ansi(string name, string? value) => new(name, DbType.AnsiString, value);

    public static Parameter Int(string name, int? value) => new(name, DbType.Int32, value);

    public static Parameter Time(string name, DateTime value) => new(name, DbType.DateTime, value);

    internal sealed record Parameter(string Name, DbType Type, object? Value);
}
