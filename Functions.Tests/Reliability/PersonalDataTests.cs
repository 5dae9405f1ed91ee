using EduFlows.Reliability.Probes.Privacy;

namespace EduFlows.Tests.Reliability;

/// <summary>What the privacy probe counts as a mobile number: one in text, not eleven digits inside a trace id or hash.</summary>
public sealed class PersonalDataTests
{
    private static readonly PersonalData Nobody = new([], []);

    [Fact]
    public void AMobileInText_IsFound()
    {
        Assert.Equal(["a mobile number '13812345678'"], Nobody.In("联系电话：13812345678。"));
        Assert.Equal(["a mobile number '13812345678'"], Nobody.In("{\"note\":\"13812345678\"}"));
    }

    [Fact]
    public void ElevenDigitsInsideATraceId_AreNotAMobile()
    {
        // The traceId of the CI run that reported '16240609154' as a mobile: a W3C trace parent, hex throughout.
        Assert.Empty(Nobody.In("{\"status\":404,\"traceId\":\"00-3fa16240609154c2be0d7a91e4f35b6c-9d1e2f3a4b5c6d7e-00\"}"));
        Assert.Empty(Nobody.In("hash e16240609154a"));
    }

    private static readonly PersonalData ShownToOthers = new([], [], PersonalData.ShownToOthers);

    [Theory]
    [InlineData("<tr><td>张三</td><td>女</td><td>初中部</td></tr>")]
    [InlineData("<dl><dt>性别</dt><dd>男</dd></dl>")]
    [InlineData("<p>性别：女</p>")]
    [InlineData("<td> Female </td>")]
    public void AGenderShownOnAPage_IsFound_WhereThePageShowsPeopleToOthers(string html)
    {
        Assert.Single(ShownToOthers.In(html), f => f.StartsWith("a gender shown on the page", StringComparison.Ordinal));

        // One's own page may show one's own gender: only the pages for others are read for it.
        Assert.Empty(Nobody.In(html));
    }

    [Fact]
    public void GenderCharactersInsideOtherWords_AreNotAGender()
    {
        Assert.Empty(ShownToOthers.In("<td>三八妇女节读书会</td><td>男篮友谊赛</td><p>女子学校的校长</p>"));
    }
}
