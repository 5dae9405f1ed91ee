using EduFlows.Processes.StaffReallocation;
using EduFlows.Tasks;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>The cross-school round's phone form: a ranked list checked item by item, refused whole, naming the item.</summary>
public sealed class RankedListFormTests
{
    private static readonly TaskKind Form = StaffReallocationTasks.RankedList with
    {
        Fields = [StaffReallocationTasks.RankedList.Fields[0] with { Options = [Option("sch-a:primary:math"), Option("sch-b:primary:math"), Option("sch-r:primary:math")] }],
    };

    [Fact]
    public void Validate_ListOfOfferedPosts_StoredOnePerLineInOrder()
    {
        var (values, errors) = TaskForm.Validate(Form, new Dictionary<string, string?> { ["choices"] = "sch-r:primary:math\r\nsch-a:primary:math\n" });

        Assert.Empty(errors);
        Assert.Equal("sch-r:primary:math\nsch-a:primary:math", values!["choices"]);
    }

    [Fact]
    public void Validate_UnknownOrClosedPostAndDuplicate_RefusedNamingEachItem()
    {
        var (values, errors) = TaskForm.Validate(Form, new Dictionary<string, string?> { ["choices"] = "sch-a:primary:math\nsch-x:primary:math\nsch-a:primary:math" });

        Assert.Null(values);
        Assert.Equal(["choices[1]", "choices[2]"], errors.Select(e => e.Field));
        Assert.Contains("unknown or closed", errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("repeats choices[0]", errors[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OverLongList_RefusedNamingTheField()
    {
        var (values, errors) = TaskForm.Validate(Form with { Fields = [Form.Fields[0] with { MaxItems = 2 }] }, new Dictionary<string, string?> { ["choices"] = "sch-a:primary:math\nsch-b:primary:math\nsch-r:primary:math" });

        Assert.Null(values);
        Assert.Equal("choices", errors.Single().Field);
        Assert.Equal(RankedListValidation.MaxChoices, StaffReallocationTasks.RankedList.Fields[0].MaxItems);
    }

    [Fact]
    public void FromJson_RankedList_IsOneChoicePerLineAsTheFormsTextarea()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"choices":"sch-b:primary:math\nsch-a:primary:math","other":["sch-a:primary:math"]}""");

        var (raw, errors) = TaskForm.FromJson(doc.RootElement);

        Assert.Equal("sch-b:primary:math\nsch-a:primary:math", raw["choices"]);
        Assert.Equal("other", Assert.Single(errors).Field);
    }

    private static TaskFieldOption Option(string id) => new(id, new LocalizedText(id, id));
}
