// Drives MemoryApi's /mcp with real, unmodified MCP clients and prints a JSON report of steps on stdout:
// {"steps": {name: {ok: true, value} | {ok: false, error, message}}}. The C# test (McpClientTests) asserts on the report
// and then checks what the service holds. Environment: MCP_URL, MCP_KEY (an app key), MCP_RESTRICTED_KEY (a key
// restricted to user ids starting with "allowed-"), MCP_READ_KEY (a read-role key), MCP_PREFIX (user ids of
// this run).
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const url = new URL(process.env.MCP_URL);
const key = process.env.MCP_KEY;
const prefix = process.env.MCP_PREFIX;
const steps = {};
const require = createRequire(import.meta.url);

async function step(name, action) {
  try {
    steps[name] = { ok: true, value: await action() };
  } catch (error) {
    steps[name] = { ok: false, error: error?.constructor?.name ?? "Error", message: String(error?.message ?? error) };
  }
}

async function connect(headers, name = "ts-sdk-test") {
  const client = new Client({ name, version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
  open.push(client);
  return client;
}

// A tool result as the test reads it: the structured content, the text, and whether it is a tool error.
const call = async (client, name, args) => {
  const result = await client.callTool({ name, arguments: args });
  return { isError: result.isError === true, structured: result.structuredContent ?? null, text: result.content?.[0]?.text ?? null };
};

// Every step is recorded; a failure outside one (e.g. a connection refused) is the "fatal" step, and the report is
// printed whatever happens, so the test shows what went wrong instead of a bare exit code.
const open = [];
try {
  const user = `${prefix}ana`;
  const client = await connect({ Authorization: `Bearer ${key}` });
  await step("server", async () => ({ ...client.getServerVersion(), instructions: client.getInstructions() }));
  await step("tools", async () => (await client.listTools()).tools.map((t) => ({ name: t.name, annotations: t.annotations, required: t.inputSchema.required ?? [], hasOutputSchema: !!t.outputSchema })));
  await step("add_inferred", () => call(client, "add_memory", { messages: [{ role: "user", content: "Hi, I live in Lisbon." }], user_id: user }));
  await step("add_verbatim", () => call(client, "add_memory", { text: "Likes green tea", user_id: user, run_id: "r1", infer: false, metadata: { topic: "food" } }));
  await step("add_async", () => call(client, "add_memory", { text: "I play the cello.", user_id: user, async_mode: true }));
  await step("event", () => call(client, "get_event_status", { event_id: steps.add_async.value.structured.event_id, wait_seconds: 20 }));
  await step("search", () => call(client, "search_memories", { query: "Where do I live?", user_id: user, limit: 5 }));
  await step("search_filters", () => call(client, "search_memories", { query: "tea", filters: { user_id: user, topic: "food" }, mode: "hybrid" }));
  await step("list", () => call(client, "get_memories", { user_id: user, limit: 2 }));
  await step("list_next", () => call(client, "get_memories", { user_id: user, limit: 2, cursor: steps.list.value.structured.next_cursor }));
  const lisbon = () => steps.add_inferred.value.structured.results[0].id;
  await step("get", () => call(client, "get_memory", { memory_id: lisbon() }));
  await step("update", () => call(client, "update_memory", { memory_id: lisbon(), text: "I live in Porto now." }));
  await step("history", () => call(client, "get_memory_history", { memory_id: lisbon() }));
  await step("entities", () => call(client, "list_entities", {}));
  await step("delete", () => call(client, "delete_memory", { memory_id: steps.add_verbatim.value.structured.results[0].id }));
  await step("get_deleted", () => call(client, "get_memory", { memory_id: steps.add_verbatim.value.structured.results[0].id }));
  await step("bad_id", () => call(client, "get_memory", { memory_id: "not-a-uuid" }));
  await step("no_scope", () => call(client, "delete_all_memories", {}));
  await step("resource_templates", async () => (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate));
  await step("resource", async () => (await client.readResource({ uri: `memory://users/${encodeURIComponent(user)}/memories` })).contents[0].text);
  await step("prompt", async () => (await client.getPrompt({ name: "recall_memories", arguments: { user_id: user, query: "where do I live" } })).messages.map((m) => m.content.text));

  // A key restricted to some people: its own person works, another one is a tool error that names nothing of theirs.
  const restricted = await connect({ "X-API-Key": process.env.MCP_RESTRICTED_KEY });
  await step("restricted_own", () => call(restricted, "add_memory", { text: "Allowed note", user_id: `allowed-${prefix}1`, infer: false }));
  await step("restricted_other", () => call(restricted, "search_memories", { query: "Lisbon", user_id: user }));
  await step("restricted_get_other", () => call(restricted, "get_memory", { memory_id: lisbon() }));
  await step("restricted_entities", () => call(restricted, "list_entities", {}));
  // A read-role key reads, and is refused (the routes' 403) when it calls a tool that writes.
  const reader = await connect({ Authorization: `Token ${process.env.MCP_READ_KEY}` });
  await step("read_key_search", () => call(reader, "search_memories", { query: "Porto", user_id: user }));
  await step("read_key_add", () => call(reader, "add_memory", { text: "Should not be stored", user_id: user }));
  await step("wrong_key", async () => { await connect({ Authorization: "Bearer not-a-key" }); return "connected"; });
  await step("no_key", async () => { await connect({}); return "connected"; });

  // Concurrent sessions: several clients at once, each writing and reading its own person.
  await step("concurrent", async () => Promise.all([0, 1, 2, 3, 4].map(async (i) => {
    const c = await connect({ Authorization: `Bearer ${key}` }, `concurrent-${i}`);
    const who = `${prefix}c${i}`;
    await call(c, "add_memory", { text: `Note number ${i}`, user_id: who, infer: false });
    const found = await call(c, "get_memories", { user_id: who });
    await c.close();
    return found.structured.results.map((m) => m.memory);
  })));

  // The desktop clients' bridge: mcp-remote as a stdio process, launched as the README's configuration says (the same
  // arguments, the key in env and "${MEMORY_API_KEY}" left for mcp-remote to expand), minus npx: the pinned copy runs.
  await step("mcp_remote", async () => {
    const bridge = new Client({ name: "desktop-like", version: "1.0.0" });
    const proxy = path.join(path.dirname(require.resolve("mcp-remote/package.json")), "dist", "proxy.js");
    const args = [proxy, url.href, "--header", "X-API-Key:${MEMORY_API_KEY}"];
    await bridge.connect(new StdioClientTransport({ command: process.execPath, args, env: { ...process.env, MEMORY_API_KEY: key }, stderr: "ignore" }));
    const tools = (await bridge.listTools()).tools.map((t) => t.name);
    const added = await call(bridge, "add_memory", { text: "Told through the bridge", user_id: `${prefix}bridge`, infer: false });
    await bridge.close();
    return { tools, added };
  });

  // The MCP Inspector's CLI lists the tools.
  await step("inspector", async () => {
    const manifest = require.resolve("@modelcontextprotocol/inspector/package.json");
    const cli = path.join(path.dirname(manifest), require(manifest).bin["mcp-inspector"]);
    const { stdout } = await promisify(execFile)(process.execPath, [cli, "--cli", url.href, "--transport", "http", "--method", "tools/list", "--header", `X-API-Key: ${key}`], { timeout: 60000 });
    return JSON.parse(stdout.slice(stdout.indexOf("{"))).tools.map((t) => t.name);
  });
} catch (error) {
  steps.fatal = { ok: false, error: error?.constructor?.name ?? "Error", message: String(error?.stack ?? error) };
} finally {
  await Promise.allSettled(open.map((c) => c.close()));
  process.stdout.write(JSON.stringify({ steps }));
}
