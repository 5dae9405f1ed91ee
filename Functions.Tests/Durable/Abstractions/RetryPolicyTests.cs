using EduFlows.Durable;

namespace EduFlows.Tests.Durable.Abstractions;

public sealed class RetryPolicyTests
{
    [Fact]
    public void GetDelay_ExponentialBackoff_GrowsByCoefficientUpToTheCap()
    {
        var policy = new RetryPolicy(10, TimeSpan.FromSeconds(5), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30));

        var delays = Enumerable.Range(1, 6).Select(policy.GetDelay).ToArray();

        Assert.Equal([5, 10, 20, 30, 30, 30], delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public void GetDelay_DefaultCoefficient_KeepsTheFirstInterval()
    {
        var policy = new RetryPolicy(3, TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.FromMinutes(1), policy.GetDelay(1));
        Assert.Equal(TimeSpan.FromMinutes(1), policy.GetDelay(2));
    }

    [Theory]
    [InlineData(0, 1, 1.0, null)]
    [InlineData(3, 0, 1.0, null)]
    [InlineData(3, 1, 0.5, null)]
    [InlineData(3, 10, 1.0, 5)]
    public void Constructor_OutOfRange_Throws(int attempts, int firstSeconds, double coefficient, int? maxSeconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(
            attempts, TimeSpan.FromSeconds(firstSeconds), coefficient, maxSeconds is { } m ? TimeSpan.FromSeconds(m) : null));
    }

    [Fact]
    public void FailureDetails_FromNestedException_KeepsTypeMessageAndInnerFailure()
    {
        var details = TaskFailureDetails.FromException(new InvalidOperationException("outer", new FormatException("inner")));

        Assert.Equal(typeof(InvalidOperationException).FullName, details.ErrorType);
        Assert.Equal("outer", details.ErrorMessage);
        Assert.Equal(typeof(FormatException).FullName, details.InnerFailure!.ErrorType);
        Assert.True(details.IsCausedBy<InvalidOperationException>());
        Assert.False(details.IsCausedBy<FormatException>());
    }
}
