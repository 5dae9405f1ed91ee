using System.Globalization;
using System.Text.Json;
using EduFlows.Hosting;

namespace EduFlows.Tasks;

/// <summary>Checks an answer against its task kind's fields and normalises it; every problem is named by field.</summary>
public static class TaskForm
{
    // No thousands separators: "1,5" is a typo for 1.5, not fifteen.
    private const NumberStyles NumberStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    /// <summary>Validates the raw fields of a form post or JSON body.</summary>
    /// <returns>The normalised values (absent optional fields left out), or the field errors (then the values are null).</returns>
    public static (IReadOnlyDictionary<string, string>? Values, List<FieldError> Errors) Validate(TaskKind kind, IReadOnlyDictionary<string, string?> raw)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(raw);
        var errors = new List<FieldError>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string unknown in raw.Keys.Where(k => kind.Fields.All(f => f.Name != k)))
        {
            errors.Add(Error(unknown, "is not a field of this task.", "不是本任务的填写项。"));
        }

        foreach (var field in kind.Fields)
        {
            string? text = raw.TryGetValue(field.Name, out var given) ? given?.Trim() : null;
            if (string.IsNullOrEmpty(text) || (field.Type == TaskFieldType.Confirm && !IsTrue(text)))
            {
                if (field.Required)
                {
                    errors.Add(field.Type == TaskFieldType.Confirm ? Error(field.Name, "must be confirmed.", "请勾选确认。") : Error(field.Name, "is required.", "此项必填。"));
                }
                else if (field.Type == TaskFieldType.Confirm && !string.IsNullOrEmpty(text) && !IsFalse(text))
                {
                    errors.Add(Error(field.Name, "must be true or false.", "须为“是”或“否”。"));
                }

                continue;
            }

            if (field.Type == TaskFieldType.RankedChoices)
            {
                var listErrors = RankedItems(field, text, out string joined);
                errors.AddRange(listErrors);
                if (listErrors.Count == 0)
                {
                    values[field.Name] = joined;
                }

                continue;
            }

            if (Normalise(field, text) is { } error)
            {
                errors.Add(error);
            }
            else
            {
                values[field.Name] = field.Type switch
                {
                    TaskFieldType.Number => decimal.Parse(text, NumberStyle, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                    TaskFieldType.Confirm => "true",
                    TaskFieldType.LongText => text.ReplaceLineEndings("\n"),
                    _ => text,
                };
            }
        }

        if (kind.AtLeastOneAnswer && errors.Count == 0 && values.Count == 0 && kind.Fields.Count > 0)
        {
            errors.Add(Error(kind.Fields[0].Name, "answer at least one field.", "请至少填写一项。"));
        }

        return errors.Count == 0 ? (values, errors) : (null, errors);
    }

    /// <summary>Reads a JSON object's members as raw field text; a member that is an array or object is an error.</summary>
    public static (Dictionary<string, string?> Raw, List<FieldError> Errors) FromJson(JsonElement body)
    {
        var raw = new Dictionary<string, string?>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error("body", "must be a JSON object of field values.", "须为由各填写项组成的 JSON 对象。"));
            return (raw, errors);
        }

        foreach (var member in body.EnumerateObject())
        {
            string name;
            try
            {
                name = member.Name;
            }
            catch (InvalidOperationException)
            {
                errors.Add(Error("body", NotText, NotTextZh));
                continue;
            }

            switch (member.Value.ValueKind)
            {
                case JsonValueKind.String:
                    // Invalid UTF-8, or an escaped lone surrogate ("\ud800"), cannot be read as text.
                    try
                    {
                        raw[name] = member.Value.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        errors.Add(Error(name, NotText, NotTextZh));
                        continue;
                    }

                    if (HasLoneSurrogate(raw[name]))
                    {
                        errors.Add(Error(name, NotText, NotTextZh));
                    }

                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    raw[name] = member.Value.GetRawText();
                    break;
                case JsonValueKind.Null:
                    raw[name] = null;
                    break;
                default:
                    errors.Add(Error(name, "must be a single value, not a list or an object (a ranked list is one choice per line).", "须为单个值，不能是列表或对象（志愿列表每行填写一项）。"));
                    break;
            }
        }

        return (raw, errors);
    }

    /// <summary>The reason given for a value that is not valid text (invalid UTF-8, a lone surrogate, or bytes a form could not decode).</summary>
    public const string NotText = "is not valid UTF-8 text.";

    // The same reason in Chinese (the error's ReasonZh).
    private const string NotTextZh = "不是有效的文本（UTF-8）。";

    /// <summary>
    /// The fields of a form post whose name or value is not valid text: a form decodes invalid UTF-8 to U+FFFD, which
    /// would be stored silently in place of what was meant.
    /// </summary>
    public static List<FieldError> CheckText(IReadOnlyDictionary<string, string?> raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return [.. raw.Where(f => f.Key.Contains('\uFFFD', StringComparison.Ordinal) || HasLoneSurrogate(f.Key)
                || f.Value?.Contains('\uFFFD', StringComparison.Ordinal) == true || HasLoneSurrogate(f.Value))
            .Select(f => Error(f.Key.Contains('\uFFFD', StringComparison.Ordinal) || HasLoneSurrogate(f.Key) ? "body" : f.Key, NotText, NotTextZh))];
    }

    private static bool HasLoneSurrogate(string? text)
    {
        for (int i = 0; i < (text?.Length ?? 0); i++)
        {
            if (char.IsHighSurrogate(text![i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static FieldError? Normalise(TaskField field, string text)
    {
        string name = field.Name;
        if (text.Length > field.MaxLength)
        {
            return Error(name, $"must be at most {field.MaxLength} characters.", $"最多 {field.MaxLength} 个字。");
        }

        switch (field.Type)
        {
            case TaskFieldType.Text when text.Contains('\n', StringComparison.Ordinal):
                return Error(name, "must be a single line.", "只能填写一行。");
            case TaskFieldType.Number:
                if (!decimal.TryParse(text, NumberStyle, CultureInfo.InvariantCulture, out decimal number))
                {
                    return Error(name, "must be a number.", "须为数字。");
                }

                if (number < field.Min || number > field.Max)
                {
                    string? min = field.Min?.ToString(CultureInfo.InvariantCulture), max = field.Max?.ToString(CultureInfo.InvariantCulture);
                    return Error(
                        name,
                        $"must be between {min ?? "-∞"} and {max ?? "∞"}.",
                        (min, max) switch
                        {
                            (null, _) => $"不能大于 {max}。",
                            (_, null) => $"不能小于 {min}。",
                            _ => $"须在 {min} 到 {max} 之间。",
                        });
                }

                return null;
            case TaskFieldType.Choice when field.Options.All(o => o.Value != text):
                // Staff chose from labels; the English reason names the values an app sends.
                return Error(name, $"must be one of: {string.Join(", ", field.Options.Select(o => o.Value))}.", $"请从以下选项中选择：{string.Join("、", field.Options.Select(o => o.Label.Zh))}。");
            case TaskFieldType.Date when !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _):
                return Error(name, "must be a date as yyyy-MM-dd.", "须为日期，格式如 2026-05-11。");
            default:
                return null;
        }
    }

    // Each item must be an option, once; a list over the limit is refused as a whole.
    private static List<FieldError> RankedItems(TaskField field, string text, out string joined)
    {
        var items = text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var errors = new List<FieldError>();
        if (items.Length > field.MaxItems)
        {
            errors.Add(Error(field.Name, $"must list at most {field.MaxItems} choices; {items.Length} given.", $"最多填写 {field.MaxItems} 个志愿，现填了 {items.Length} 个。"));
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < items.Length; i++)
        {
            string name = string.Create(CultureInfo.InvariantCulture, $"{field.Name}[{i}]");
            if (field.Options.All(o => o.Value != items[i]))
            {
                errors.Add(Error(name, $"'{items[i]}' is not one of the choices offered (unknown or closed).", string.Create(CultureInfo.InvariantCulture, $"第 {i + 1} 个志愿“{items[i]}”不在可选范围内（不存在或已关闭）。")));
            }

            if (!seen.TryAdd(items[i], i))
            {
                errors.Add(Error(name, string.Create(CultureInfo.InvariantCulture, $"repeats {field.Name}[{seen[items[i]]}]."), string.Create(CultureInfo.InvariantCulture, $"第 {i + 1} 个志愿与第 {seen[items[i]] + 1} 个重复。")));
            }
        }

        joined = string.Join('\n', items);
        return errors;
    }

    // Staff read the Chinese reason; apps and the office's tests read the English one.
    private static FieldError Error(string field, string reason, string reasonZh) => new(field, reason) { ReasonZh = reasonZh };

    // HTML check boxes post "on"; JSON posts true.
    private static bool IsTrue(string text) => text is "true" or "on" or "1" or "True";

    private static bool IsFalse(string text) => text is "false" or "off" or "0" or "False";
}
