using EduFlows.Reliability.Probes.Chaos;

namespace EduFlows.Tests.Reliability;

/// <summary>
/// How the chaos probe paces the dev clock for the pilot reallocation (issue 16). The full run of 2026-12-05 (seed
/// 32638) called the pilot stuck in the in-school round after 80 clock moves; run again, its history showed the round's
/// ApplyRound taking 28 s on a loaded host while the probe moved the clock 24 times (about once a second once 4 s
/// had passed quietly), the round's result mails taking 44 more moves, and the probe stopping at its 80-move cap with the
/// appeal window's 3-day timer set a minute earlier and never reached. The pilot then finished when the clock was moved.
/// </summary>
public sealed class ClockPacingTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    [Fact]
    public void BusyHost_ShowingNothingFor28Seconds_GetsOneMovePerQuietSpell_AndIsNotStuck()
    {
        var pacing = new ClockPacing(Bound);
        var at = TimeSpan.Zero;
        pacing.Progressed(at);
        for (; at < TimeSpan.FromSeconds(28); at += Poll)
        {
            Assert.False(pacing.IsStuck(at));
            if (pacing.ShouldMove(at, Quiet))
            {
                pacing.Moved(at);
            }
        }

        // 28 s of a host busy in one activity: a move at 4, 8, ... 24 s, not one every poll once 4 s have passed.
        Assert.InRange(pacing.Moves, 1, 7);
    }

    [Fact]
    public void ManyMovesAlready_ALegitimateWindowStillGetsTheMoveThatClosesIt()
    {
        var pacing = new ClockPacing(Bound);
        var at = TimeSpan.Zero;

        // A long run on a busy machine: 120 windows and busy spells, each closed by one move after some progress.
        for (int window = 0; window < 120; window++)
        {
            pacing.Progressed(at);
            at += Quiet;
            Assert.True(pacing.ShouldMove(at, Quiet));
            pacing.Moved(at);
            at += Poll;
        }

        // The next window (an appeal period's timer) opens: progress, then quiet.
        pacing.Progressed(at);
        at += Quiet;
        Assert.False(pacing.IsStuck(at));
        Assert.True(pacing.ShouldMove(at, Quiet));
    }

    [Fact]
    public void NothingMovingForTheBound_IsStuck_HoweverFewMovesWereMade()
    {
        var pacing = new ClockPacing(Bound);
        pacing.Progressed(TimeSpan.FromSeconds(10));
        Assert.False(pacing.IsStuck(TimeSpan.FromSeconds(10) + Bound - Poll));
        Assert.True(pacing.IsStuck(TimeSpan.FromSeconds(10) + Bound));
    }

    [Fact]
    public void AfterARestart_TheLongerQuietApplies_ThenMovesResumeAtTheShortOne()
    {
        var pacing = new ClockPacing(Bound);
        pacing.Progressed(TimeSpan.Zero);
        var afterKill = TimeSpan.FromSeconds(40);
        Assert.False(pacing.ShouldMove(TimeSpan.FromSeconds(39), afterKill));
        Assert.True(pacing.ShouldMove(TimeSpan.FromSeconds(40), afterKill));
        pacing.Moved(TimeSpan.FromSeconds(40));
        Assert.False(pacing.ShouldMove(TimeSpan.FromSeconds(43), Quiet));
        Assert.True(pacing.ShouldMove(TimeSpan.FromSeconds(44), Quiet));
    }
}
