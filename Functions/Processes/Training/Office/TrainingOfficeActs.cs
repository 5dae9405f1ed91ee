using EduFlows.Hosting;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;

namespace EduFlows.Processes.Training.Office;

/// <summary>
/// The office's acts on training from its pages, each through the JSON route's own handler (its rules, not repeated):
/// <c>office/training/new-lecture</c> adds a course (高端对接) or a lecture (青州教育讲堂) with its seats
/// (<see cref="TrainingApi.DefineAsync"/>), back to the year's page where it is listed;
/// <c>office/training/lectures/{lectureId}/invite</c> mails people their registration links
/// (<see cref="TrainingApi.InviteAsync"/>), back to the lecture's page. Registering, check-in and feedback are each
/// person's own acts, through their link; the venue's QR page is linked from the lecture's page.
/// </summary>
public sealed class TrainingOfficeActs(IConfiguration configuration)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the form; POST: defines the lecture (or redefines it while nobody has registered).</summary>
    [Function("OfficeTrainingNewLecture")]
    public Task<IResult> DefineAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/training/new-lecture")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("新增课程或讲座", "Add a course or lecture"),
            links.Say(
                "登记一次课程或讲座及其名额；之后可邀请学员报名，当天扫码签到，学时计入个人培训记录。已有人报名或已计学时的课程不能再修改。",
                "Records a course or lecture with its seats; people can then be invited to register, check in by QR on the day, and the hours go to their records. Once someone has registered or has hours for it, it cannot be changed."),
            links.Say("保存", "Save"),
            [
                new OfficeFormField("lectureId", links.Say("编号（必填，字母、数字和连字符）", "Id (required; letters, digits, hyphens)"), InRoute: true, Hint: links.Say("如 2027-03（年份加序号）。", "E.g. 2027-03 (the year and a number).")),
                new OfficeFormField("series", links.Say("类别", "Series"), Choices: [("lecture", links.Say("青州教育讲堂", "Qingzhou education lecture")), ("course", links.Say("高端对接", "High-end course"))]),
                new OfficeFormField("title", links.Say("题目", "Title")),
                new OfficeFormField("speaker", links.Say("主讲人", "Speaker")),
                new OfficeFormField("place", links.Say("地点", "Place")),
                new OfficeFormField("date", links.Say("日期", "Date"), OfficeFieldKind.Date),
                new OfficeFormField("starts", links.Say("开始时刻", "Starts"), OfficeFieldKind.Time),
                new OfficeFormField("ends", links.Say("结束时刻", "Ends"), OfficeFieldKind.Time),
                new OfficeFormField("hours", links.Say("学时", "Hours"), OfficeFieldKind.Number),
                new OfficeFormField("capacity", links.Say("名额", "Seats"), OfficeFieldKind.WholeNumber),
                new OfficeFormField("waitingList", links.Say("满额后候补", "Waiting list when full"), OfficeFieldKind.YesNo, Choices: [("是", links.Say("是", "Yes")), ("否", links.Say("否", "No"))]),
                new OfficeFormField("ownerId", links.Say("负责人编号", "Owner's staff id"), Hint: links.Say("名录中的人员编号，如 stf-3。", "A staff id of the directory, e.g. stf-3.")),
            ]);
        return OfficeForms.RunAsync(
            request,
            links,
            "office/training/new-lecture",
            "office/training",
            act,
            route => ActivatorUtilities.CreateInstance<TrainingApi>(request.HttpContext.RequestServices).DefineAsync(request, route["lectureId"], cancellationToken),
            cancellationToken);
    }

    /// <summary>GET: the form; POST: mails each listed person the lecture's registration link (once per person).</summary>
    [Function("OfficeTrainingInvite")]
    public Task<IResult> InviteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/training/lectures/{lectureId}/invite")] HttpRequest request,
        string lectureId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        string lecture = "office/training/lectures/" + Uri.EscapeDataString(lectureId);
        var act = new OfficeFormAct(
            links.Say("邀请学员报名", "Invite people to register"),
            links.Say(
                "向名单中的每位人员发送报名链接邮件；收到邮件的人自行报名，满额后进入候补（如设候补）。已邀请过的人不会重复收到邮件。名单中有一个编号不在人员库，就一封也不发。",
                "Mails each person listed their registration link; they register themselves, and once the seats are taken they wait (if the lecture keeps a waiting list). Nobody is mailed twice. If one id is not in the directory, no mail is sent."),
            links.Say("发送邀请", "Send the invitations"),
            [
                new OfficeFormField("staffIds", links.Say("受邀人员编号", "Staff ids invited"), OfficeFieldKind.List, Hint: links.Say("名录中的人员编号，如 stf-31。", "Staff ids of the directory, e.g. stf-31.")),
            ]);
        return OfficeForms.RunAsync(
            request,
            links,
            lecture + "/invite",
            lecture,
            act,
            _ => ActivatorUtilities.CreateInstance<TrainingApi>(request.HttpContext.RequestServices).InviteAsync(request, lectureId, cancellationToken),
            cancellationToken);
    }
}
