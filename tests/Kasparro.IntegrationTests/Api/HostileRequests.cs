using System.Text;
using Kasparro.IntegrationTests.Infrastructure;

namespace Kasparro.IntegrationTests.Api;

/// <summary>One hostile request: a short name for the report and the bytes that go on the wire.</summary>
public sealed record HostileCase(string Name, byte[] Request, bool Head = false)
{
    public override string ToString() => Name;
}

/// <summary>
/// The hostile request set: every route of the API (not the dashboard) with bad paths (traversal,
/// encoded slashes, NUL, invalid UTF-8 encoded and raw, overlong), bad queries (numbers that are
/// negative, huge, NaN or not numbers, repeated keys, raw bytes, huge values), bad headers (huge,
/// too many, raw bytes, smuggling), odd methods and bodies where none belong, and for the writes
/// wrong or missing content types and deep, huge, malformed JSON.
/// </summary>
public static class HostileRequests
{
    /// <summary>Every route a GET reaches, parameters filled in. (The dashboard's are tested apart.)</summary>
    public static string[] ReadRoutes(string runId) =>
    [
        "/", "/health", "/health/live", "/health/ready", "/metrics", "/openapi/v1.json", "/docs/",
        "/data", "/data/alpha/a-01/history", "/news", "/runs", $"/runs/{runId}", "/compare-runs", "/stats", "/sources", "/drift", "/sources/alpha/events",
        "/alerts", "/alerts/run.failed:x", "/alerts/webhooks", "/alerts/webhooks/target",
        "/dashboard", "/dashboard/DashboardCounters", "/dashboard/Trace", "/dashboard/SiloCounters/garbage",
        "/dashboard/SiloProperties/x", "/dashboard/HistoricalStats/..%2F..", "/dashboard/SiloStats/x", "/dashboard/GrainStats/x",
    ];

    /// <summary>The writes: method and path.</summary>
    public static readonly (string Method, string Path)[] WriteRoutes =
        [("POST", "/sources/target/runs"), ("PUT", "/sources/target/failure-injection"), ("PUT", "/alerts/webhooks/target")];

    /// <summary>Routes with a path parameter, {0} standing for it.</summary>
    private static readonly (string Method, string Template)[] ParameterRoutes =
    [
        ("GET", "/data/{0}/a-01/history"), ("GET", "/data/alpha/{0}/history"), ("GET", "/runs/{0}"),
        ("POST", "/sources/{0}/runs"), ("PUT", "/sources/{0}/failure-injection"), ("GET", "/sources/{0}/events"),
        ("GET", "/alerts/{0}"), ("GET", "/alerts/webhooks/{0}"), ("PUT", "/alerts/webhooks/{0}"),
    ];

    private static readonly string[] Segments =
    [
        "..", "..%2F..%2Fetc%2Fpasswd", "%2F", "%2e%2e%2f", "%252F", "%00", "a%00b", "%FF%FE", "%C0%AF", "\u00FF\u00FE", "%20", "-1", "NaN",
        "%27%20OR%201%3D1--", "%3Cscript%3E", "%E2%80%AE", "%F0%9F%9A%80", "CON", "~",
    ];

    private static readonly string[] PathSuffixes =
    [
        "/../../../../etc/passwd", "/..%2F..%2F..%2Fetc%2Fpasswd", "/%2e%2e/%2e%2e/etc/passwd", "%00", "/%00", "/%FF%FE", "%C0%AF", "/\u00FF\u00FE",
        "%5C..%5C..%5Cwindows%5Cwin.ini", ";jsessionid=1", "/.", "//", "%2F", "/" + new string('a', 9000),
    ];

    private static readonly string[] Queries =
    [
        "page=-1", "page=0", "page=NaN", "page=Infinity", "page=1e3", "page=0x10", "page=2147483648", "page=99999999999999999999", "page=1.5",
        "per_page=-1", "per_page=NaN", "per_page=1e9", "per_page=%00", "limit=-1", "limit=NaN", "limit=99999999999",
        "min_price=NaN", "min_price=-Infinity", "max_price=1e309", "min_price=-0", "max_price=79228162514264337593543950336",
        "from=NaN", "to=99999-01-01", "from=%00", "source=%00", "source=%FF", "source=" + new string('s', 3000), "symbol=%C0%AF", "symbol=\u00FF",
        "status=%FF", "drift_detected=maybe", "run1_id=%00&run2_id=..%2F..", "run1_id=" + new string('1', 3000),
        "page=1&page=2", "source=alpha&source=gone", "per_page=10&per_page=20", "drift_detected=true&drift_detected=false",
        "status=success&status=failed", "limit=1&limit=2", "symbol=" + new string('A', 6000), "symbol=" + new string('A', 9000),
        "%00=%00", "a[]=1&a[]=2", "__proto__=1", "page", "=", "&&&", "q=%", "q=%ZZ", "q=%u0041", "q=%2e%2e%2f%2e%2e%2f",
        "cursor=", "cursor=%00", "cursor=%FF%FE", "cursor=e30", "cursor=" + new string('e', 9000), "cursor=a&cursor=b", "page=2&cursor=e30",
        "cursor=eyJ2IjoxLCJjYXAiOiIxIiwic3JjIjoiJyBPUiAxPTEgLS0iLCJpZCI6IlxcMCJ9",
    ];

    private static readonly (string Name, (string, string)[] Headers)[] HeaderSets =
    [
        ("a 20 KB header", [("X-Big", new string('x', 20_000))]),
        ("a 40 KB header", [("X-Big", new string('x', 40_000))]),
        ("120 headers", [.. Enumerable.Range(0, 120).Select(i => ($"X-H{i}", "v"))]),
        ("Accept: text/html", [("Accept", "text/html")]),
        ("Accept: application/xml", [("Accept", "application/xml")]),
        ("Accept: */*;q=0", [("Accept", "*/*;q=0")]),
        ("Accept-Encoding: gzip, br", [("Accept-Encoding", "gzip, br")]),
        ("a 5000-char request id", [("X-Request-ID", new string('r', 5000))]),
        ("a path as request id", [("X-Request-ID", "../../etc/passwd")]),
        ("two request ids", [("X-Request-ID", "one"), ("X-Request-ID", "two")]),
        ("a wrong key", [("X-API-Key", "wrong")]),
        ("a 10 KB key", [("X-API-Key", new string('k', 10_000))]),
        ("the key twice", [("X-API-Key", HostileGatewayFixture.ApiKey), ("X-API-Key", HostileGatewayFixture.ApiKey)]),
        ("raw bytes in a header", [("X-Odd", "\u00FF\u00FE\u00C0")]),
        ("NUL in a header", [("X-Odd", "a\0b")]),
        ("Content-Length and chunked", [("Content-Length", "5"), ("Transfer-Encoding", "chunked")]),
        ("two Host headers", [("Host", "evil.example")]),
        ("Range", [("Range", "bytes=0-10,20-30")]),
        ("If-None-Match: *", [("If-None-Match", "*")]),
        ("Content-Type without a body", [("Content-Type", "application/json")]),
    ];

    private static readonly string[] OddMethods = ["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "POST", "FOO", "get", "PROPFIND"];

    public static IEnumerable<HostileCase> All(string runId)
    {
        var key = new[] { ("X-API-Key", HostileGatewayFixture.ApiKey) };
        foreach (var route in ReadRoutes(runId))
        {
            foreach (var suffix in PathSuffixes)
            {
                yield return Case("GET", route + suffix);
            }

            foreach (var query in Queries)
            {
                yield return Case("GET", $"{route}?{query}");
            }

            foreach (var (name, headers) in HeaderSets)
            {
                yield return Case("GET", route, headers, name: $"GET {route} with {name}");
            }

            foreach (var method in OddMethods)
            {
                yield return Case(method, route, [("Content-Type", "application/json")], "{}"u8.ToArray());
            }

            yield return Case("GET", route, [("Content-Type", "application/json")], "{\"page\":1}"u8.ToArray(), "GET with a body");
            yield return Case("GET", route, [("Content-Type", "application/octet-stream")], new byte[1 << 20], "GET with a 1 MB body");
            yield return Case("HEAD", route + "?page=NaN", head: true);
            yield return Case("HEAD", route + "/%00", head: true);
        }

        foreach (var (method, template) in ParameterRoutes)
        {
            foreach (var segment in Segments)
            {
                yield return Case(method, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, segment), key, "{}"u8.ToArray(),
                    $"{method} {template} with {Shown(segment)}");
            }
        }

        foreach (var (method, path) in WriteRoutes)
        {
            foreach (var c in Writes(method, path, key))
            {
                yield return c;
            }
        }

        yield return Case("GET", "*", name: "GET *");
        yield return Case("OPTIONS", "*", name: "OPTIONS *");
        yield return Case("GET", "http://localhost/data", name: "absolute-form target");
        yield return Case("GET", "http://evil.example/data", name: "absolute-form target naming another host");
        yield return Case("GET", "data", name: "a target without a leading slash");
        yield return Case("GET", "/\u0000", name: "a raw NUL in the target");
        yield return Case("GET", "/data?\u0000=1", name: "a raw NUL in the query");
    }

    /// <summary>
    /// Long input in the places an answer is tempted to repeat it: a 4000-character path (the
    /// problem's <c>instance</c>), 5000-character ids (the 404's <c>detail</c>) and a 100 KB
    /// <c>failure_type</c> (the 400's <c>detail</c> and <c>errors</c>).
    /// </summary>
    public static IEnumerable<HostileCase> LongEchoes(string runId)
    {
        var key = new[] { ("X-API-Key", HostileGatewayFixture.ApiKey) };
        foreach (var route in ReadRoutes(runId))
        {
            yield return Case("GET", route + "/" + new string('a', 4000));
        }

        foreach (var (method, template) in ParameterRoutes)
        {
            yield return Case(method, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, new string('x', 5000)), key, "{}"u8.ToArray(),
                $"{method} {template} with a 5000-char id");
        }

        var body = Encoding.ASCII.GetBytes("{\"enabled\":true,\"failure_type\":\"" + new string('f', 100_000) + "\"}");
        yield return Case("PUT", "/sources/target/failure-injection", [.. key, ("Content-Type", "application/json")], body, "PUT a 100 KB failure_type");
    }

    private static IEnumerable<HostileCase> Writes(string method, string path, (string, string)[] key)
    {
        var json = new[] { ("Content-Type", "application/json") };
        string[] contentTypes =
        [
            "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
            "application/json; charset=utf-16", "application/json; charset=lol", "application/jsonx", "*/*", "", "\u00FF",
        ];
        foreach (var type in contentTypes)
        {
            yield return Case(method, path, [.. key, ("Content-Type", type)], "{\"enabled\":false}"u8.ToArray(), $"{method} {path} as '{type}'");
        }

        yield return Case(method, path, key, "{\"enabled\":false}"u8.ToArray(), $"{method} {path} with no Content-Type");
        yield return Case(method, path, [.. json], "{\"enabled\":false}"u8.ToArray(), $"{method} {path} without a key");
        yield return Case(method, path, [.. json, ("X-API-Key", "wrong")], "{\"enabled\":false}"u8.ToArray(), $"{method} {path} with a wrong key");

        var bodies = new (string Name, byte[] Body)[]
        {
            ("nothing", []),
            ("{", "{"u8.ToArray()),
            ("null", "null"u8.ToArray()),
            ("[]", "[]"u8.ToArray()),
            ("10000 [", Encoding.ASCII.GetBytes(new string('[', 10_000))),
            ("objects 5000 deep", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000))),
            ("NaN", "{\"enabled\":true,\"probability\":NaN}"u8.ToArray()),
            ("1e400", "{\"enabled\":true,\"probability\":1e400}"u8.ToArray()),
            ("-1", "{\"enabled\":true,\"probability\":-1}"u8.ToArray()),
            ("a huge record index", "{\"enabled\":true,\"fail_at_record\":99999999999999999999}"u8.ToArray()),
            ("a string seed", "{\"enabled\":true,\"seed\":\"x\"}"u8.ToArray()),
            ("keys differing in case", "{\"enabled\":false,\"Enabled\":true}"u8.ToArray()),
            ("invalid UTF-8", [.. "{\"enabled\":false,\"failure_type\":\""u8, 0xFF, 0xC0, 0xAF, .. "\"}"u8]),
            ("a BOM", [0xEF, 0xBB, 0xBF, .. "{\"enabled\":false}"u8]),
            ("a 1 MB unknown field", Encoding.ASCII.GetBytes("{\"enabled\":false,\"x\":\"" + new string('x', 1 << 20) + "\"}")),
        };
        foreach (var (name, body) in bodies)
        {
            yield return Case(method, path, [.. key, .. json], body, $"{method} {path} with {name}");
        }

        yield return new HostileCase($"{method} {path} declaring 100 MB and sending 17 bytes",
            RawHttp.Request(method, path, [.. key, .. json, ("Content-Length", "100000000")], "{\"enabled\":false}"u8.ToArray(), contentLength: false));
        yield return new HostileCase($"{method} {path} with a malformed chunk",
            RawHttp.Request(method, path, [.. key, .. json, ("Transfer-Encoding", "chunked")], "zz\r\n{}\r\n0\r\n\r\n"u8.ToArray(), contentLength: false));
    }

    private static HostileCase Case(string method, string target, (string, string)[]? headers = null, byte[]? body = null, string? name = null, bool head = false) =>
        new(name ?? $"{method} {Shown(target)}", RawHttp.Request(method, target, headers, body), head);

    /// <summary>A target as the report shows it: long runs cut, raw bytes visible.</summary>
    private static string Shown(string target)
    {
        var shown = target.Length > 120 ? $"{target[..60]}…({target.Length} chars)" : target;
        return string.Concat(shown.Select(c => c is < ' ' or > '~' and not '…' ? $"\\x{(int)c:X2}" : c.ToString()));
    }
}
