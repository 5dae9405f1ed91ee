using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace EduFlows.Notifications;

/// <summary>Renders Razor components to HTML strings on the server (mail bodies and the task pages), with Razor's escaping of every value.</summary>
public sealed class HtmlRendering(IServiceProvider services, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly HtmlRenderer _renderer = new(services, loggerFactory);

    /// <summary>Renders <typeparamref name="TComponent"/> with the given parameters.</summary>
    public Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters)
        where TComponent : IComponent =>
        _renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await _renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters)).ConfigureAwait(false);
            return output.ToHtmlString();
        });

    /// <summary>Renders an e-mail's HTML body.</summary>
    public Task<string> RenderMailAsync(MailContent content) =>
        RenderAsync<Templates.StandardMail>(new Dictionary<string, object?> { [nameof(Templates.StandardMail.Content)] = content });

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _renderer.DisposeAsync();
}
