using System.Globalization;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.FunctionIndex;

/// <summary>
/// A function of the app, bound: its method and, for each parameter, where the value comes from. Built once at start;
/// a parameter this host cannot supply stops the start, naming the function and the parameter.
/// </summary>
public sealed class IndexedFunction
{
    private readonly ParameterSource[] _parameters;
    private readonly ObjectFactory? _instance;

    private IndexedFunction(FunctionMetadata metadata, MethodInfo method, ParameterSource[] parameters, Type? resultType)
    {
        Metadata = metadata;
        Method = method;
        _parameters = parameters;
        ResultType = resultType;
        _instance = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);
    }

    /// <summary>How a parameter is bound.</summary>
    private enum SourceKind
    {
        Trigger,
        DurableClient,
        FunctionContext,
        CancellationToken,
        BindingData,
    }

    /// <summary>The function's name.</summary>
    public string Name => Metadata.Name;

    /// <summary>What the build listed.</summary>
    public FunctionMetadata Metadata { get; }

    /// <summary>The method the entry point names.</summary>
    public MethodInfo Method { get; }

    /// <summary>What the method's result is once awaited; null for none.</summary>
    public Type? ResultType { get; }

    /// <summary>The trigger parameter's type (for an activity, its input's type).</summary>
    public Type TriggerParameterType => _parameters.Single(p => p.Kind == SourceKind.Trigger).Type;

    /// <summary>
    /// The services the function's class needs that <paramref name="services"/> cannot give (none for a static
    /// function): without storage the app registers no stores, and a function that needs one is not served.
    /// </summary>
    public IReadOnlyList<Type> MissingServices(IServiceProviderIsService services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (Method.IsStatic)
        {
            return [];
        }

        var constructor = Method.DeclaringType!.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        // A parameter with a default (an optional service) does not keep the function from running.
        return constructor is null ? [] : [.. constructor.GetParameters().Where(p => !p.HasDefaultValue).Select(p => p.ParameterType).Where(t => !services.IsService(t))];
    }

    /// <summary>Resolves <paramref name="metadata"/>'s entry point in <paramref name="assembly"/> and plans its parameters.</summary>
    /// <exception cref="FunctionIndexException">When the function cannot be run by this host as written.</exception>
    public static IndexedFunction Create(FunctionMetadata metadata, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(assembly);
        if (!FunctionNames.IsValid(metadata.Name))
        {
            throw Refuse(metadata, $"its name is not a valid function name (a letter, then letters, digits, '_' or '-', at most 128 characters)");
        }

        int dot = metadata.EntryPoint.LastIndexOf('.');
        var type = dot < 0 ? null : assembly.GetType(metadata.EntryPoint[..dot]);
        var methods = type?.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == metadata.EntryPoint[(dot + 1)..] && m.GetCustomAttribute<FunctionAttribute>()?.Name == metadata.Name)
            .ToArray() ?? [];
        if (methods.Length != 1)
        {
            throw Refuse(metadata, $"its entry point {metadata.EntryPoint} is not a public [Function(\"{metadata.Name}\")] method of {assembly.GetName().Name}");
        }

        var method = methods[0];
        string trigger = metadata.TriggerType;
        var parameters = method.GetParameters().Select(p => Plan(metadata, trigger, p)).ToArray();
        if (parameters.Count(p => p.Kind == SourceKind.Trigger) != 1)
        {
            throw Refuse(metadata, $"it needs exactly one {trigger} parameter");
        }

        if (!method.IsStatic && trigger.Equals("orchestrationTrigger", StringComparison.OrdinalIgnoreCase)
            && method.DeclaringType!.GetConstructor(Type.EmptyTypes) is null)
        {
            throw Refuse(metadata, "an orchestrator replays and must not depend on services: make it static or give its class a parameterless constructor");
        }

        return new IndexedFunction(metadata, method, parameters, CheckResult(metadata, trigger, method.ReturnType));
    }

    /// <summary>Calls the function: creates its class in <paramref name="services"/> (unless static), binds, awaits.</summary>
    /// <param name="services">The invocation's scope.</param>
    /// <param name="trigger">The trigger's value (request, timer info, context or activity input).</param>
    /// <param name="bindingData">Route and query values by name (HTTP only).</param>
    /// <param name="context">The invocation's FunctionContext.</param>
    /// <param name="cancellationToken">Cancelled when the host stops or the caller goes away.</param>
    /// <exception cref="BindingDataException">When a route or query value does not convert to its parameter's type.</exception>
    public Task<object?> InvokeAsync(IServiceProvider services, object? trigger, Func<string, string?>? bindingData, FunctionContext context, CancellationToken cancellationToken) =>
        InvokeAsync(services, trigger, bindingData, context, onCapturedContext: false, cancellationToken);

    /// <summary>
    /// Calls an orchestrator function. Its awaits stay on the orchestration's own context: resuming anywhere else is
    /// what the worker refuses as a non-durable await.
    /// </summary>
    public Task<object?> InvokeOrchestratorAsync(TaskOrchestrationContext orchestration, FunctionContext context) =>
        InvokeAsync(EmptyServices.Instance, orchestration, null, context, onCapturedContext: true, CancellationToken.None);

    private async Task<object?> InvokeAsync(
        IServiceProvider services, object? trigger, Func<string, string?>? bindingData, FunctionContext context, bool onCapturedContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        object?[] arguments = new object?[_parameters.Length];
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            arguments[i] = p.Kind switch
            {
                SourceKind.Trigger => trigger,
                SourceKind.DurableClient => services.GetRequiredService<DurableTaskClient>(),
                SourceKind.FunctionContext => context,
                SourceKind.CancellationToken => cancellationToken,
                _ => Convert(p, bindingData?.Invoke(p.Name)),
            };
        }

        object? target = _instance?.Invoke(services, null);
        object? returned;
        try
        {
            returned = Method.Invoke(target, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }

        switch (returned)
        {
            case Task task:
                await task.ConfigureAwait(onCapturedContext);
                return ResultType is null ? null : task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(onCapturedContext);
                return null;
            default:
                if (returned is not null && returned.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(ValueTask<>))
                {
                    var asTask = (Task)t.GetMethod(nameof(ValueTask<object>.AsTask))!.Invoke(returned, null)!;
                    await asTask.ConfigureAwait(onCapturedContext);
                    return asTask.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(asTask);
                }

                return returned;
        }
    }

    private static ParameterSource Plan(FunctionMetadata metadata, string trigger, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        string name = parameter.Name ?? string.Empty;
        if (parameter.GetCustomAttributes().Any(a => a.GetType().Name.Equals(trigger + "Attribute", StringComparison.OrdinalIgnoreCase)))
        {
            var expected = trigger.ToUpperInvariant() switch
            {
                "HTTPTRIGGER" => typeof(HttpRequest),
                "TIMERTRIGGER" => typeof(TimerInfo),
                "ORCHESTRATIONTRIGGER" => typeof(TaskOrchestrationContext),
                "ACTIVITYTRIGGER" => null,
                _ => throw Refuse(metadata, $"this host runs HTTP, timer, orchestration and activity triggers, not {trigger}"),
            };
            return expected is null || expected == type
                ? new ParameterSource(SourceKind.Trigger, name, type)
                : throw Refuse(metadata, $"parameter '{name}' is a {trigger} of type {type.Name}; this host binds it as {expected.FullName}");
        }

        if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            return type == typeof(DurableTaskClient)
                ? new ParameterSource(SourceKind.DurableClient, name, type)
                : throw Refuse(metadata, $"parameter '{name}' is a [DurableClient] of type {type.Name}; it must be DurableTaskClient");
        }

        if (type == typeof(FunctionContext))
        {
            return new ParameterSource(SourceKind.FunctionContext, name, type);
        }

        if (type == typeof(CancellationToken))
        {
            return new ParameterSource(SourceKind.CancellationToken, name, type);
        }

        if (trigger.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase) && IsSimple(type) && parameter.GetCustomAttributes().All(a => a is not Microsoft.Azure.Functions.Worker.Extensions.Abstractions.BindingAttribute))
        {
            return new ParameterSource(SourceKind.BindingData, name, type);
        }

        throw Refuse(metadata, $"parameter '{name}' ({type.Name}) cannot be bound by this host: it binds the trigger, [DurableClient] DurableTaskClient, FunctionContext, CancellationToken and, for HTTP, route or query values of simple types");
    }

    private static Type? CheckResult(FunctionMetadata metadata, string trigger, Type returnType)
    {
        Type? result = returnType == typeof(void) || returnType == typeof(Task) || returnType == typeof(ValueTask)
            ? null
            : returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
                ? returnType.GetGenericArguments()[0]
                : returnType;
        bool http = trigger.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase);
        if (http && (result is null || !(typeof(IResult).IsAssignableFrom(result) || result.GetInterfaces().Any(i => i.FullName == "Microsoft.AspNetCore.Mvc.IActionResult") || result.FullName == "Microsoft.AspNetCore.Mvc.IActionResult")))
        {
            throw Refuse(metadata, $"an HTTP function returns IResult or IActionResult (or a Task of one); it returns {returnType.Name}");
        }

        if (trigger.Equals("timerTrigger", StringComparison.OrdinalIgnoreCase) && result is not null)
        {
            throw Refuse(metadata, $"a timer function returns nothing (void or Task); it returns {returnType.Name}");
        }

        return result;
    }

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type.IsPrimitive || type == typeof(decimal) || type == typeof(Guid) || type == typeof(DateOnly)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type.IsEnum;
    }

    private static object? Convert(ParameterSource parameter, string? value)
    {
        var type = Nullable.GetUnderlyingType(parameter.Type) ?? parameter.Type;
        if (value is null)
        {
            return parameter.Type.IsValueType && Nullable.GetUnderlyingType(parameter.Type) is null ? Activator.CreateInstance(parameter.Type) : null;
        }

        try
        {
            return type == typeof(string) ? value
                : type.IsEnum ? Enum.Parse(type, value, ignoreCase: true)
                : type == typeof(Guid) ? Guid.Parse(value, CultureInfo.InvariantCulture)
                : type == typeof(DateOnly) ? DateOnly.Parse(value, CultureInfo.InvariantCulture)
                : type == typeof(DateTimeOffset) ? DateTimeOffset.Parse(value, CultureInfo.InvariantCulture)
                : type == typeof(TimeSpan) ? TimeSpan.Parse(value, CultureInfo.InvariantCulture)
                : System.Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or InvalidCastException)
        {
            throw new BindingDataException(parameter.Name, value, type);
        }
    }

    private static FunctionIndexException Refuse(FunctionMetadata metadata, string why) =>
        new($"Function '{metadata.Name}' ({metadata.EntryPoint}) cannot be hosted: {why}.");

    private sealed record ParameterSource(SourceKind Kind, string Name, Type Type);

    /// <summary>Orchestrators replay: they get no services, so nothing non-deterministic leaks in.</summary>
    internal sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}

/// <summary>A route or query value that does not convert to its parameter's type: the caller's fault (400).</summary>
public sealed class BindingDataException(string field, string value, Type type)
    : Exception($"'{field}' must be a {type.Name}; '{value}' is not.")
{
    /// <summary>The parameter's name.</summary>
    public string Field { get; } = field;
}
