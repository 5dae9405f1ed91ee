// Drives the local host's Durable HTTP management API with the public `durable-functions` npm client, the way a
// Node.js function app's starter would: the client is built from a durableClient binding's data (the URLs Azure's
// Durable extension hands a Node worker), then starts, queries, signals, suspends, resumes, terminates and purges.
// Usage: node drive.cjs <baseUrl> <masterKey> <taskHub>; prints one JSON object of what it saw.
const df = require("durable-functions");

const [, , baseUrl, key, hub] = process.argv;
const webhooks = `${baseUrl}/runtime/webhooks/durabletask`;
const query = `taskHub=${hub}&connection=Storage&code=${key}`;
const instance = `${webhooks}/instances/INSTANCEID`;
const clientData = {
  taskHubName: hub,
  creationUrls: {
    createNewInstancePostUri: `${webhooks}/orchestrators/{functionName}[/{instanceId}]?code=${key}`,
    createAndWaitOnNewInstancePostUri: `${webhooks}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&code=${key}`,
  },
  managementUrls: {
    id: "INSTANCEID",
    statusQueryGetUri: `${instance}?${query}`,
    sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
    terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
    purgeHistoryDeleteUri: `${instance}?${query}`,
    restartPostUri: `${instance}/restart?${query}`,
    suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
    resumePostUri: `${instance}/resume?reason={text}&${query}`,
  },
  baseUrl: webhooks,
  requiredQueryStringParameters: `code=${key}`,
};
const binding = { type: "durableClient", name: "starter" };
const client = df.getClient({ options: { extraInputs: [binding] }, extraInputs: { get: () => clientData } });

async function until(id, wanted) {
  for (let i = 0; i < 300; i++) {
    const status = await client.getStatus(id);
    if (status && wanted.includes(status.runtimeStatus)) {
      return status;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${id} never reached ${wanted.join("/")}`);
}

(async () => {
  const seen = {};
  const approval = await client.startNew("Approval", { input: "请假申请" });
  await until(approval, ["Running"]);
  await client.raiseEvent(approval, "Approval", "同意");
  const approved = await until(approval, ["Completed"]);
  seen.approval = { status: approved.runtimeStatus, output: approved.output, input: approved.input };

  const helloId = `npm-hello-${Date.now()}`;
  const hello = await client.startNew("HelloCities", { instanceId: helloId });
  const greeted = await until(hello, ["Completed"]);
  seen.hello = { id: hello, status: greeted.runtimeStatus, output: greeted.output };

  const paused = await client.startNew("Approval", { input: "暂停" });
  await until(paused, ["Running"]);
  await client.suspend(paused, "核对材料");
  seen.suspended = (await until(paused, ["Suspended"])).runtimeStatus;
  await client.resume(paused, "材料齐全");
  seen.resumed = (await until(paused, ["Running"])).runtimeStatus;
  await client.terminate(paused, "不再需要");
  seen.terminated = (await until(paused, ["Terminated"])).runtimeStatus;

  const listed = await client.getStatusBy({ runtimeStatus: [df.OrchestrationRuntimeStatus.Terminated] });
  seen.listedTerminated = listed.some((s) => s.instanceId === paused);

  const purged = await client.purgeInstanceHistory(approval);
  seen.purged = purged.instancesDeleted;
  // The client rejects a status query for an unknown instance, naming the 404 it got.
  seen.afterPurge = await client.getStatus(approval).then(
    (s) => s?.runtimeStatus ?? "no status",
    (e) => (/HTTP 404/.test(e.message) ? "not found" : `error: ${e.message}`));
  process.stdout.write(JSON.stringify(seen));
})().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
