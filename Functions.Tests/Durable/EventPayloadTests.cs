using System.Net;
using System.Text.Json.Nodes;
using EduFlows.Hosting;
using EduFlows.Processes.DeputyRenewal;
using EduFlows.Processes.Samples;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Notifications;
using EduFlows.Tests.Tasks;
using EduFlows.Tests.Workbench;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Durable;

/// <summary>
/// An event raised by hand with a payload its orchestrator cannot read is refused before it reaches the instance (the
/// SDK would fail the instance reading it), in Chinese; a payload it can read, or an event nobody declared, goes through.
/// </summary>
public sealed class EventPayloadTests
{
    private static readonly EduFlows.Durable.EventPayloads Declared = EduFlowsServices.DeclaredEventPayloads();

    [Theory]
    [InlineData("true")]
    [InlineData("12")]
    [InlineData("{\"decision\":\"approved\"}")]
    [InlineData("\"  \"")]
    [InlineData("null")]
    public void Approval_TakesOnlyANonBlankString(string payload)
    {
        string? refusal = Declared.Refusal(Approval.Name, Approval.EventName, JsonNode.Parse(payload));

        Assert.NotNull(refusal);
        Assert.StartsWith("事件“Approval”的内容应为非空的 JSON 字符串（审批决定）。", refusal, StringComparison.Ordinal);
        Assert.Empty(ChineseText.LatinWords(refusal.Replace("Approval", string.Empty, StringComparison.Ordinal).Replace("JSON", string.Empty, StringComparison.Ordinal).Replace("null", string.Empty, StringComparison.Ordinal)));
    }

    [Fact]
    public void WhatAnOrchestratorReads_GoesThrough_AndSoDoesAnEventNobodyDeclared()
    {
        Assert.Null(Declared.Refusal(Approval.Name, Approval.EventName, JsonValue.Create("approved")));
        Assert.Null(Declared.Refusal("approval", "APPROVAL", JsonValue.Create("approved")));
        Assert.Null(Declared.Refusal(DeputyRenewal.Name, DeputyRenewal.ObjectionEvent, JsonNode.Parse("{\"againstStaffId\":\"stf-1\",\"objector\":\"王老师\",\"reason\":\"群众反映\"}")));
        Assert.Null(Declared.Refusal(ShadowTraining.TraineeName, ShadowTraining.DeferralEvent, JsonNode.Parse("{\"approve\":true}")));
        Assert.Null(Declared.Refusal(Approval.Name, "SomethingElse", JsonValue.Create(true)));
        Assert.Null(Declared.Refusal("NoticeAcknowledgement", TaskDesk.EventName("t-1"), JsonNode.Parse(
            "{\"receiptId\":\"R1\",\"taskId\":\"t-1\",\"submittedBy\":\"stf-1\",\"submittedAt\":\"2026-12-06T09:00:00+08:00\",\"values\":{\"ack\":\"yes\"}}")));
    }

    [Theory]
    [InlineData(DeputyRenewal.Name, DeputyRenewal.ObjectionEvent, "true")]
    [InlineData(DeputyRenewal.Name, DeputyRenewal.ObjectionEvent, "\"一段文字\"")]
    [InlineData(ShadowTraining.TraineeName, ShadowTraining.DeferralEvent, "{\"approve\":\"maybe\"}")]
    [InlineData(StaffReallocation.Name, StaffReallocation.AppealEvent, "{\"reason\":\"没有写明申诉人\"}")]
    [InlineData(StaffReallocation.Name, PointsObjectionWindow.ObjectionEvent, "[1,2]")]
    [InlineData("NoticeAcknowledgement", "TaskSubmitted:t-1", "{}")]
    public void APayloadTheOrchestratorCannotRead_IsRefused(string orchestrator, string eventName, string payload)
    {
        string? refusal = Declared.Refusal(orchestrator, eventName, JsonNode.Parse(payload));

        Assert.NotNull(refusal);
        Assert.StartsWith($"事件“{eventName}”的内容应为", refusal, StringComparison.Ordinal);
    }
}

/// <summary>The office's 发送事件 refuses a payload the instance cannot read, on the page, and raises nothing.</summary>
[Collection(AzuriteTests.Name)]
#pragma warning disable CA1001 // xunit disposes the app through IAsyncLifetime.DisposeAsync.
public sealed class OfficeRaiseEventPayloadTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = TaskAppFactory.MasterKey;
    private TaskAppFactory _app = null!;
    private HttpClient _page = null!;
    private DurableTaskClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = new TaskAppFactory(azurite);
        _page = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        _page.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        _client = _app.Services.GetRequiredService<DurableTaskClient>();
        await _app.SeedCountyAsync();
    }

    public async Task DisposeAsync()
    {
        _page.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ApprovalRaisedWithTrue_IsRefusedAtThePayload_TheInstanceNeverSeesIt_ThenADecisionCompletesIt()
    {
        string id = await _client.ScheduleNewOrchestrationInstanceAsync(Approval.Name, "后备干部名单");
        await WaitAsync(id, i => i.SerializedCustomStatus is not null);

        var refused = await RaiseAsync(id, Approval.EventName, "true");
        string html = await refused.Content.ReadAsStringAsync();
        var history = await _client.GetOrchestrationHistoryAsync(id);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("data-field=\"payload\"", html, StringComparison.Ordinal);
        Assert.Contains("内容应为非空的 JSON 字符串（审批决定）", html, StringComparison.Ordinal);
        Assert.DoesNotContain(history, e => e is global::DurableTask.Core.History.EventRaisedEvent);

        var done = await RaiseAsync(id, Approval.EventName, "\"同意\"");
        var completed = await WaitAsync(id, i => i.IsCompleted);

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        Assert.Equal("后备干部名单: 同意", completed.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ATaskAnswerWithoutAReceipt_IsRefused_AndTheTaskStaysOpen()
    {
        string id = await _client.ScheduleNewOrchestrationInstanceAsync(NoticeAcknowledgement.Name, new NoticeAcknowledgement.Input("stf-1", "关于秋季运动会的通知", 72));
        await _app.WaitForOpenTaskAsync(id);
        var task = (await _app.Services.GetRequiredService<StaffTaskStore>().AllOpenAsync(CancellationToken.None)).Single(t => t.InstanceId == id);

        var refused = await RaiseAsync(id, task.EventName, "{}");
        var instance = await _client.GetInstanceAsync(id);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("任务回执对象", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance!.RuntimeStatus);
        Assert.DoesNotContain(await _client.GetOrchestrationHistoryAsync(id), e => e is global::DurableTask.Core.History.EventRaisedEvent);
    }

    private Task<HttpResponseMessage> RaiseAsync(string id, string eventName, string payload) =>
        _page.PostAsync($"/api/office/instances/{id}/raise-event?code={Key}", new FormUrlEncodedContent([new("eventName", eventName), new("payload", payload)]));

    private async Task<OrchestrationMetadata> WaitAsync(string id, Func<OrchestrationMetadata, bool> done)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await _client.GetInstanceAsync(id, getInputsAndOutputs: true, cts.Token) is { } instance && done(instance))
            {
                return instance;
            }

            await Task.Delay(50, cts.Token);
        }
    }
}
