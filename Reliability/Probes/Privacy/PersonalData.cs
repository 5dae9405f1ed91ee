using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EduFlows.Reliability.Probes.Privacy;

/// <summary>
/// Finds personal data in an answer: the seeded people's e-mail addresses, mobiles and birth dates (as text and as
/// spreadsheet date serials), anything shaped like an e-mail address or a mainland mobile number, and JSON members
/// named <c>email</c>, <c>mobile</c> or <c>birthDate</c> that hold a value. <paramref name="alsoMembers"/>, for the pages
/// that show a person to others (the directory's own reads carry a gender), names more JSON members that must hold
/// nothing (<see cref="ShownToOthers"/>), and with it anything shaped like a mainland resident id number, and a gender
/// shown on a page (a cell of its own, or after 性别), are found too.
/// </summary>
internal sealed partial class PersonalData(IReadOnlyList<JsonObject> people, IReadOnlyCollection<string> notPersonal, IReadOnlyCollection<string>? alsoMembers = null)
{
    private static readonly string[] Fields = ["email", "mobile", "birthDate"];

    /// <summary>The members a page showing people to others must not carry beyond <see cref="Fields"/>.</summary>
    public static readonly string[] ShownToOthers = ["gender", "idCard", "idNumber", "idCardNumber", "phone", "birthday"];

    private readonly string[] _members = [.. Fields, .. alsoMembers ?? []];

    /// <summary>What in <paramref name="text"/> is personal data; empty when nothing is.</summary>
    public IReadOnlyList<string> In(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<string>();
        foreach (var person in people)
        {
            foreach (string field in Fields)
            {
                if ((string?)person[field] is { Length: > 0 } value && text.Contains(value, StringComparison.OrdinalIgnoreCase))
                {
                    found.Add($"{person["id"]}'s {field} '{value}'");
                }
            }

            if ((string?)person["birthDate"] is { } born && DateTime.TryParse(born, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                && text.Contains($">{date.ToOADate().ToString(CultureInfo.InvariantCulture)}<", StringComparison.Ordinal))
            {
                found.Add($"{person["id"]}'s birthDate as a spreadsheet date");
            }
        }

        foreach (Match m in EmailShape().Matches(text))
        {
            if (!notPersonal.Contains(m.Value, StringComparer.OrdinalIgnoreCase))
            {
                found.Add($"an e-mail address '{m.Value}'");
            }
        }

        foreach (Match m in MobileShape().Matches(text))
        {
            found.Add($"a mobile number '{m.Value}'");
        }

        // Only where a page shows people to others: nothing in the directory holds an id number, and a random run of 18
        // digits (a tick count) could take its shape now and then.
        foreach (Match m in alsoMembers is null ? Enumerable.Empty<Match>() : IdCardShape().Matches(text))
        {
            found.Add($"a resident id number '{m.Value}'");
        }

        // A page (HTML) shows a gender as an element of its own (a table cell, a dd) or after a 性别 label; a JSON member
        // is caught below. Only where a page shows people to others: 男 and 女 are common in other words (妇女, 男篮).
        foreach (Match m in alsoMembers is null ? Enumerable.Empty<Match>() : GenderShownShape().Matches(text))
        {
            found.Add($"a gender shown on the page '{m.Value.Trim('<', '>', ' ')}'");
        }

        if (text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('['))
        {
            try
            {
                Members(JsonNode.Parse(text), found, _members);
            }
            catch (JsonException)
            {
                // Not JSON after all: the text checks above stand.
            }
        }

        return [.. found.Distinct().Take(5)];
    }

    private static void Members(JsonNode? node, List<string> found, string[] members)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (members.Contains(name, StringComparer.OrdinalIgnoreCase) && value is JsonValue v && v.ToString().Length > 0)
                    {
                        found.Add($"member '{name}' = '{v}'");
                    }

                    Members(value, found, members);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Members(item, found, members);
                }

                break;
        }
    }

    // An element whose whole text is a gender (<td>女</td>, <dd>male</dd>), or the 性别 label with its value.
    [GeneratedRegex(@">\s*(男|女|male|female)\s*<|性别\s*[：:]?\s*(<[^>]*>\s*)*(男|女)", RegexOptions.IgnoreCase)]
    private static partial Regex GenderShownShape();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex EmailShape();

    // Not inside a hex run: every problem+json carries a W3C traceId (32 and 16 random hex digits), and audit hashes and
    // ETags are hex too; eleven decimal digits in a row turn up there now and then (a CI run found '16240609154').
    [GeneratedRegex(@"(?<![\dA-Fa-f.])1[3-9]\d{9}(?![\dA-Fa-f.])")]
    private static partial Regex MobileShape();

    // 18 characters: a region (first digit 1-8), a birth date 19xx/20xx, three digits, a check digit or X; not inside a
    // hex run, as the mobile shape.
    [GeneratedRegex(@"(?<![\dA-Fa-f.])[1-8]\d{5}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Fa-f.])")]
    private static partial Regex IdCardShape();
}
