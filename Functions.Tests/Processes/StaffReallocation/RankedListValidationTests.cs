using EduFlows.Processes.StaffReallocation;
using static EduFlows.Tests.Processes.StaffReallocation.County;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>A ranked list naming an unknown or closed post, a duplicate, another subject, or too many choices is refused field by field.</summary>
public sealed class RankedListValidationTests
{
    private static readonly Dictionary<string, SchoolPost> Posts = new[]
    {
        Post("s1"), Post("s2"), Post("s3", open: false), Post("s4", subject: "english"),
    }.ToDictionary(p => p.Id, StringComparer.Ordinal);

    private static readonly Participant Teacher = Staff("t1", "s1", 1);

    [Fact]
    public void Validate_OpenPostsOfTheSubject_NoErrors() =>
        Assert.Empty(RankedListValidation.Validate(Teacher, [Id("s2"), Id("s1")], Posts));

    [Fact]
    public void Validate_UnknownClosedDuplicateAndOtherSubject_NameEachField()
    {
        var errors = RankedListValidation.Validate(Teacher, [Id("s2"), "sch-999:junior:mathematics", Id("s3"), Id("s2"), Id("s4", subject: "english")], Posts);

        Assert.Equal(
            [
                ("choices[1]", "unknown post 'sch-999:junior:mathematics'"),
                ("choices[2]", "post 's3:junior:mathematics' is closed"),
                ("choices[3]", "duplicate of choices[0]"),
                ("choices[4]", "post 's4:junior:english' is for english, not mathematics"),
            ],
            errors.Select(e => (e.Field, e.Reason)));
    }

    [Fact]
    public void Validate_MoreThanTwentyChoices_NamesTheList()
    {
        var many = Enumerable.Range(0, RankedListValidation.MaxChoices + 1).Select(i => i % 2 == 0 ? Id("s1") : Id("s2")).ToList();

        var errors = RankedListValidation.Validate(Teacher, many, Posts);

        Assert.Equal(("choices", "at most 20 choices; 21 given"), (errors[0].Field, errors[0].Reason));
    }
}
