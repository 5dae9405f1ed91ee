using EduFlows.Hosting;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;

namespace EduFlows.Processes.HeadTeachersAssociation.Office;

/// <summary>
/// The office's acts on the association's events from its page, each through the JSON route's own handler (its rules,
/// not repeated) and back to that page: <c>office/head-teachers/new-event</c> announces a reading salon, a lecture or
/// a visit; <c>office/head-teachers/events/{eventId}/attendance</c> records the members who came.
/// </summary>
public sealed class AssociationEventActs(IConfiguration configuration)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the form; POST: announces the event.</summary>
    [Function("OfficeHeadTeachersNewEvent")]
    public Task<IResult> DefineAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/head-teachers/new-event")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("发布活动", "Announce an event"),
            links.Say(
                "发布一次读书沙龙、讲座或观摩活动及其名额；活动开始前两小时起可登记签到。编号已用过的不能再发布。",
                "Announces a reading salon, lecture or visit with its seats; attendance can be recorded from two hours before it starts. An id already used cannot be announced again."),
            links.Say("发布", "Announce"),
            [
                new OfficeFormField("eventId", links.Say("活动编号（必填，字母、数字和连字符）", "Event id (required; letters, digits, hyphens)"), InRoute: true, Hint: links.Say("如 2027-03（年份加月份）。", "E.g. 2027-03 (the year and month).")),
                new OfficeFormField("title", links.Say("活动名称", "Title")),
                new OfficeFormField("kind", links.Say("类型", "Kind"), Choices: [("reading-salon", links.Say("读书沙龙", "Reading salon")), ("lecture", links.Say("讲座", "Lecture")), ("visit", links.Say("观摩", "Visit"))]),
                new OfficeFormField("startsAt", links.Say("开始时间（北京时间）", "Starts (Beijing time)"), OfficeFieldKind.DateTime),
                new OfficeFormField("place", links.Say("地点", "Place")),
                new OfficeFormField("capacity", links.Say("名额（1至500）", "Seats (1 to 500)"), OfficeFieldKind.WholeNumber),
            ]);
        return OfficeForms.RunAsync(
            request,
            links,
            "office/head-teachers/new-event",
            "office/head-teachers",
            act,
            route => AssociationOfficeActs.Api(request).DefineEventAsync(request, route["eventId"], cancellationToken),
            cancellationToken);
    }

    /// <summary>GET: the form; POST: records who came (a member recorded twice counts once).</summary>
    [Function("OfficeHeadTeachersAttendance")]
    public Task<IResult> AttendanceAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/head-teachers/events/{eventId}/attendance")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("登记签到", "Record attendance"),
            links.Say(
                "登记到场的会员，活动开始前两小时起有效；已登记的会员再登记只算一次，总数不能超过名额。",
                "Records the members who came, from two hours before the start; a member already recorded counts once, and the total cannot pass the seats."),
            links.Say("登记签到", "Record"),
            [
                new OfficeFormField("memberIds", links.Say("到场会员编号", "Members' staff ids"), OfficeFieldKind.List, Hint: links.Say("须为学会会员。", "Must be members.")),
            ]);
        return OfficeForms.RunAsync(
            request,
            links,
            "office/head-teachers/events/" + Uri.EscapeDataString(eventId) + "/attendance",
            "office/head-teachers",
            act,
            _ => AssociationOfficeActs.Api(request).AttendanceAsync(request, eventId, cancellationToken),
            cancellationToken);
    }
}
