using System.Globalization;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;

namespace EduFlows.Processes.ReservePool.Office;

/// <summary>
/// The office page's filter, read from the same query names as <c>reserve-pool/members</c> and its export, so the
/// page's export links pass the filter on unchanged and a bad filter is refused by the same rules.
/// </summary>
/// <param name="Query">The filter as the desk takes it.</param>
/// <param name="Pairs">The filter's query pairs (empty ones left out), for the export links.</param>
public sealed record PoolFilter(PoolQuery Query, IReadOnlyList<(string Name, string? Value)> Pairs)
{
    /// <summary>The query names, in the order the page shows them.</summary>
    public static readonly string[] Names = ["pool", "section", "minAge", "maxAge", "readiness", "includeExited"];

    /// <summary>Reads the filter; the errors name each bad field (nothing is queried then).</summary>
    public static (PoolFilter Filter, IReadOnlyList<FieldError> Errors) Read(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new List<FieldError>();
        string? Text(string name) => query[name].ToString() is { Length: > 0 } text ? text : null;
        int? Age(string name)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int age) && age is >= 18 and <= 70)
            {
                return age;
            }

            errors.Add(new FieldError(name, "must be an age from 18 to 70.") { ReasonZh = "年龄应为18至70之间的整数。" });
            return null;
        }

        string? pool = Text("pool"), section = Text("section"), readiness = Text("readiness");
        int? min = Age("minAge"), max = Age("maxAge");
        if (pool is not null && pool is not (ReservePoolDesk.Principals or ReservePoolDesk.Researchers))
        {
            errors.Add(new FieldError("pool", "must be principal or researcher.") { ReasonZh = "类别只能是后备校长或后备教研员。" });
        }

        if (section is not null && !DirectoryVocabulary.SchoolSections.Contains(section) && !DirectoryVocabulary.ResearchSections.Contains(section))
        {
            errors.Add(new FieldError("section", "is not a section.") { ReasonZh = "没有这个学段。" });
        }

        if (readiness is not null && !PoolReadiness.IsKnown(readiness))
        {
            errors.Add(new FieldError("readiness", "must be ready or developing.") { ReasonZh = "评定只能是可提任或培养中。" });
        }

        if (min is not null && max is not null && min > max)
        {
            errors.Add(new FieldError("maxAge", "must not be below minAge.") { ReasonZh = "最大年龄不能小于最小年龄。" });
        }

        bool exited = query["includeExited"] == "true";
        var filter = new PoolFilter(
            new PoolQuery(pool, section, min, max, readiness, exited),
            [.. Names.Select(n => (n, Text(n))).Where(p => p.Item2 is not null && (p.n != "includeExited" || exited))]);
        return (filter, errors);
    }
}
