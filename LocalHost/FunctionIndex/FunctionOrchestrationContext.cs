using System.Text.Json;
using Microsoft.DurableTask;
using EduFlows.DurableTask.Worker;

namespace EduFlows.FunctionIndex;

/// <summary>
/// The context an orchestrator function gets, as the Durable extension gives it: <see cref="GetInput{T}"/> reads the
/// input as whatever type the function asks for (the worker holds it as JSON, since a function declares no input
/// type); everything else is the worker's own context.
/// </summary>
internal sealed class FunctionOrchestrationContext(TaskOrchestrationContext inner, object? input) : DelegatingOrchestrationContext(inner)
{
    // The options the worker wrote the input with (PayloadJson: camelCase, enums as names): reading it any other way
    // fails on the first enum, as "type": "Number" in a task field.
    private static readonly JsonSerializerOptions Json = EduFlows.DurableTask.PayloadJson.Options;

    public override T GetInput<T>() => input switch
    {
        null => default!,
        T typed => typed,
        JsonElement json => json.Deserialize<T>(Json)!,
        _ => JsonSerializer.SerializeToElement(input, Json).Deserialize<T>(Json)!,
    };
}
