using System.Text;
using System.Text.Json.Nodes;
using EduFlows.Reliability.App;

namespace EduFlows.Reliability.Probes.Fuzz;

/// <summary>
/// The generators: missing and wrong keys, bad route values, hostile query values, malformed and mistyped bodies,
/// hostile content types and charsets, and valid bodies spoilt one field at a time. Every case is a request the app
/// must refuse (or, for a read, answer) without a 5xx and without changing anything.
/// </summary>
internal static class FuzzCases
{
    private const int HugeString = 100 * 1024;

    /// <summary>Route values as they go on the wire (already percent-encoded where the byte is not a URL character).</summary>
    private static readonly (string Name, string Value)[] RouteValues =
    [
        ("slash-encoded", "a%2Fb"),
        ("dot-dot-encoded", "%2E%2E"),
        ("dot-dot-slash", "..%2F..%2Fetc%2Fpasswd"),
        ("space", "%20"),
        ("spaces", "a%20%20b%20"),
        ("control", "%01%02%1F%7F"),
        ("newline", "a%0D%0AX-Injected:%201"),
        ("lone-surrogate", "%ED%A0%80"),
        ("invalid-utf8", "%FF%FE%C3%28"),
        ("unicode", "%E5%BC%A0%E4%B8%89%F0%9F%99%82"),
        ("table-key-chars", "a%23b%3Fc%5Cd"),
        ("odata-quote", "x%27%20or%20PartitionKey%20ne%20%27"),
        ("very-long", new string('x', 3000)),
        ("very-long-unicode", string.Concat(Enumerable.Repeat("%E5%BC%A0", 700))),
        ("negative", "-1"),
        ("huge-number", "99999999999999999999999999"),
        ("percent-alone", "%25"),
    ];

    /// <summary>
    /// Query values: the route values and a NUL (in a path Kestrel refuses a NUL itself, with an empty 400, before any
    /// middleware runs; in a query it reaches the app).
    /// </summary>
    private static readonly (string Name, string Value)[] QueryValues = [.. RouteValues, ("nul", "a%00b")];

    /// <summary>
    /// Route values that are no valid instance id or event name whatever the app's rules (a valid one would start an
    /// instance or raise an event, which is no fuzz input): path separators, table-key characters, controls, blanks,
    /// and ids longer than a table key.
    /// </summary>
    /// <remarks>
    /// Routing leaves <c>%2F</c> encoded, so "a%2Fb" is a valid id; an event name may be anything but blank (Durable
    /// Functions raises any name, and an orchestration ignores names it does not wait for), so only the blank one is sent.
    /// </remarks>
    private static readonly HashSet<string> InvalidAsInstanceId = new(StringComparer.Ordinal) { "table-key-chars", "control", "newline", "space", "very-long", "very-long-unicode" };

    private static readonly string[] QueryNames =
    [
        "pageSize", "continuationToken", "format", "token", "year", "half", "researcherId", "version", "lang", "status",
        "recipient", "top", "runtimeStatus", "createdTimeFrom", "createdTimeTo", "instanceIdPrefix", "showHistory",
        "showHistoryOutput", "showInput", "reason", "section", "schoolId", "departmentId", "post", "subject", "reservePrincipal", "town", "rural",
    ];

    /// <summary>Operations whose handler reads no body: only keys and route values are fuzzed (a valid route would act).</summary>
    private static readonly HashSet<string> NoBody = new(StringComparer.Ordinal)
    {
        "DirectoryReloadDemo", "DepartmentAssessmentStart", "ShadowTrainingConfirmBatch", "MeSignOut", "MeSignInConfirm",
        "ReservePoolDemo", "TrainingDemoYear",
        "POST /runtime/webhooks/durabletask/instances/{instanceId}/terminate", "POST /runtime/webhooks/durabletask/instances/{instanceId}/suspend",
        "POST /runtime/webhooks/durabletask/instances/{instanceId}/resume", "POST /runtime/webhooks/durabletask/instances/{instanceId}/restart",
    };

    /// <summary>
    /// Operations that take any JSON as valid (an orchestration's input, an event's payload): only bodies that are not
    /// JSON at all, and only ids that are not valid ones.
    /// </summary>
    private static bool TakesAnyJson(FuzzOperation operation) =>
        operation.Template.Contains("/orchestrators/", StringComparison.Ordinal) || operation.Template.Contains("/raiseEvent/", StringComparison.Ordinal);

    /// <summary>Every case for <paramref name="operation"/>; <paramref name="random"/> varies the generated strings between passes.</summary>
    public static IEnumerable<FuzzCase> For(FuzzOperation operation, FuzzFixtures fixtures, Random random)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(fixtures);
        ArgumentNullException.ThrowIfNull(random);
        string goodKey = operation.Level == FuzzKeyLevel.Function ? AppUnderTest.FunctionKey : AppUnderTest.MasterKey;
        string target = Target(operation, fixtures, null, null);
        string? cookie = operation.Id == "MeSubmitTask" ? fixtures.SessionCookie : null;

        // Keys first: without the right key the answer is 401 whatever the body.
        if (operation.Level != FuzzKeyLevel.Anonymous)
        {
            var (type, body) = Malformed(operation);
            yield return new FuzzCase("no-key", operation, target, null, type, body, ExpectUnauthorized: true);
            yield return new FuzzCase("wrong-key", operation, target, "reliability-wrong-" + random.Next(1000), type, body, ExpectUnauthorized: true);
            yield return new FuzzCase("empty-key", operation, target, "", type, body, ExpectUnauthorized: true);
            yield return new FuzzCase("key-in-code-wrong", operation, target + (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=%FF%00", null, type, body, ExpectUnauthorized: true);
            if (operation.Level == FuzzKeyLevel.Master)
            {
                yield return new FuzzCase("function-key-on-admin", operation, target, AppUnderTest.FunctionKey, type, body, ExpectUnauthorized: true);
            }
        }

        // Anonymous operations read the session cookie: a forged or cut-off one must be refused like none (a real one
        // is not sent to sign-out, which would end the fixture's session).
        if (operation.Level == FuzzKeyLevel.Anonymous)
        {
            string name = fixtures.SessionCookie.Split('=', 2)[0];
            string value = fixtures.SessionCookie.Split('=', 2)[1];
            var (type, body) = operation.SendsBody && !NoBody.Contains(operation.Id) ? ("application/json", "{}"u8.ToArray()) : ((string?)null, (byte[]?)null);
            yield return new FuzzCase("cookie-forged", operation, target, null, type, body, AcceptHtml: random.Next(3) == 0, Cookie: $"{name}=CfDJ8{RandomText(random, 200)}");
            yield return new FuzzCase("cookie-cut-off", operation, target, null, type, body, AcceptHtml: random.Next(3) == 0, Cookie: $"{name}={value[..(value.Length / 2)]}");
            yield return new FuzzCase("cookie-garbage", operation, target, null, type, body, AcceptHtml: random.Next(3) == 0, Cookie: $"{name}=%FF%00;;==; {name}=");
        }

        var (emptyType, emptyBody) = operation.SendsBody ? ("application/json", "{}"u8.ToArray()) : ((string?)null, (byte[]?)null);
        foreach (string parameter in operation.Parameters)
        {
            foreach (var (name, value) in RouteValues)
            {
                if ((parameter == "eventName" && name != "space") || (parameter == "instanceId" && TakesAnyJson(operation) && !InvalidAsInstanceId.Contains(name)))
                {
                    continue;
                }

                yield return new FuzzCase("route-" + name, operation, Target(operation, fixtures, parameter, value), goodKey, emptyType, emptyBody, AcceptHtml: random.Next(5) == 0, Cookie: cookie);
            }
        }

        if (operation.Method is "GET" || (operation.Method == "DELETE" && operation.Parameters.Count == 0))
        {
            foreach (string query in QueryNames)
            {
                var (name, value) = QueryValues[random.Next(QueryValues.Length)];
                string sep = target.Contains('?', StringComparison.Ordinal) ? "&" : "?";
                yield return new FuzzCase("query-" + name, operation, $"{target}{sep}{query}={value}", goodKey, null, null, AcceptHtml: random.Next(5) == 0, Cookie: cookie);
            }

            yield return new FuzzCase("query-repeated", operation, target + (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "pageSize=1&pageSize=x&top=1&top=-5", goodKey, null, null);
        }

        if (!operation.SendsBody || NoBody.Contains(operation.Id))
        {
            yield break;
        }

        foreach (var (name, type, body) in Bodies(random))
        {
            if (TakesAnyJson(operation) && (IsJson(type, body) || (IsStart(operation) && !NamesCharset(type) && IsParsable(body))))
            {
                continue;
            }

            yield return new FuzzCase("body-" + name, operation, target, goodKey, type, body, AcceptHtml: random.Next(6) == 0, Cookie: cookie);
        }

        if (operation.Id is "TaskSubmit" or "MeSubmitTask")
        {
            foreach (var (name, json) in HostileAnswers(random))
            {
                yield return new FuzzCase("answer-" + name, operation, target, goodKey, "application/json", Encode(json, name), AcceptHtml: random.Next(6) == 0, Cookie: cookie);
            }
        }

        string templateKey = fixtures.Templates.ContainsKey(operation.Id) ? operation.Id : $"{operation.Method} {operation.Template}";
        if (fixtures.Templates.TryGetValue(templateKey, out var template))
        {
            foreach (var (field, value) in template)
            {
                foreach (var (name, spoilt) in Spoil(field, value, random))
                {
                    var body = template.DeepClone().AsObject();
                    body[field] = null;
                    string json = body.ToJsonString().Replace($"\"{field}\":null", $"\"{field}\":{spoilt}", StringComparison.Ordinal);
                    yield return new FuzzCase($"field-{name}", operation, target, goodKey, "application/json", Encode(json, name), AcceptHtml: random.Next(6) == 0, Cookie: cookie);
                }
            }
        }
    }

    /// <summary>The operation's path with fixture values, one parameter replaced by <paramref name="value"/>.</summary>
    private static string Target(FuzzOperation operation, FuzzFixtures fixtures, string? parameter, string? value)
    {
        string path = operation.Template;
        foreach (string p in operation.Parameters)
        {
            string replacement = p == parameter ? value! : fixtures.RouteValue(operation, p);
            int start = path.IndexOf("{" + p, StringComparison.Ordinal);
            int end = path.IndexOf('}', start);
            path = path[..start] + replacement + path[(end + 1)..];
        }

        return operation.Id is "TaskShow" or "TaskSubmit" ? path + "?token=" + Uri.EscapeDataString(fixtures.TaskToken) : path;
    }

    private static (string? Type, byte[]? Body) Malformed(FuzzOperation operation) =>
        operation.SendsBody ? ("application/json", """{"id": "a/b", "email": """u8.ToArray()) : (null, null);

    // JSON as a valid start or event sends it: application/json, UTF-8 or no charset, parsable. A charset that is not
    // UTF-8 is still sent: the app must refuse it, not read it as something else.
    // A start, as Durable Functions', reads a JSON body whatever its Content-Type; a charset other than UTF-8 it refuses.
    private static bool IsStart(FuzzOperation operation) => operation.Template.Contains("/orchestrators/", StringComparison.Ordinal);

    private static bool NamesCharset(string? type) => type is not null && type.Contains("charset", StringComparison.OrdinalIgnoreCase);

    // No body, or only white space, is no input (null), which is valid too.
    private static bool IsJson(string? type, byte[]? body) =>
        body is null || body.All(b => b is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t')
        || (type is "application/json" or "application/json; charset=utf-8" && IsParsable(body));

    private static bool IsParsable(byte[] body)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(body.AsMemory(body.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0));
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>Bodies that no operation takes: structure, types, sizes, encodings and content types.</summary>
    private static IEnumerable<(string Name, string? Type, byte[] Body)> Bodies(Random random)
    {
        const string Json = "application/json";
        yield return ("truncated", Json, """{"id": "x", "name": """u8.ToArray());
        yield return ("single-quotes", Json, "{'id': 'x'}"u8.ToArray());
        yield return ("trailing-garbage", Json, "{} xyz"u8.ToArray());
        yield return ("comments", Json, "/* hi */ {\"a\": 1, // x\n}"u8.ToArray());
        yield return ("empty", Json, []);
        yield return ("empty-no-type", null, []);
        yield return ("whitespace", Json, " \r\n\t "u8.ToArray());
        yield return ("array", Json, "[]"u8.ToArray());
        yield return ("array-of-objects", Json, """[{"id":"x"}]"""u8.ToArray());
        yield return ("string", Json, "\"text\""u8.ToArray());
        yield return ("number", Json, "42"u8.ToArray());
        yield return ("null", Json, "null"u8.ToArray());
        yield return ("true", Json, "true"u8.ToArray());
        yield return ("empty-object", Json, "{}"u8.ToArray());
        yield return ("unknown-members", Json, """{"zzUnknown": 1, "__proto__": {"admin": true}, "$type": "System.IO.FileInfo"}"""u8.ToArray());
        yield return ("deep-arrays", Json, Encoding.ASCII.GetBytes(new string('[', 5000) + new string(']', 5000)));
        yield return ("deep-objects", Json, Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 300)) + "1" + new string('}', 300)));
        yield return ("huge-exponent", Json, """{"year": 1e99999, "capacity": 1e99999, "version": 1e99999}"""u8.ToArray());
        yield return ("huge-integer", Json, """{"year": 99999999999999999999999999999, "half": -99999999999999999999999}"""u8.ToArray());
        yield return ("nan", Json, """{"year": NaN, "capacity": Infinity}"""u8.ToArray());
        yield return ("invalid-utf8", Json, [.. "{\"id\": \"a"u8, 0xFF, 0xFE, 0xC3, 0x28, .. "\", \"name\": \"b\"}"u8]);
        yield return ("cesu-surrogate", Json, [.. "{\"id\": \""u8, 0xED, 0xA0, 0x80, .. "\", \"email\": \""u8, 0xED, 0xB0, 0x80, .. "\"}"u8]);
        yield return ("lone-surrogate-escape", Json, """{"id": "\ud800", "name": "\udfff", "email": "\ud800@x.cn"}"""u8.ToArray());
        yield return ("nul-in-string", Json, """{"id": "a\u0000b", "name": "\u0000"}"""u8.ToArray());
        yield return ("bom", Json, [0xEF, 0xBB, 0xBF, .. "{}"u8]);
        yield return ("huge-string", Json, Encoding.UTF8.GetBytes($"{{\"id\": \"{RandomText(random, HugeString)}\", \"name\": \"{new string('名', HugeString / 3)}\"}}"));
        yield return ("charset-nonsense", "application/json; charset=nonsense", "{}"u8.ToArray());
        yield return ("charset-utf16", "application/json; charset=utf-16", "{\"id\":\"x\"}"u8.ToArray());
        yield return ("charset-gbk", "application/json; charset=gbk", [.. "{\"name\":\""u8, 0xD5, 0xC5, .. "\"}"u8]);
        yield return ("charset-empty", "application/json; charset=", "{}"u8.ToArray());
        yield return ("type-params-garbage", "application/json; ;;==; boundary", "{}"u8.ToArray());
        yield return ("type-garbage", ";;;==", "{}"u8.ToArray());
        yield return ("text-plain", "text/plain", "{}"u8.ToArray());
        yield return ("xml", "application/xml", "<a><id>x</id></a>"u8.ToArray());
        yield return ("multipart-no-boundary", "multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na@b.cn\r\n--x--\r\n"u8.ToArray());
        yield return ("multipart-empty-boundary", "multipart/form-data; boundary=", "--\r\n\r\n"u8.ToArray());
        yield return ("multipart-wrong-boundary", "multipart/form-data; boundary=zz", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nid\r\n--x--\r\n"u8.ToArray());
        yield return ("multipart-unterminated", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nid,name"u8.ToArray());
        yield return ("form-on-json", "application/x-www-form-urlencoded", "email=not-an-address&id=x&name=y"u8.ToArray());
        yield return ("form-bad-escapes", "application/x-www-form-urlencoded", "email=%FF%FE%ZZ&id=%&name=%ED%A0%80"u8.ToArray());
        yield return ("form-charset-nonsense", "application/x-www-form-urlencoded; charset=nonsense", "email=x"u8.ToArray());
        yield return ("octet-stream", "application/octet-stream", [0x00, 0x01, 0xFF, 0xFE, 0x7F]);
        yield return ("random-bytes", Json, RandomBytes(random, 64));
    }

    /// <summary>Values that are wrong for <paramref name="field"/> whatever it is: wrong types, sizes, encodings; for ids, paths.</summary>
    private static IEnumerable<(string Name, string Json)> Spoil(string field, JsonNode? value, Random random)
    {
        var kind = value?.GetValueKind();
        yield return ("wrong-type", kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False ? "\"maybe\"" : "true");
        yield return ("wrong-type-object", kind == System.Text.Json.JsonValueKind.Object ? "[1, 2]" : """{"zz": [1]}""");
        yield return ("huge-string", $"\"{RandomText(random, HugeString)}\"");
        yield return ("lone-surrogate", "\"a\\ud800b\"");
        yield return ("invalid-utf8", "\"INVALID-UTF8\"");
        yield return ("huge-exponent", "1e99999");
        yield return ("huge-integer", "-99999999999999999999999999");
        yield return ("deep", new string('[', 200) + new string(']', 200));
        bool idLike = field.EndsWith("Id", StringComparison.Ordinal) || field.EndsWith("Ids", StringComparison.Ordinal) || field is "id" or "candidates" or "email";
        if (idLike)
        {
            bool array = kind == System.Text.Json.JsonValueKind.Array;
            foreach (string bad in new[] { "a/b", "../../x", "a#b?c\\\\d", "a\\u0001b" })
            {
                yield return ("id-" + bad.Length, array ? $"[\"{bad}\"]" : $"\"{bad}\"");
            }

            yield return ("id-huge", array ? $"[\"{RandomText(random, HugeString)}\"]" : $"\"{new string('i', HugeString)}\"");
        }
    }

    /// <summary>Answers to the fixture task (a notice acknowledgement) that no form accepts.</summary>
    private static IEnumerable<(string Name, string Json)> HostileAnswers(Random random)
    {
        yield return ("not-an-option", """{"acknowledged": "maybe"}""");
        yield return ("wrong-type", """{"acknowledged": [true]}""");
        yield return ("huge-exponent", """{"acknowledged": 1e99999}""");
        yield return ("huge-comment", $$"""{"acknowledged": true, "comment": "{{RandomText(random, HugeString)}}"}""");
        yield return ("lone-surrogate", """{"acknowledged": true, "comment": "x\ud800y"}""");
        yield return ("invalid-utf8", """{"acknowledged": true, "comment": "INVALID-UTF8"}""");
        yield return ("deep", """{"acknowledged": true, "comment": """ + new string('[', 200) + new string(']', 200) + "}");
    }

    /// <summary>UTF-8, except that the marker <c>INVALID-UTF8</c> becomes bytes no UTF-8 decoder accepts.</summary>
    private static byte[] Encode(string json, string generator)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        if (generator != "invalid-utf8")
        {
            return bytes;
        }

        byte[] marker = "INVALID-UTF8"u8.ToArray();
        int at = bytes.AsSpan().IndexOf(marker);
        return at < 0 ? bytes : [.. bytes[..at], 0xFF, 0xC3, 0x28, 0xED, 0xA0, 0x80, .. bytes[(at + marker.Length)..]];
    }

    private static string RandomText(Random random, int length)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_张三李四";
        return string.Create(length, random, (span, r) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
