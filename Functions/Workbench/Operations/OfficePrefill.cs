namespace EduFlows.Workbench.Operations;

/// <summary>Fills an office form shown by GET with what is stored, by the query that <c>OfficeForms</c> prefills from.</summary>
internal static class OfficePrefill
{
    /// <summary>Adds each non-empty value to the request's query, unless the address already gives that field.</summary>
    public static void Fill(HttpRequest request, IReadOnlyDictionary<string, string?> values)
    {
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (!query.ContainsKey(name) && !string.IsNullOrEmpty(value))
            {
                query[name] = value;
            }
        }

        request.Query = new QueryCollection(query);
    }
}
