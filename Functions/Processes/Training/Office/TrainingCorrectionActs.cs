using EduFlows.Hosting;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;

namespace EduFlows.Processes.Training.Office;

/// <summary>
/// The office's corrections of a course or lecture from its page, each through the JSON route's own handler
/// (<see cref="TrainingCorrectionsApi"/>: its rules, not repeated) and back to the lecture's page:
/// <c>office/training/lectures/{lectureId}/capacity</c> sets the seats, <c>…/attendance</c> marks a person present or
/// removes a wrong check-in, <c>…/credit</c> credits hours by hand, <c>…/close</c> closes it.
/// </summary>
public sealed class TrainingCorrectionActs(IConfiguration configuration, TrainingOptions options)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the form; POST: sets the seats (people waiting move up when they grow).</summary>
    [Function("OfficeTrainingCapacity")]
    public Task<IResult> CapacityAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/training/lectures/{lectureId}/capacity")] HttpRequest request,
        string lectureId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("调整名额", "Change the seats"),
            links.Say(
                "名额不能少于已报名人数；增加名额时，候补名单中的人按顺序转为正式名额，并收到邮件通知。课程关闭或结束后不能再调整。",
                "Not below those registered; when seats grow, people waiting move up in order and are mailed. Not once the lecture is closed or over."),
            links.Say("保存名额", "Save the seats"),
            [new OfficeFormField("capacity", links.Say("名额", "Seats"), OfficeFieldKind.WholeNumber)]);
        return RunAsync(request, links, lectureId, "capacity", act, api => api.CapacityAsync(request, lectureId, cancellationToken), cancellationToken);
    }

    /// <summary>GET: the form; POST: marks a person present, or removes their check-in, with a reason.</summary>
    [Function("OfficeTrainingAttendance")]
    public Task<IResult> AttendanceAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/training/lectures/{lectureId}/attendance")] HttpRequest request,
        string lectureId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("更正签到", "Correct attendance"),
            links.Say(
                $"补记签到：确实到场但未扫码签到的人，自课程当天起可补记，计入该课程学时。撤销签到：错误的签到（或补计）不再计入学时。须写明原因，记入办理记录。课程后{options.CorrectionDays}天内可更正，逾期不再受理。",
                $"Mark present: someone who came but did not scan the code, from the lecture's day on; the lecture's hours are credited. Remove: a wrong check-in (or credit) counts no more. The reason goes to the record. Until {options.CorrectionDays} days after the lecture."),
            links.Say("保存更正", "Save the correction"),
            [
                new OfficeFormField("staffId", links.Say("人员编号", "Staff id"), Hint: links.Say("名录中的人员编号，如 stf-31。", "A staff id of the directory, e.g. stf-31.")),
                new OfficeFormField("present", links.Say("更正", "Correction"), OfficeFieldKind.YesNo, Choices: [("是", links.Say("补记签到", "Mark present")), ("否", links.Say("撤销签到", "Remove the check-in"))]),
                new OfficeFormField("reason", links.Say("原因", "Reason"), OfficeFieldKind.LongText),
            ]);
        return RunAsync(request, links, lectureId, "attendance", act, api => api.AttendanceAsync(request, lectureId, cancellationToken), cancellationToken);
    }

    /// <summary>GET: the form; POST: credits a person hours by hand, with a reason.</summary>
    [Function("OfficeTrainingCredit")]
    public Task<IResult> CreditAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/training/lectures/{lectureId}/credit")] HttpRequest request,
        string lectureId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("补计学时", "Credit hours"),
            links.Say(
                $"为未在本场签到、但已在别处参加同一课程等情况的人员补计学时，不超过该课程的学时；已有该课程学时记录的人须先撤销原记录。须写明原因，记入办理记录。课程后{options.CorrectionDays}天内可补计，逾期不再受理。",
                $"Credits hours to someone who took the course elsewhere, at most the course's own hours; someone who already has hours for it has that record removed first. The reason goes to the record. Until {options.CorrectionDays} days after the lecture."),
            links.Say("补计学时", "Credit the hours"),
            [
                new OfficeFormField("staffId", links.Say("人员编号", "Staff id"), Hint: links.Say("名录中的人员编号，如 stf-31。", "A staff id of the directory, e.g. stf-31.")),
                new OfficeFormField("hours", links.Say("学时", "Hours"), OfficeFieldKind.Number),
                new OfficeFormField("reason", links.Say("原因", "Reason"), OfficeFieldKind.LongText),
            ]);
        return RunAsync(request, links, lectureId, "credit", act, api => api.CreditAsync(request, lectureId, cancellationToken), cancellationToken);
    }

    /// <summary>GET: the form; POST: closes the lecture.</summary>
    [Function("OfficeTrainingClose")]
    public Task<IResult> CloseAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/training/lectures/{lectureId}/close")] HttpRequest request,
        string lectureId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say("关闭课程", "Close the lecture"),
            links.Say(
                "关闭后不再报名、取消报名或扫码签到，名额也不能再调整；学员仍可填写反馈，教育局仍可更正签到、补计学时。关闭后不能重新开放。",
                "Once closed: no more registrations, cancellations, check-ins or seat changes; feedback still comes in, and the office can still correct attendance and credit hours. It cannot be reopened."),
            links.Say("关闭", "Close"),
            [new OfficeFormField("reason", links.Say("原因（可不填）", "Reason (optional)"), OfficeFieldKind.LongText)]);
        return RunAsync(request, links, lectureId, "close", act, api => api.CloseAsync(request, lectureId, cancellationToken), cancellationToken);
    }

    private static Task<IResult> RunAsync(
        HttpRequest request, OfficeLinks links, string lectureId, string act, OfficeFormAct form, Func<TrainingCorrectionsApi, Task<IResult>> run, CancellationToken cancellationToken)
    {
        string lecture = "office/training/lectures/" + Uri.EscapeDataString(lectureId);
        return OfficeForms.RunAsync(
            request,
            links,
            lecture + "/" + act,
            lecture,
            form,
            _ => run(ActivatorUtilities.CreateInstance<TrainingCorrectionsApi>(request.HttpContext.RequestServices)),
            cancellationToken);
    }
}
