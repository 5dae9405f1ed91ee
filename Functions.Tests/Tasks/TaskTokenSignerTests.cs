using System.Security.Cryptography;
using EduFlows.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.Tests.Tasks;

public sealed class TaskTokenSignerTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 1, 1, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Check_IssuedToken_IsValidForItsTask_AndNamesTheAssignee()
    {
        var signer = new TaskTokenSigner(Key, _time);
        string token = signer.Issue(new TaskLinkToken("task-1", "stf-00042", _time.GetUtcNow().AddDays(7)));

        var result = signer.Check(token, "task-1", out var claims);

        Assert.Equal(TaskTokenCheck.Valid, result);
        Assert.Equal("stf-00042", claims!.AssigneeId);
        Assert.DoesNotContain('+', token);
        Assert.DoesNotContain('/', token);
    }

    [Fact]
    public void Check_TokenForAnotherTask_IsOtherTask()
    {
        var signer = new TaskTokenSigner(Key, _time);
        string token = signer.Issue(new TaskLinkToken("task-1", "stf-1", _time.GetUtcNow().AddDays(7)));

        Assert.Equal(TaskTokenCheck.OtherTask, signer.Check(token, "task-2", out _));
    }

    [Fact]
    public void Check_AfterExpiry_IsExpired_AndJustBeforeIsValid()
    {
        var signer = new TaskTokenSigner(Key, _time);
        string token = signer.Issue(new TaskLinkToken("task-1", "stf-1", _time.GetUtcNow().AddHours(48)));

        _time.Advance(TimeSpan.FromHours(48) - TimeSpan.FromSeconds(1));
        Assert.Equal(TaskTokenCheck.Valid, signer.Check(token, "task-1", out _));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TaskTokenCheck.Expired, signer.Check(token, "task-1", out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData("a.b.c")]
    [InlineData("!!!.###")]
    public void Check_Malformed_IsUnauthenticated(string? token)
    {
        Assert.Equal(TaskTokenCheck.Unauthenticated, new TaskTokenSigner(Key, _time).Check(token, "task-1", out _));
    }

    [Fact]
    public void Check_ForgedPayloadOrOtherKey_IsUnauthenticated()
    {
        var signer = new TaskTokenSigner(Key, _time);
        string token = signer.Issue(new TaskLinkToken("task-1", "stf-1", _time.GetUtcNow().AddDays(7)));
        string otherAssignee = new TaskTokenSigner(Key, _time).Issue(new TaskLinkToken("task-1", "stf-2", _time.GetUtcNow().AddDays(7)));
        string forged = otherAssignee.Split('.')[0] + "." + token.Split('.')[1];
        string foreign = new TaskTokenSigner(RandomNumberGenerator.GetBytes(32), _time).Issue(new TaskLinkToken("task-1", "stf-1", _time.GetUtcNow().AddDays(7)));

        Assert.Equal(TaskTokenCheck.Unauthenticated, signer.Check(forged, "task-1", out _));
        Assert.Equal(TaskTokenCheck.Unauthenticated, signer.Check(foreign, "task-1", out _));
    }

    [Fact]
    public void FromConfiguration_ShortOrMissingKey_SaysWhatIsNeeded()
    {
        var missing = new ConfigurationBuilder().Build();
        var shortKey = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["TASK_TOKEN_KEY"] = Convert.ToBase64String(new byte[16]) }).Build();

        Assert.Contains("TASK_TOKEN_KEY", Assert.Throws<InvalidOperationException>(() => TaskTokenSigner.FromConfiguration(missing, _time)).Message, StringComparison.Ordinal);
        Assert.Contains("32", Assert.Throws<InvalidOperationException>(() => TaskTokenSigner.FromConfiguration(shortKey, _time)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckSigned_AcceptsAGenuineUnexpiredTokenOfAnyTask_AndNothingElse()
    {
        var signer = new TaskTokenSigner(Key, _time);
        string token = signer.Issue(new TaskLinkToken("task-1", "stf-1", _time.GetUtcNow().AddDays(7)));
        string foreign = new TaskTokenSigner(RandomNumberGenerator.GetBytes(32), _time).Issue(new TaskLinkToken("task-1", "stf-1", _time.GetUtcNow().AddDays(7)));

        var valid = signer.CheckSigned(token, out var claims);
        var forged = signer.CheckSigned(foreign, out _);
        _time.Advance(TimeSpan.FromDays(8));
        var expired = signer.CheckSigned(token, out _);

        Assert.Equal((TaskTokenCheck.Valid, "stf-1"), (valid, claims!.AssigneeId));
        Assert.Equal(TaskTokenCheck.Unauthenticated, forged);
        Assert.Equal(TaskTokenCheck.Expired, expired);
    }
}
