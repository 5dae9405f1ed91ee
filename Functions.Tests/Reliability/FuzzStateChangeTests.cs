using EduFlows.Reliability.App;
using EduFlows.Reliability.Probes.Fuzz;

namespace EduFlows.Tests.Reliability;

/// <summary>
/// How the fuzz probe reports a state change (issue 16). The full run of 2026-12-07 05:39 reported "instance
/// 'hta-membership-stf-08699-1' appeared" and "1 mail(s) sent" without saying when or after which request, so the
/// cause (the demo county's association part starting its waiting application after the probe's snapshot) had to be
/// guessed. A change the app dates is now reported with its time and the fuzzed requests in flight then, or says that
/// none was.
/// </summary>
public sealed class FuzzStateChangeTests
{
    private static readonly DateTimeOffset Before = new(2026, 12, 7, 5, 40, 0, TimeSpan.Zero);
    private static readonly FuzzOperation Apply = new("POST", "/api/head-teachers/applications", FuzzKeyLevel.Function, "AssociationApply");

    [Fact]
    public void AnInstanceAndAMailAppearing_AreDatedInWallClockTime_EvenWithTheDevClockMovedAhead()
    {
        var clockAhead = TimeSpan.FromDays(40);
        var before = State([], [], Before);
        var created = Before.AddSeconds(30);
        var mail = new CaughtMail(Before.AddSeconds(31), "outbox-1", ["office@qz-edu.example.cn"], "入会申请待审核", "", "");
        var after = State(new() { ["hta-membership-stf-08699-1"] = created + clockAhead }, [mail], Before.AddSeconds(60), clockAhead);

        var changes = after.ChangesSince(before with { AppClock = Before + clockAhead });

        var instance = Assert.Single(changes, c => c.Text.Contains("hta-membership-stf-08699-1", StringComparison.Ordinal));
        Assert.Equal(created, instance.At);
        var sent = Assert.Single(changes, c => c.Text.Contains("入会申请待审核", StringComparison.Ordinal));
        Assert.Equal(mail.ReceivedAt, sent.At);
        Assert.Contains("office@qz-edu.example.cn", sent.Text, StringComparison.Ordinal);
        Assert.Equal(2, changes.Count);
    }

    [Fact]
    public void AChangeDuringARequest_NamesThatRequest_NearestFirst()
    {
        var at = Before.AddSeconds(10);
        var culprit = new SentCase(at.AddMilliseconds(-40), at.AddMilliseconds(30), Case("spoilt staffId", Apply), 202);
        var earlier = new SentCase(at.AddSeconds(-2.5), at.AddSeconds(-2), Case("no key", Apply), 401);
        var longBefore = new SentCase(at.AddSeconds(-9), at.AddSeconds(-8.9), Case("huge id", Apply), 400);
        var afterwards = new SentCase(at.AddSeconds(1.5), at.AddSeconds(1.6), Case("bad charset", Apply), 400);

        string suspects = FuzzProbe.Suspects(new FuzzChange("instance 'x' appeared (Running)", at), [longBefore, afterwards, earlier, culprit]);

        Assert.Contains("[spoilt staffId]", suspects, StringComparison.Ordinal);
        Assert.Contains("-> 202", suspects, StringComparison.Ordinal);
        Assert.True(suspects.IndexOf("[spoilt staffId]", StringComparison.Ordinal) < suspects.IndexOf("[no key]", StringComparison.Ordinal), suspects);
        Assert.DoesNotContain("[huge id]", suspects, StringComparison.Ordinal);
        Assert.DoesNotContain("[bad charset]", suspects, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInstanceCreatedTimeCutToTheSecond_StillNamesTheRequestSentWithinThatSecond()
    {
        // Created at 10.600 s by the request sent at 10.400 s; the management API says 10 s.
        var culprit = new SentCase(Before.AddSeconds(10.4), Before.AddSeconds(10.7), Case("spoilt staffId", Apply), 202);

        string suspects = FuzzProbe.Suspects(new FuzzChange("instance 'x' appeared (Running)", Before.AddSeconds(10)), [culprit]);

        Assert.Contains("[spoilt staffId]", suspects, StringComparison.Ordinal);
    }

    [Fact]
    public void AChangeWithNoRequestInFlight_SaysSomethingInTheBackgroundDidIt()
    {
        var at = Before.AddSeconds(10);
        var longBefore = new SentCase(at.AddSeconds(-9), at.AddSeconds(-8.9), Case("huge id", Apply), 400);

        string suspects = FuzzProbe.Suspects(new FuzzChange("1 mail", at), [longBefore]);

        Assert.Contains("no fuzzed request was in flight", suspects, StringComparison.Ordinal);
        Assert.Equal(string.Empty, FuzzProbe.Suspects(new FuzzChange("scheme changed", null), [longBefore]));
    }

    private static FuzzCase Case(string generator, FuzzOperation operation) =>
        new(generator, operation, operation.Template, "reliability-function-key", "application/json", "{}"u8.ToArray());

    private static FuzzState State(Dictionary<string, DateTimeOffset> created, IReadOnlyList<CaughtMail> mail, DateTimeOffset takenAt, TimeSpan clockAhead = default) =>
        new(
            new Dictionary<string, string>(StringComparer.Ordinal) { ["/api/directory/schools"] = "[]" },
            created.ToDictionary(c => c.Key, _ => "Running", StringComparer.Ordinal),
            created,
            mail,
            takenAt + clockAhead,
            takenAt);
}
