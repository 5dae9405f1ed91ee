using EduFlows.Hosting;
using EduFlows.StaffPortal;
using EduFlows.Storage;
using EduFlows.Tasks;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// The HTTP side of a person's own lodged reason (an appeal, a points objection): who lodges it (an administrator with
/// the master key, the holder of the mail's signed link, or the person signed in), what they sent (a browser's form,
/// answered with a zh-CN page; JSON or a program's form, answered with problem+json), and the form page itself.
/// </summary>
/// <param name="Page">The zh-CN form and answer pages.</param>
/// <param name="HolderOf">Whom a valid token of a reallocation's signed link was issued to; null otherwise.</param>
/// <param name="SignInFirst">The 401's detail: how to lodge with the link or signed in.</param>
/// <param name="UnreadableForm">A browser's answer to a form that cannot be read.</param>
internal sealed record OwnReason(ReasonFormPage Page, Func<string?, string, string?> HolderOf, string SignInFirst, string UnreadableForm)
{
    /// <summary>
    /// The POST: <paramref name="lodge"/> checks and lodges the body for the person (null: the master key);
    /// <paramref name="fromForm"/> makes the body of a form's <c>staffId</c> and <c>reason</c>. Without the master key a
    /// browser's post from another origin is refused (403 naming <c>Origin</c>) before anything is read.
    /// </summary>
    public async Task<IResult> PostAsync<T>(
        HttpRequest request, FunctionKeys keys, string reallocationId, string? token, Func<string, string, T> fromForm, Func<string?, T, Task<IResult>> lodge, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(fromForm);
        ArgumentNullException.ThrowIfNull(lodge);
        string? self = null;
        if (!keys.Grants(AuthorizationLevel.Admin, FunctionKeys.Presented(request)))
        {
            // The address may carry a token: the answer is neither cached nor passed on as a Referer.
            TokenPages.KeepTokenPrivate(request.HttpContext.Response);

            // The session cookie rides along with any site's form: a reason posted from another origin is not the person's own.
            if (CrossSitePosts.IsCrossSite(request))
            {
                return PageOrProblem(request, ReallocationProblem.InChinese(StatusCodes.Status403Forbidden, "Origin", CrossSitePosts.RefusalZh));
            }

            self = await SelfAsync(request, reallocationId, token).ConfigureAwait(false);
            if (self is null)
            {
                return PageOrProblem(request, ReallocationProblem.InChinese(StatusCodes.Status401Unauthorized, "token", SignInFirst));
            }
        }

        if (request.HasFormContentType)
        {
            var (form, unreadable) = await request.ReadFormOrProblemAsync(cancellationToken).ConfigureAwait(false);
            if (unreadable is not null)
            {
                return request.AcceptsHtml() ? Page.Answer(ReallocationProblem.InChinese(StatusCodes.Status400BadRequest, "body", UnreadableForm)) : unreadable;
            }

            return PageOrProblem(request, await lodge(self, fromForm(form!["staffId"].ToString(), form["reason"].ToString())).ConfigureAwait(false));
        }

        var body = await request.ReadJsonAsync<T>(cancellationToken).ConfigureAwait(false);
        return body.Failed ? body.Problem : await lodge(self, body.Value).ConfigureAwait(false);
    }

    /// <summary>
    /// The GET: the person's form, open when <paramref name="openAt"/> says so of the reallocation as read (its stage, and
    /// for objections its close time; 401 without a link or session); closed, the page says why: <paramref name="closedWhy"/>'s
    /// words for it, else the page's own.
    /// </summary>
    public async Task<IResult> FormAsync(
        HttpRequest request, StaffReallocationStore store, string reallocationId, string? token, Func<ReallocationRecord?, bool> openAt, CancellationToken cancellationToken, Func<ReallocationRecord?, string?>? closedWhy = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(openAt);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        if (await SelfAsync(request, reallocationId, token).ConfigureAwait(false) is not { } self)
        {
            return PageOrProblem(request, ReallocationProblem.InChinese(StatusCodes.Status401Unauthorized, "token", SignInFirst));
        }

        if (ReallocationProblem.Unkeyable(self, "reallocationId", reallocationId) is { } badReallocation)
        {
            return PageOrProblem(request, badReallocation);
        }

        var reallocation = (await store.Reallocations.GetAsync(reallocationId, cancellationToken).ConfigureAwait(false))?.Record;
        return Page.Form(reallocationId, self, request.PathBase + request.Path + request.QueryString, openAt(reallocation), closedWhy?.Invoke(reallocation));
    }

    // A browser (Accept: text/html) reads a zh-CN page; any other caller gets the problem+json itself.
    private IResult PageOrProblem(HttpRequest request, IResult outcome) => request.AcceptsHtml() ? Page.Answer(outcome) : outcome;

    // The link's holder; without a token, the person signed in (a token that fails does not fall back to the session).
    private async Task<string?> SelfAsync(HttpRequest request, string reallocationId, string? token) =>
        HolderOf(token, reallocationId) ?? (string.IsNullOrEmpty(token) ? await StaffSession.StaffIdAsync(request.HttpContext).ConfigureAwait(false) : null);
}
