using EduFlows.Hosting;

namespace EduFlows.Tests.Hosting;

public sealed class DevClockTests
{
    [Fact]
    public async Task AdvanceBy_FiresDelaysThatFallDue_AndOnlyThose()
    {
        var clock = new DevClock();
        var start = clock.GetUtcNow();
        var dayLater = Task.Delay(TimeSpan.FromDays(1), clock);
        var monthLater = Task.Delay(TimeSpan.FromDays(40), clock);

        clock.AdvanceBy(TimeSpan.FromDays(2));
        await dayLater.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(monthLater.IsCompleted);
        Assert.True(clock.GetUtcNow() - start >= TimeSpan.FromDays(2));
    }

    [Fact]
    public void Clock_NeverGoesBack()
    {
        var clock = new DevClock();

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.AdvanceBy(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.SetTo(clock.GetUtcNow().AddDays(-1)));
    }
}
