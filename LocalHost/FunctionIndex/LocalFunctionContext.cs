using System.Collections.Immutable;
using Microsoft.Azure.Functions.Worker;

namespace EduFlows.FunctionIndex;

/// <summary>The FunctionContext a function sees under this host: its services, name, invocation id and cancellation.</summary>
internal sealed class LocalFunctionContext : FunctionContext
{
    public LocalFunctionContext(IndexedFunction function, IServiceProvider services, CancellationToken cancellationToken, IReadOnlyDictionary<string, object?>? bindingData = null)
    {
        FunctionDefinition = new Definition(function);
        InstanceServices = services;
        CancellationToken = cancellationToken;
        BindingContext = new Bindings(bindingData ?? new Dictionary<string, object?>());
    }

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => FunctionDefinition.Id;

    public override TraceContext TraceContext { get; } = new Trace();

    public override BindingContext BindingContext { get; }

    public override RetryContext RetryContext => null!;

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features { get; } = new FeatureSet();

    public override CancellationToken CancellationToken { get; }

    private sealed class Definition(IndexedFunction function) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters { get; } =
            [.. function.Method.GetParameters().Select(p => new FunctionParameter(p.Name ?? string.Empty, p.ParameterType))];

        public override string PathToAssembly => function.Method.DeclaringType!.Assembly.Location;

        public override string EntryPoint => function.Metadata.EntryPoint;

        public override string Id => function.Name;

        public override string Name => function.Name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    private sealed class Bindings(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData => data;
    }

    private sealed class Trace : TraceContext
    {
        public override string TraceParent => System.Diagnostics.Activity.Current?.Id ?? string.Empty;

        public override string TraceState => System.Diagnostics.Activity.Current?.TraceStateString ?? string.Empty;
    }

    private sealed class FeatureSet : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> _features = [];

        public T? Get<T>() => _features.TryGetValue(typeof(T), out var f) ? (T)f : default;

        public void Set<T>(T instance)
        {
            if (instance is null)
            {
                _features.Remove(typeof(T));
            }
            else
            {
                _features[typeof(T)] = instance;
            }
        }

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => _features.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
