using System.Text;
using EduFlows.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace EduFlows.Tests.Hosting;

/// <summary>The office guard's rules without a host: which post is cross-site, and which App Service principal holds the office role.</summary>
public sealed class OfficeAccessRulesTests
{
    private const string PublicOrigin = "https://eduflows.qz.example.cn";

    [Theory]
    [InlineData("POST", null, null, false)]
    [InlineData("POST", "same-origin", null, false)]
    [InlineData("POST", "none", null, false)]
    [InlineData("POST", "same-site", null, true)]
    [InlineData("POST", "cross-site", "https://office.example", true)]
    [InlineData("POST", null, "https://office.example", false)]
    [InlineData("POST", null, PublicOrigin, false)]
    [InlineData("POST", null, "https://evil.example", true)]
    [InlineData("POST", null, "null", true)]
    [InlineData("DELETE", null, "https://evil.example", true)]
    [InlineData("GET", "cross-site", "https://evil.example", false)]
    public void IsCrossSite_FollowsSecFetchSite_ThenOrigin(string method, string? fetchSite, string? origin, bool crossSite)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("office.example");
        if (fetchSite is not null)
        {
            context.Request.Headers["Sec-Fetch-Site"] = fetchSite;
        }

        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        Assert.Equal(crossSite, CrossSitePosts.IsCrossSite(context.Request, PublicOrigin));
    }

    [Fact]
    public void OriginOf_IsSchemeHostAndPort_OfAnHttpUrlOnly()
    {
        Assert.Equal("https://eduflows.qz.example.cn", CrossSitePosts.OriginOf("https://eduflows.qz.example.cn/api/"));
        Assert.Equal("http://127.0.0.1:7071", CrossSitePosts.OriginOf("http://127.0.0.1:7071"));
        Assert.Null(CrossSitePosts.OriginOf("ftp://example.cn"));
        Assert.Null(CrossSitePosts.OriginOf(null));
    }

    [Fact]
    public void EasyAuthPrincipal_ReadsNameAndRoles_AsAppServiceSendsThem()
    {
        // As App Service sends an Entra ID user: the role claim type named by role_typ, the app roles under "roles".
        string json = """
            {"auth_typ":"aad","name_typ":"name","role_typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
             "claims":[{"typ":"name","val":"赵主任"},{"typ":"roles","val":"EduFlows.Office"},{"typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role","val":"Reader"}]}
            """;
        var principal = EasyAuthPrincipal.From(Request(Convert.ToBase64String(Encoding.UTF8.GetBytes(json))));

        Assert.NotNull(principal);
        Assert.Equal("赵主任", principal.Name);
        Assert.True(principal.HasRole(OfficeAccess.AppRole));
        Assert.True(principal.HasRole("Reader"));
        Assert.False(principal.HasRole("eduflows.office"));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("bm90IGpzb24=")]
    [InlineData("")]
    public void EasyAuthPrincipal_ThatDoesNotRead_IsNobody(string header) =>
        Assert.Null(EasyAuthPrincipal.From(Request(header)));

    [Theory]
    [InlineData("True", true)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData(null, false)]
    [InlineData("yes", false)]
    public void EasyAuth_IsOnlyTrusted_WhenAppServiceSaysItIsOn(string? setting, bool on)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [EasyAuthPrincipal.EnabledSetting] = setting }).Build();

        Assert.Equal(on, EasyAuthPrincipal.IsEnabled(configuration));
    }

    private static HttpRequest Request(string principal)
    {
        var context = new DefaultHttpContext();
        if (principal.Length > 0)
        {
            context.Request.Headers[EasyAuthPrincipal.HeaderName] = principal;
        }

        return context.Request;
    }
}
