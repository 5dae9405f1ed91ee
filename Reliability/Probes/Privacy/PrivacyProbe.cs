using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EduFlows.Reliability.App;
using EduFlows.Reliability.Suite;

namespace EduFlows.Reliability.Probes.Privacy;

/// <summary>
/// Every endpoint that returns people, read as someone who is not an administrator: the directory's lists, records
/// and exports with a function key; <c>/api/me</c>, one's records and results with a staff member's own session; a
/// task's page and JSON with its link; the process views a non-admin may open. None may show an e-mail address, a
/// mobile number or a birth date (<see cref="PersonalData"/>), and a staff member sees nobody else's tasks, records or
/// scores.
/// </summary>
public sealed partial class PrivacyProbe : Probe
{
    public override string Name => "privacy";

    public override string Description =>
        "people-returning endpoints read with a function key, a staff session or a task link: expects no e-mail, mobile or birth date, and no one else's tasks, records or scores";

    public override async Task RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var app = context.App;
        string prefix = "pv" + context.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var people = await StaffPortalAccess.SeedPeopleAsync(app, prefix, 4, cancellationToken);
        var me = people[0];
        var other = people[1];
        var (myTask, myToken) = await StaffPortalAccess.AssignTaskAsync(app, (string)me["id"]!, (string)me["email"]!, cancellationToken);
        var (otherTask, _) = await StaffPortalAccess.AssignTaskAsync(app, (string)other["id"]!, (string)other["email"]!, cancellationToken);
        string cookie = await StaffPortalAccess.SignInAsync(app, (string)me["email"]!, cancellationToken);

        // Two researchers of a teaching-research office, each with a record of work, the first signed in.
        var researchers = await SeedResearchersAsync(app, prefix, cancellationToken);
        people = [.. people, .. researchers];
        string researcherCookie = await StaffPortalAccess.SignInAsync(app, (string)researchers[0]["email"]!, cancellationToken);

        // The sender's own address may appear in a page's footer; it is nobody's personal data.
        var scan = new PersonalData(people, ["noreply@qz-edu.example.cn"]);
        var reads = new Reads(app, scan, context, cancellationToken);
        string fk = AppUnderTest.FunctionKey;
        int year = DateTime.UtcNow.Year;

        // The directory with a function key: lists (every page in full), filtered lists, records, exports.
        int pages = 0;
        string? token = null;
        var someIds = new List<string>();
        do
        {
            string body = await reads.ReadAsync("staff list", "/api/directory/staff?pageSize=1000" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)), fk);
            var page = JsonNode.Parse(body);
            someIds.AddRange(page?["items"]?.AsArray().Select(i => (string)i!["id"]!).Where((_, i) => i % 97 == 0) ?? []);
            token = (string?)page?["continuationToken"];
            pages++;
        }
        while (!string.IsNullOrEmpty(token) && !context.IsFast);

        foreach (string filter in new[] { $"schoolId={prefix}-sch", $"departmentId={prefix}-dep", "post=teacher", "section=primary", "reservePrincipal=true" })
        {
            await reads.ReadAsync("staff list filtered", $"/api/directory/staff?pageSize=200&{filter}", fk);
        }

        foreach (string id in people.Select(p => (string)p["id"]!).Concat(someIds.Take(context.IsFast ? 3 : 40)))
        {
            await reads.ReadAsync("staff record", $"/api/directory/staff/{Uri.EscapeDataString(id)}", fk);
        }

        // Moves between units and posts (the demo county's people have some; the probe's own have none: an empty list).
        foreach (string id in people.Select(p => (string)p["id"]!).Concat(someIds.Take(context.IsFast ? 2 : 20)))
        {
            await reads.ReadAsync("staff moves", $"/api/directory/staff/{Uri.EscapeDataString(id)}/moves", fk);
        }

        await reads.ReadAsync("staff export csv", "/api/directory/staff/export?format=csv", fk);
        await reads.ReadAsync("staff export xlsx", "/api/directory/staff/export?format=xlsx", fk, xlsx: true);
        // A training base of the probe's school, so that the bases' list has a record to read (the demo county may be off).
        await StaffPortalAccess.PutAsync(app, $"/api/directory/training-bases/{prefix}-base", new JsonObject { ["id"] = $"{prefix}-base", ["schoolId"] = $"{prefix}-sch", ["name"] = "可靠性测试基地", ["capacity"] = 2 }, cancellationToken);
        foreach (string list in new[] { "schools", "departments", "training-bases" })
        {
            // Each list's records too (a department's or a school's names its head or principal by id).
            var items = JsonNode.Parse(await reads.ReadAsync(list, $"/api/directory/{list}?pageSize=1000", fk));
            var ids = (items?["items"] as JsonArray ?? items as JsonArray ?? []).Select(i => (string?)i?["id"]).OfType<string>();
            foreach (string id in ids.Take(context.IsFast ? 2 : 10))
            {
                await reads.ReadAsync(list + " record", $"/api/directory/{list}/{Uri.EscapeDataString(id)}", fk);
            }
        }

        // One's own page, records and results with a session: nobody else's tasks or scores either.
        string[] others = [.. people.Skip(1).Select(p => (string)p["id"]!), otherTask];
        await reads.ReadAsync("me (JSON)", "/api/me", null, cookie, others: others);
        await reads.ReadAsync("me (page)", "/api/me", null, cookie, accept: "text/html", others: others);
        await reads.ReadAsync("own records", "/api/researcher-reviews/records", null, cookie, others: others);
        await reads.ReadAsync("own records of a year", $"/api/researcher-reviews/records?year={year}&half=1", null, cookie, others: others);
        await reads.ReadAsync("own half-year result", $"/api/researcher-reviews/researcher-review-{year}-1-primary/results/mine", null, cookie, others: others);
        await reads.ReadAsync("own annual result", $"/api/researcher-reviews/annual/{year}/primary/mine", null, cookie, others: others);
        await reads.ReadAsync("own certificate", $"/api/shadow-training/certificates/{year}-01/{me["id"]}", null, cookie, others: others);

        string[] otherResearcher = [(string)researchers[1]["id"]!];
        await reads.ReadAsync("a researcher's own records", "/api/researcher-reviews/records", null, researcherCookie, others: otherResearcher);
        await reads.ReadAsync("a researcher's own records of a year", $"/api/researcher-reviews/records?year={year}", null, researcherCookie, others: otherResearcher);
        await reads.ReadAsync("a researcher's own page", "/api/me", null, researcherCookie, accept: "text/html", others: otherResearcher);
        await reads.RefusedAsync("another researcher's records", $"/api/researcher-reviews/records?researcherId={otherResearcher[0]}", researcherCookie);

        // Another person's things with one's own session or link: refused, whatever they hold.
        await reads.RefusedAsync("another's records", $"/api/researcher-reviews/records?researcherId={other["id"]}", cookie);
        await reads.RefusedAsync("another's panel scores", $"/api/researcher-reviews/researcher-review-{year}-1-primary/scores/{other["id"]}", cookie);
        await reads.RefusedAsync("another's certificate", $"/api/shadow-training/certificates/{year}-01/{other["id"]}", cookie);
        await reads.RefusedAsync("another's task with one's own token", $"/api/tasks/{Uri.EscapeDataString(otherTask)}?token={Uri.EscapeDataString(myToken)}", null);
        await reads.RefusedAsync("another's task with a session", $"/api/tasks/{Uri.EscapeDataString(otherTask)}", cookie);

        // A task link's page and JSON.
        string link = $"/api/tasks/{Uri.EscapeDataString(myTask)}?token={Uri.EscapeDataString(myToken)}";
        await reads.ReadAsync("task (JSON)", link, null, others: others);
        await reads.ReadAsync("task (page)", link, null, accept: "text/html", others: others);

        // Process views a function key may read.
        await reads.ReadAsync("department assessment year", $"/api/department-assessment/{year}", fk);
        await reads.ReadAsync("department assessment month", $"/api/department-assessment/{year}/months/3", fk);
        await reads.ReadAsync("department assessment half", $"/api/department-assessment/{year}/halves/1", fk);
        await reads.ReadAsync("department assessment session page", $"/api/department-assessment/{year}/session", null, accept: "text/html");
        foreach (string section in new[] { "primary", "junior", "senior" })
        {
            await reads.ReadAsync("researcher scheme", $"/api/researcher-reviews/schemes/{section}", fk);
        }

        // The department assessment: a duty review's panel and whole reports through a judge's link, and a head's own
        // year result with a session (people[2], of the probe's department, made its head).
        await StaffPortalAccess.PutAsync(app, $"/api/directory/departments/{prefix}-dep", new JsonObject { ["id"] = $"{prefix}-dep", ["name"] = "可靠性测试科", ["headId"] = (string)people[2]["id"]!, ["teachingResearchOffice"] = false }, cancellationToken);
        var duty = await AssessmentDutyPanel.RunAsync(app, prefix, $"{prefix}-dep", "可靠性测试科", (string)people[2]["id"]!, (string)me["id"]!, (string)other["id"]!, context.Random, cancellationToken);
        await reads.ReadAsync("a judge's duty panel after scoring (JSON)", duty.MyPanel, null, answers: true);
        await reads.ReadAsync("a judge's duty panel after scoring (page)", duty.MyPanel, null, accept: "text/html", answers: true);
        await reads.ReadAsync("the heads' whole duty reports, a judge's link", duty.DutyReports, null, accept: "text/html", answers: true);
        await reads.RefusedAsync("the duty panel, a judge's link before scoring", duty.OtherPanel, null);
        await reads.RefusedAsync("another judge's duty panel with one's own token", duty.OtherPanelWithMyToken, null);
        await AssessmentDutyPanel.PublishPastYearAsync(app, prefix, cancellationToken);
        int published = AssessmentDutyPanel.PublishedYear;
        var yearView = JsonNode.Parse(await reads.ReadAsync("department assessment published year", $"/api/department-assessment/{published}", fk, answers: true));
        string[] otherDepartments = [.. (yearView?["results"]?.AsArray() ?? []).Select(r => (string?)r?["departmentId"]).OfType<string>().Where(d => d != $"{prefix}-dep").Select(d => $"\"{d}\"")];
        string headCookie = await StaffPortalAccess.SignInAsync(app, (string)people[2]["email"]!, cancellationToken);
        await reads.ReadAsync("a head's own year result (JSON)", $"/api/department-assessment/{published}/mine", null, headCookie, others: otherDepartments, answers: true);
        await reads.ReadAsync("a head's own year result (page)", $"/api/department-assessment/{published}/mine", null, headCookie, accept: "text/html", answers: true);
        await reads.RefusedAsync("a year result, signed in as no department's head", $"/api/department-assessment/{published}/mine", cookie);

        // The scoring session's page on the hall's screen (anonymous), with a session open and a principal of the probe's
        // school having scored: times and a QR code, and nobody's id, task or score.
        var principal = new JsonObject
        {
            ["id"] = $"{prefix}-prn",
            ["name"] = "校长甲",
            ["gender"] = "male",
            ["birthDate"] = "1972-03-14",
            ["email"] = $"{prefix}-prn@reliability.example.cn",
            ["mobile"] = $"137{(52_000_000 + prefix.Length).ToString("D8", System.Globalization.CultureInfo.InvariantCulture)}",
            ["schoolId"] = $"{prefix}-sch",
            ["post"] = "principal",
            ["section"] = "primary",
            ["hireDate"] = "1995-09-01",
            ["postSince"] = "2016-09-01",
        };
        await StaffPortalAccess.PutAsync(app, $"/api/directory/staff/{principal["id"]}", principal, cancellationToken);
        people = [.. people, principal];
        reads.Scan = scan = new PersonalData(people, ["noreply@qz-edu.example.cn"]);
        var session = await ScoringSessionRun.RunAsync(app, prefix, $"{prefix}-dep", "可靠性测试科", (string)people[2]["id"]!, principal, cancellationToken);
        try
        {
            string[] notOnScreen = [session.PrincipalId, (string)principal["name"]!, session.Score, "dept-session-", $"{prefix}-stf-"];
            await reads.ReadAsync("the scoring session's page (anonymous)", ScoringSessionRun.PagePath, null, accept: "text/html", others: notOnScreen, answers: true);
            await reads.ReadAsync("the scoring session's page, the principal who scored signed in", ScoringSessionRun.PagePath, null, await StaffPortalAccess.SignInAsync(app, (string)principal["email"]!, cancellationToken), accept: "text/html", others: notOnScreen, answers: true);
        }
        finally
        {
            await session.EndAsync(app, cancellationToken);
        }

        // A shadow-training certificate of one's own week (mentored by another of the probe's people): one's name, base
        // and results; not the mentor, nor their comment; for its holder's session or its link, nobody else's. The other
        // has a week of the batch too (mentored by a third), run to its certificate: read with one's own link or session
        // it is there to refuse, so the answer must be the endpoint's refusal (401 to a link, 403 to a session), not
        // "no such certificate".
        var week = await ShadowCertificate.RunAsync(app, prefix, me, other, cancellationToken);
        try
        {
            var othersWeek = await ShadowCertificate.RunAsync(app, prefix, other, people[3], cancellationToken);
            try
            {
                string[] notTheHolder = [(string)other["id"]!, (string)other["name"]!, "可靠性测试：按计划完成"];
                string[] notTheOther = [(string)me["id"]!, (string)me["name"]!, (string)people[3]["id"]!, (string)people[3]["name"]!, "可靠性测试：按计划完成"];
                string myCertificateToken = week.Link[week.Link.IndexOf('?', StringComparison.Ordinal)..];
                await reads.ReadAsync("own certificate of a finished week, signed in", week.Path, null, cookie, accept: "text/html", others: notTheHolder, answers: true);
                await reads.ReadAsync("own certificate of a finished week, the mail's link", week.Link, null, accept: "text/html", others: notTheHolder, answers: true);
                await reads.ReadAsync("another trainee's certificate, their own mail's link", othersWeek.Link, null, accept: "text/html", others: notTheOther, answers: true);
                string mentorCookie = await StaffPortalAccess.SignInAsync(app, (string)other["email"]!, cancellationToken);
                await reads.RefusedAsync("a trainee's certificate, read by their mentor signed in", week.Path, mentorCookie, HttpStatusCode.Forbidden);
                await reads.RefusedAsync("another trainee's certificate with one's own link", othersWeek.Path + myCertificateToken, null, HttpStatusCode.Unauthorized);
                await reads.RefusedAsync("another trainee's certificate with one's own session", othersWeek.Path, cookie, HttpStatusCode.Forbidden);
                await reads.ReadAsync("own certificate after another's was refused, signed in", week.Path, null, cookie, accept: "text/html", others: notTheHolder, answers: true);
            }
            finally
            {
                await othersWeek.EndAsync(app, cancellationToken);
            }
        }
        finally
        {
            await week.EndAsync(app, cancellationToken);
        }

        // The sign-in link's page, before it is used: it names whom it signs in, nothing personal.
        int mailsBefore = app.Mail.All.Count(m => m.To.Contains((string)other["email"]!, StringComparer.OrdinalIgnoreCase));
        await StaffPortalAccess.PostAsync(app, "/api/me/sign-in", new JsonObject { ["email"] = (string)other["email"]! }, cancellationToken);
        var signInLink = await StaffPortalAccess.WaitForMailAsync(app, (string)other["email"]!, SignInLinkPath(), mailsBefore, TimeSpan.FromSeconds(60), cancellationToken);
        await reads.ReadAsync("a sign-in link's page", signInLink.Groups[1].Value, null, accept: "text/html", others: [(string)me["id"]!, (string)me["name"]!], answers: true);

        // A finished review: each researcher's own published result and result mail, the panel's view of the scores.
        var finished = await FinishedReview.RunAsync(app, prefix, context.Random, cancellationToken);
        var finishedIds = finished.Researchers.Select(r => (string)r["id"]!).ToList();
        scan = new PersonalData([.. people, .. finished.Researchers], ["noreply@qz-edu.example.cn"]);
        reads.Scan = scan;
        string panelCookie = await StaffPortalAccess.SignInAsync(app, (string)finished.Researchers[0]["email"]!, cancellationToken);
        string reviewedCookie = await StaffPortalAccess.SignInAsync(app, (string)finished.Researchers[2]["email"]!, cancellationToken);
        string[] notTheReviewed = [.. finishedIds.Take(2), .. finished.Researchers.Take(2).Select(r => (string)r["name"]!)];
        await reads.ReadAsync("own published half-year result", $"/api/researcher-reviews/{finished.ReviewId}/results/mine", null, reviewedCookie, others: notTheReviewed, answers: true);
        await reads.ReadAsync("own published annual result", $"/api/researcher-reviews/annual/{finished.Year}/junior/mine", null, reviewedCookie, others: notTheReviewed, answers: true);
        await reads.ReadAsync("a panel member's view of the scores (JSON)", $"/api/researcher-reviews/{finished.ReviewId}/scores/{finishedIds[2]}", null, panelCookie, answers: true);
        await reads.ReadAsync("a panel member's view of the scores (page)", $"/api/researcher-reviews/{finished.ReviewId}/scores/{finishedIds[2]}", null, panelCookie, accept: "text/html", answers: true);
        await reads.RefusedAsync("a panel's scores, read by the researcher scored", $"/api/researcher-reviews/{finished.ReviewId}/scores/{finishedIds[2]}", reviewedCookie);
        await reads.RefusedAsync("another's published result, by session", $"/api/researcher-reviews/{finished.ReviewId}/scores/{finishedIds[0]}", reviewedCookie);
        reads.ResultMails(finished.Researchers, "【考核结果】");

        // A pilot reallocation of the probe's school: each teacher's points mail and objection page show only their own.
        var teachers = people.Take(4).Where(p => p["schoolId"] is not null).ToList();
        var points = await ReallocationPoints.RunAsync(app, prefix, $"{prefix}-sch", (string)people[2]["id"]!, teachers, cancellationToken);
        foreach (var teacher in teachers)
        {
            string[] otherTeachers = [.. teachers.Where(t => t != teacher).SelectMany(t => new[] { (string)t["id"]!, (string)t["name"]! })];
            await reads.ReadAsync("own objection page (points)", points.ObjectionLinks[(string)teacher["id"]!], null, accept: "text/html", others: otherTeachers, answers: true);
        }

        // The appeal page of the same reallocation, signed in (both profiles): out of an appeal window it says why it is
        // shut; in one it is the form naming its reader. Either way nobody else, and nothing without a link or a session.
        string appealPath = $"/api/staff-reallocation/{points.ReallocationId}/appeals";
        string[] notMeOfTeachers = [.. teachers.Skip(1).SelectMany(t => new[] { (string)t["id"]!, (string)t["name"]! })];
        await reads.ReadAsync("own appeal page, signed in", appealPath, null, cookie, accept: "text/html", others: notMeOfTeachers, answers: true);
        await reads.RefusedAsync("an appeal page with no link and no session", appealPath, null);
        await reads.RefusedPostAsync("an objection lodged for another with one's own link", points.ObjectionLinks[(string)teachers[0]["id"]!], new JsonObject { ["staffId"] = (string)teachers[1]["id"]!, ["reason"] = "可靠性测试：替他人提出异议" });
        reads.ResultMails(teachers, ReallocationPoints.Subject);
        await points.EndAsync(app, cancellationToken);

        // A lecture's registration pages (both profiles): one's own link shows one's own status and counts, nobody else.
        var lecture = await LectureRegistrations.RunAsync(app, prefix, (string)people[2]["id"]!, [me, other], cancellationToken);
        string[] notMe = [(string)other["id"]!, (string)other["name"]!];
        string myRegistration = lecture.Links[(string)me["id"]!];
        string myLectureToken = LectureRegistrations.TokenOf(myRegistration);
        string registrationPath = $"/api/training/lectures/{lecture.LectureId}/registration";
        await reads.ReadAsync("own lecture registration (JSON)", myRegistration, null, others: notMe, answers: true);
        await reads.ReadAsync("own lecture registration (page)", myRegistration, null, accept: "text/html", others: notMe, answers: true);
        await reads.ReadAsync("own lecture registration, signed in", registrationPath, null, cookie, others: notMe, answers: true);
        await reads.ReadAsync("a waiting registration (page)", lecture.Links[(string)other["id"]!], null, accept: "text/html", others: [(string)me["id"]!, (string)me["name"]!], answers: true);
        // The check-in page the venue's QR code opens (both profiles): the lecture's facts, and a sign-in or the button.
        string checkIn = await LectureRegistrations.CheckInLinkAsync(app, lecture.LectureId, cancellationToken);
        await reads.ReadAsync("a lecture's check-in page, signed in", checkIn, null, cookie, accept: "text/html", others: notMe, answers: true);
        await reads.ReadAsync("a lecture's check-in page, signed out", checkIn, null, accept: "text/html", others: [.. notMe, (string)me["id"]!, (string)me["name"]!], answers: true);
        await reads.RefusedAsync("a lecture's registration with a tampered token", $"{registrationPath}?token={Uri.EscapeDataString(Tampered(myLectureToken))}", null);
        await reads.RefusedAsync("another lecture's registration with one's own token", $"/api/training/lectures/{lecture.LectureId}-x/registration?token={Uri.EscapeDataString(myLectureToken)}", null);
        await reads.RefusedAsync("a lecture's registration with a task's token", $"{registrationPath}?token={Uri.EscapeDataString(myToken)}", null);

        // The head-teachers' association page of someone signed in who is not a member (both profiles): their own applications only.
        await reads.ReadAsync("own association page, not a member (JSON)", "/api/head-teachers/mine", null, cookie, others: notMe, answers: true);
        await reads.ReadAsync("own association page, not a member (page)", "/api/head-teachers/mine", null, cookie, accept: "text/html", others: notMe, answers: true);
        await reads.RefusedAsync("the association page without a session", "/api/head-teachers/mine", null);

        // A deputy-renewal round of a school of the probe's own at its promotion notice (both profiles): a teacher's link,
        // a signed-in staff member of another school, shows who is proposed for which post and nothing personal of
        // anyone, nor the people not on notice or the principal's reasons; a tampered, foreign or missing link opens nothing.
        var renewal = await DeputyRenewalNotice.RunAsync(app, prefix, (string)people[2]["id"]!, context.Random, cancellationToken);
        try
        {
            var before = reads.Scan;
            reads.Scan = new PersonalData([.. people, .. finished.Researchers, .. renewal.People], ["noreply@qz-edu.example.cn"], PersonalData.ShownToOthers);
            string[] notOnNotice = [.. renewal.NotOnNotice];
            await reads.ReadAsync("a school's promotion notice, a teacher's link (JSON)", renewal.TeacherLink, null, others: notOnNotice, answers: true);
            await reads.ReadAsync("a school's promotion notice, a teacher's link (page)", renewal.TeacherLink, null, accept: "text/html", others: notOnNotice, answers: true);
            await reads.ReadAsync("a school's promotion notice, another school's staff signed in (JSON)", renewal.NoticePath, null, cookie, others: notOnNotice, answers: true);
            await reads.ReadAsync("a school's promotion notice, another school's staff signed in (page)", renewal.NoticePath, null, cookie, accept: "text/html", others: notOnNotice, answers: true);
            await reads.RefusedAsync("a promotion notice with a tampered token", $"{renewal.NoticePath}?token={Uri.EscapeDataString(Tampered(renewal.Token))}", null);
            await reads.RefusedAsync("a promotion notice with a forged token", $"{renewal.NoticePath}?token=abc.def", null);
            await reads.RefusedAsync("a promotion notice with a task's token", $"{renewal.NoticePath}?token={Uri.EscapeDataString(myToken)}", null);
            await reads.RefusedAsync("another school's notice with a teacher's link", $"/api/deputy-renewals/{renewal.RoundId}/schools/{prefix}-sch/notice?token={Uri.EscapeDataString(renewal.Token)}", null);
            await reads.RefusedAsync("another round's notice with a teacher's link", $"/api/deputy-renewals/2032/schools/{renewal.SchoolId}/notice?token={Uri.EscapeDataString(renewal.Token)}", null);
            await reads.RefusedAsync("a promotion notice with no link and no session", renewal.NoticePath, null);
            await reads.RefusedAsync("a promotion notice with a tampered token and a session", $"{renewal.NoticePath}?token={Uri.EscapeDataString(Tampered(renewal.Token))}", cookie);
            reads.Mails("a school's notice mail", renewal.Mails(app), mail => renewal.NotOnNoticeBut(mail.To));
            reads.Scan = before;
        }
        finally
        {
            await renewal.EndAsync(app, cancellationToken);
        }

        // A term election of the demo county's association (full profile): a member's ballot and page show nobody's
        // personal fields and no other member beyond the candidates; a tampered or foreign token opens no ballot.
        if (!context.IsFast)
        {
            var ballot = await AssociationBallot.RunAsync(app, prefix, cancellationToken);
            try
            {
                string voterId = (string)ballot.Voter["id"]!;
                reads.Scan = new PersonalData([.. people, .. finished.Researchers, ballot.Voter], ["noreply@qz-edu.example.cn"]);
                string memberCookie = await StaffPortalAccess.SignInAsync(app, (string)ballot.Voter["email"]!, cancellationToken);
                string[] otherMembers = [.. ballot.OtherMembers];
                await reads.ReadAsync("own ballot (JSON)", ballot.BallotLink, null, others: otherMembers, answers: true);
                await reads.ReadAsync("own ballot (page)", ballot.BallotLink, null, accept: "text/html", others: otherMembers, answers: true);
                await reads.ReadAsync("a member's association page (JSON)", "/api/head-teachers/mine", null, memberCookie, others: otherMembers, answers: true);
                await reads.ReadAsync("a member's association page (page)", "/api/head-teachers/mine", null, memberCookie, accept: "text/html", others: otherMembers, answers: true);
                string ballotPath = $"/api/head-teachers/elections/{ballot.ElectionId}/ballot";
                await reads.RefusedAsync("a ballot with a tampered token", $"{ballotPath}?token={Uri.EscapeDataString(Tampered(ballot.Token))}", null);
                await reads.RefusedAsync("a ballot with a lecture registration's token", $"{ballotPath}?token={Uri.EscapeDataString(myLectureToken)}", null);
                await reads.RefusedAsync("a ballot with a session and no token", ballotPath, memberCookie);
                await reads.RefusedAsync("a lecture's registration with a ballot's token", $"{registrationPath}?token={Uri.EscapeDataString(ballot.Token)}", null);
                context.Log.WriteLine($"  ballot of {voterId} in {ballot.ElectionId}");
            }
            finally
            {
                await ballot.EndAsync(app, cancellationToken);
            }
        }

        // An open selection at its interview day (full profile: the dev clock moves three days and more): a judge's score
        // sheet shows no one's personal fields and no other judge's score before the judge's own; the panel's scores page
        // opens to a judge only once they have scored, never to a non-judge, a candidate, or a forged or tampered link.
        if (!context.IsFast)
        {
            var selection = await OpenSelectionJudges.RunAsync(app, prefix, (string)people[2]["id"]!, context.Random, cancellationToken);
            try
            {
                reads.Scan = new PersonalData([.. people, .. finished.Researchers, .. selection.Candidates], ["noreply@qz-edu.example.cn"], PersonalData.ShownToOthers);
                var panel = selection.Judges.OrderBy(j => j.Key, StringComparer.Ordinal).ToList();
                var (first, second, third) = (panel[0].Value, panel[1].Value, panel[2].Value);
                string scores = selection.ScoresPath;
                string candidateCookie = await StaffPortalAccess.SignInAsync(app, (string)selection.Candidates[0]["email"]!, cancellationToken);
                string staffCookie = await StaffPortalAccess.SignInAsync(app, (string)other["email"]!, cancellationToken);
                string[] secondsScores = ["87.5", "61.5"];
                await OpenSelectionJudges.SubmitAsync(app, second, [87.5m, 61.5m], cancellationToken);

                await reads.ReadAsync("a judge's score sheet before scoring (JSON)", first.Path, null, others: secondsScores, answers: true);
                await reads.ReadAsync("a judge's score sheet before scoring (page)", first.Path, null, accept: "text/html", others: secondsScores, answers: true);
                await reads.RefusedAsync("the panel's scores, a judge's link before scoring", $"{scores}?token={Uri.EscapeDataString(first.Token)}", null);
                await reads.RefusedAsync("a candidate's panel scores, a judge's link before scoring", $"{scores}?token={Uri.EscapeDataString(first.Token)}&candidate={selection.Candidates[0]["id"]}", null);
                await reads.RefusedAsync("the panel's scores, a non-judge signed in", scores, staffCookie);
                await reads.RefusedAsync("the panel's scores, a candidate signed in", scores, candidateCookie);
                await reads.RefusedAsync("the panel's scores, a candidate signed in with a scored judge's link", $"{scores}?token={Uri.EscapeDataString(second.Token)}", candidateCookie);
                await reads.RefusedAsync("the panel's scores with a tampered judge's link", $"{scores}?token={Uri.EscapeDataString(Tampered(second.Token))}", null);
                await reads.RefusedAsync("the panel's scores with a forged token", $"{scores}?token=abc.def", null);
                await reads.RefusedAsync("the panel's scores with a task's token", $"{scores}?token={Uri.EscapeDataString(myToken)}", null);
                await reads.RefusedAsync("the panel's scores with no link and no session", scores, null);
                await reads.RefusedAsync("another selection's scores with a scored judge's link", $"/api/open-selections/{selection.SelectionId}-x/interview-scores?token={Uri.EscapeDataString(second.Token)}", null);

                await OpenSelectionJudges.SubmitAsync(app, first, [70m, 72m], cancellationToken);
                string after = await reads.ReadAsync("the panel's scores, a judge's link after scoring (JSON)", $"{scores}?token={Uri.EscapeDataString(first.Token)}", null, answers: true);
                await reads.ReadAsync("the panel's scores, a judge's link after scoring (page)", $"{scores}?token={Uri.EscapeDataString(first.Token)}", null, accept: "text/html", answers: true);
                await reads.ReadAsync("a judge's score sheet after scoring (JSON)", first.Path, null, answers: true);
                if (!secondsScores.All(s => after.Contains(s, StringComparison.Ordinal)))
                {
                    context.Found("a read answers", $"the panel's scores after a judge's own showed not the other judge's 87.5 and 61.5: {after[..Math.Min(300, after.Length)]}");
                }

                await reads.RefusedAsync("the panel's scores, the third judge's link before scoring", $"{scores}?token={Uri.EscapeDataString(third.Token)}", null);
                context.Log.WriteLine($"  interview panel of {selection.SelectionId}: {string.Join(", ", panel.Select(j => j.Key))}");
            }
            finally
            {
                await selection.EndAsync(app, cancellationToken);
            }
        }

        // Coverage: every people-returning GET of the OpenAPI document must be among the reads above.
        var operations = Fuzz.FuzzOperation.FromOpenApi(await app.GetJsonAsync("/api/openapi.json", cancellationToken: cancellationToken));
        var coverage = PrivacyCoverage.Of(operations, reads.ReadPaths, context.IsFast);
        foreach (string finding in coverage.Findings.Concat(coverage.Stale))
        {
            context.Found("privacy coverage", finding);
        }

        foreach (string deferred in coverage.Deferred)
        {
            context.Log.WriteLine($"  full profile only: {deferred} ({PrivacyCoverage.FullProfileOnly[deferred]})");
        }

        context.Record("GET operations", coverage.Gets);
        context.Record("GET operations for the master key or the office only", coverage.AdminOnly);
        context.Record("GET operations named as returning nobody", coverage.NotPeople);
        context.Record("people-returning operations", coverage.PeopleReturning);
        context.Record("people-returning operations read as a non-admin", coverage.Read);
        context.Record("people-returning operations not read", coverage.NotRead.Count);
        context.Record("people-returning operations left to the full profile", coverage.Deferred.Count);
        context.Record("people-returning operations not read, known gaps", coverage.KnownGaps.Count);
        foreach (string gap in coverage.KnownGaps)
        {
            context.Log.WriteLine($"  known gap, not read: {gap} ({PrivacyCoverage.KnownGaps[gap]})");
        }
        context.Record("reads", reads.Count);
        context.Record("reads answered 2xx", reads.Answered);
        context.Record("staff list pages", pages);
        context.Record("refusals checked", reads.Refusals);
        context.Record("leaks", reads.Leaks);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"https?://[^/\s""'<>]+(/api/me/sign-in/[^\s""'<>?&]+)")]
    private static partial System.Text.RegularExpressions.Regex SignInLinkPath();

    // The token with its last character changed: its signature no longer matches.
    private static string Tampered(string token) => token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

    private static async Task<List<JsonObject>> SeedResearchersAsync(AppUnderTest app, string prefix, CancellationToken cancellationToken)
    {
        await StaffPortalAccess.PutAsync(app, $"/api/directory/departments/{prefix}-tro", new JsonObject { ["id"] = $"{prefix}-tro", ["name"] = "可靠性测试教研室", ["teachingResearchOffice"] = true }, cancellationToken);
        var researchers = new List<JsonObject>();
        for (int i = 0; i < 2; i++)
        {
            var researcher = new JsonObject
            {
                ["id"] = $"{prefix}-res-{i}",
                ["name"] = i == 0 ? "研究甲" : "研究乙",
                ["gender"] = "female",
                ["birthDate"] = $"197{5 + i}-05-2{i}",
                ["email"] = $"{prefix}-res-{i}@reliability.example.cn",
                ["mobile"] = $"1860000{(7_000 + i * 13 + prefix.Length).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)}",
                ["departmentId"] = $"{prefix}-tro",
                ["post"] = "researcher",
                ["subject"] = "mathematics",
                ["section"] = "primary",
            };
            await StaffPortalAccess.PutAsync(app, $"/api/directory/staff/{researcher["id"]}", researcher, cancellationToken);
            researchers.Add(researcher);

            using var record = AppUnderTest.WithKey(new HttpRequestMessage(HttpMethod.Post, "/api/researcher-reviews/records"), AppUnderTest.MasterKey);
            record.Headers.Add("x-acting-staff-id", $"{prefix}-stf-2");
            record.Content = new StringContent(new JsonObject
            {
                ["researcherId"] = researcher["id"]!.GetValue<string>(),
                ["kind"] = "school-visit",
                ["date"] = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["schoolId"] = $"{prefix}-sch",
                ["description"] = "可靠性测试听课",
            }.ToJsonString(), Encoding.UTF8, "application/json");
            using var answer = await app.Http.SendAsync(record, cancellationToken);
            if (!answer.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Adding a record for {researcher["id"]} answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        return researchers;
    }

    /// <summary>The reads of one run: each answer is scanned, and counted.</summary>
    private sealed class Reads(AppUnderTest app, PersonalData scan, ProbeContext context, CancellationToken cancellationToken)
    {
        /// <summary>What counts as personal data; widened as a probe seeds more people.</summary>
        public PersonalData Scan { get; set; } = scan;

        public int Count { get; private set; }

        public int Refusals { get; private set; }

        public int Answered { get; private set; }

        public int Leaks { get; private set; }

        /// <summary>The paths (with their query) read with an answer 2xx and no master key: what <see cref="PrivacyCoverage"/> counts as read.</summary>
        public List<string> ReadPaths { get; } = [];

        public async Task<string> ReadAsync(string what, string path, string? key, string? cookie = null, string accept = "application/json", bool xlsx = false, IReadOnlyList<string>? others = null, bool answers = false)
        {
            Count++;
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (key is not null)
            {
                AppUnderTest.WithKey(request, key);
            }

            if (cookie is not null)
            {
                request.Headers.Add("Cookie", cookie);
            }

            request.Headers.Accept.ParseAdd(accept);
            using var response = await app.Http.SendAsync(request, cancellationToken);
            byte[] bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            string text = xlsx && response.IsSuccessStatusCode ? XlsxText(bytes) : Encoding.UTF8.GetString(bytes);
            Answered += response.IsSuccessStatusCode ? 1 : 0;
            if (response.IsSuccessStatusCode && key != AppUnderTest.MasterKey)
            {
                ReadPaths.Add(path);
            }
            context.Log.WriteLine($"  read {what}: {(int)response.StatusCode}");
            string who = key == AppUnderTest.MasterKey ? "master key" : key is not null ? "function key" : cookie is not null ? "staff session" : "task link / anonymous";
            // A read that must answer: a refusal would leave nothing to scan, and the check would pass unseen.
            if ((int)response.StatusCode >= 500 || (answers && !response.IsSuccessStatusCode))
            {
                context.Found("a read answers", $"GET {path} ({who}) -> {(int)response.StatusCode}: {Excerpt(text)}");
            }

            foreach (string leak in Scan.In(text))
            {
                Leaks++;
                context.Found("no personal fields", $"{what}: GET {path} ({who}) -> {(int)response.StatusCode} shows {leak}");
            }

            foreach (string id in others ?? [])
            {
                if (response.IsSuccessStatusCode && text.Contains(id, StringComparison.Ordinal))
                {
                    Leaks++;
                    context.Found("nobody else's data", $"{what}: GET {path} ({who}) -> {(int)response.StatusCode} shows '{id}': {Excerpt(text)}");
                }
            }

            return text;
        }

        /// <summary>
        /// Scans each person's caught mail whose subject starts with <paramref name="subject"/>: it must exist, and show
        /// no personal fields and none of the other people's ids or names.
        /// </summary>
        public void ResultMails(IReadOnlyList<System.Text.Json.Nodes.JsonObject> people, string subject)
        {
            foreach (var person in people)
            {
                Count++;
                string email = (string)person["email"]!;
                var mails = app.Mail.All.Where(m => m.To.Contains(email, StringComparer.OrdinalIgnoreCase) && m.Subject.StartsWith(subject, StringComparison.Ordinal)).ToList();
                if (mails.Count == 0)
                {
                    context.Found("a result mail", $"no mail '{subject}…' reached {person["id"]} (caught {app.Mail.All.Count} in all)");
                    continue;
                }

                Answered++;
                var others = people.Where(p => p != person).SelectMany(p => new[] { (string)p["id"]!, (string)p["name"]! }).ToList();
                foreach (var mail in mails)
                {
                    string text = mail.Subject + "\n" + mail.Text + "\n" + mail.Html;
                    foreach (string leak in Scan.In(text).Concat(others.Where(o => text.Contains(o, StringComparison.Ordinal))))
                    {
                        Leaks++;
                        context.Found("nobody else's data", $"mail '{mail.Subject}' to {person["id"]} ({mail.OutboxId}) shows {leak}: {Excerpt(mail.Text)}");
                    }
                }
            }
        }

        /// <summary>Scans mails sent to many (a notice): there must be some, each with no personal fields and none of what <paramref name="othersOf"/> gives for it.</summary>
        public void Mails(string what, IReadOnlyList<CaughtMail> mails, Func<CaughtMail, IReadOnlyList<string>> othersOf)
        {
            Count++;
            if (mails.Count == 0)
            {
                context.Found("a result mail", $"{what}: none caught (caught {app.Mail.All.Count} in all)");
                return;
            }

            Answered++;
            foreach (var mail in mails)
            {
                string text = mail.Subject + "\n" + mail.Text + "\n" + mail.Html;
                // Each mail goes to its one reader, whose own address may stand in it.
                foreach (string leak in Scan.In(text.Replace(string.Join(",", mail.To), string.Empty, StringComparison.OrdinalIgnoreCase)).Concat(othersOf(mail).Where(o => text.Contains(o, StringComparison.Ordinal))))
                {
                    Leaks++;
                    context.Found("nobody else's data", $"{what} '{mail.Subject}' to {string.Join(",", mail.To)} ({mail.OutboxId}) shows {leak}: {Excerpt(mail.Text)}");
                }
            }
        }

        /// <summary>Posts on someone else's behalf; anything but a 4xx is a leak.</summary>
        public async Task RefusedPostAsync(string what, string path, JsonNode body)
        {
            Count++;
            Refusals++;
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
            using var response = await app.Http.SendAsync(request, cancellationToken);
            string text = await response.Content.ReadAsStringAsync(cancellationToken);
            context.Log.WriteLine($"  post {what}: {(int)response.StatusCode}");
            if ((int)response.StatusCode is < 400 or >= 500)
            {
                Leaks++;
                context.Found("nobody else's data", $"{what}: POST {path} {body.ToJsonString()} -> {(int)response.StatusCode}: {Excerpt(text)}");
            }
        }

        /// <summary>
        /// Reads what belongs to someone else; anything but a 4xx is a leak. With <paramref name="expected"/> (for a
        /// record known to exist), another 4xx is a finding too: a "not found" would pass whether or not the reader is refused.
        /// </summary>
        public async Task RefusedAsync(string what, string path, string? cookie, HttpStatusCode? expected = null)
        {
            Count++;
            Refusals++;
            var (status, _, body) = await StaffPortalAccess.GetAsync(app, path, null, cookie, "application/json", cancellationToken);
            string who = cookie is null ? "another task's token" : "staff session";
            if ((int)status is < 400 or >= 500)
            {
                Leaks++;
                context.Found("nobody else's data", $"{what}: GET {path} ({who}) -> {(int)status}: {Excerpt(body)}");
            }
            else if (expected is { } refusal && status != refusal)
            {
                context.Found("refused as the endpoint says", $"{what}: GET {path} ({who}) -> {(int)status}, expected {(int)refusal}: {Excerpt(body)}");
            }
        }

        private static string XlsxText(byte[] bytes)
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var all = new StringBuilder();
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(entry.Open());
                all.AppendLine(reader.ReadToEnd());
            }

            return all.ToString();
        }

        private static string Excerpt(string text) => text.Length <= 300 ? text : text[..300] + "…";
    }
}
