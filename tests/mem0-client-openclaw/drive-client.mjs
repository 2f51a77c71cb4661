#!/usr/bin/env node
// Drives a running MemoryApi through @mem0/openclaw-mem0 (OpenClaw's Mem0 memory plugin), unchanged, in its DEFAULT
// configuration (only its API key and base URL set, as `openclaw mem0 init --api-key` leaves it): its eight tools and
// its CLI (`openclaw mem0 add|search|list|get|update|delete|import|event list|event status|status`).
//
// OpenClaw itself needs Node >= 24.16, so it cannot load the plugin here; this script is the host instead: it calls the
// plugin's register(api) with an api object that collects what the plugin registers (tools, CLI, hooks, services), as
// OpenClaw's plugin loader does, then runs the tools' execute() and the CLI commands (on commander, which OpenClaw's CLI
// is built on). The only module of OpenClaw the plugin imports, plugin-sdk/plugin-entry, is ./host (ours).
// After each change the service's native route (GET /memories) says what it then holds.
//
// env:    MEM0_HOST, MEM0_API_KEY (an app key of that service), HOME (a fresh directory: the plugin reads ~/.openclaw).
// stdout: {"user": "<the plugin's default user id>", "steps": {"<name>": {"ok": true, "value": ..., "held": [...]} | {"ok": false, ...}}}
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The plugin's telemetry switch (read before anything is sent): no usage events from a test.
globalThis.__mem0_telemetry_override = 'false';
process.env.MEM0_TELEMETRY = 'false';

const host = process.env.MEM0_HOST;
const apiKey = process.env.MEM0_API_KEY;
if (!host || !apiKey) {
  console.error('MEM0_HOST and MEM0_API_KEY are required');
  process.exit(2);
}

const { default: plugin } = await import('@mem0/openclaw-mem0');
const { Command } = await import('commander');

const steps = {};
const logs = [];
const tools = {};
const cli = [];
const api = {
  id: 'openclaw-mem0',
  pluginConfig: { apiKey, baseUrl: host },
  registrationMode: 'full',
  logger: { info: () => {}, debug: () => {}, warn: (m) => logs.push(String(m)), error: (m) => logs.push(String(m)) },
  registerTool: (tool) => { tools[tool.name] = tool; },
  registerCli: (register) => { cli.push(register); },
  registerService: () => {},
  registerMemoryCapability: () => {},
  on: () => {},
  resolvePath: (p) => path.join(os.homedir(), '.openclaw', p),
};
plugin.register(api);
// The default user id: the OS user's name (the plugin's default when none is configured).
const user = os.userInfo().username || 'default';

async function held(scope) {
  const response = await fetch(`${host}/memories?${new URLSearchParams(scope)}&limit=100`, { headers: { Authorization: `Token ${apiKey}` } });
  if (!response.ok) throw new Error(`native list answered ${response.status}: ${await response.text()}`);
  return (await response.json()).results.map((m) => ({ id: m.id, memory: m.memory, metadata: m.metadata })).sort((a, b) => a.memory.localeCompare(b.memory));
}

async function step(name, action, scope) {
  try {
    steps[name] = { ok: true, value: (await action()) ?? null };
  } catch (error) {
    steps[name] = { ok: false, error: error?.name ?? 'Error', message: String(error?.message ?? error) };
  }
  if (scope) {
    try {
      steps[name].held = await held(scope);
    } catch (error) {
      steps[name].heldError = String(error?.message ?? error);
    }
  }
  return steps[name].value;
}

// A tool's answer: its text for the model, and its details (where the plugin puts errors instead of throwing).
const tool = async (name, params) => {
  const result = await tools[name].execute(`call-${name}`, params);
  return { text: result.content.map((c) => c.text).join('\n'), details: result.details ?? null };
};

// A CLI command, as `openclaw mem0 ...` runs it; its stdout (the --json output) is the step's value.
async function command(...args) {
  const program = new Command().exitOverride();
  for (const register of cli) register({ program });
  const written = [];
  const write = process.stdout.write.bind(process.stdout);
  const log = console.log;
  const err = console.error;
  process.stdout.write = (chunk) => { written.push(String(chunk)); return true; };
  console.log = (...parts) => { written.push(parts.join(' ') + '\n'); };
  console.error = (...parts) => { written.push(parts.join(' ') + '\n'); };
  try {
    await program.parseAsync(['node', 'openclaw', 'mem0', ...args]);
  } finally {
    process.stdout.write = write;
    console.log = log;
    console.error = err;
  }
  const text = written.join('');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function main() {
  await step('tools_registered', () => Object.keys(tools).sort());

  // Tools (what the agent calls), default configuration: adds carry the plugin's default custom_instructions and
  // custom_categories, searches its default threshold and top_k.
  await step('tool_add', () => tool('memory_add', { text: 'I am allergic to peanuts.' }), { user_id: user });
  await step('tool_add_facts', () => tool('memory_add', { facts: ['My sister is called Lea.', 'I work as a nurse.'] }), { user_id: user });
  await step('tool_search', () => tool('memory_search', { query: 'peanuts' }));
  await step('tool_list', () => tool('memory_list', {}));
  const first = (await held({ user_id: user }))[0];
  await step('tool_get', () => tool('memory_get', { memoryId: first?.id }));
  await step('tool_update', () => tool('memory_update', { memoryId: first?.id, text: 'I am allergic to peanuts and cashews.' }), { user_id: user });
  await step('tool_delete', () => tool('memory_delete', { memoryId: first?.id }), { user_id: user });
  await step('tool_event_list', () => tool('memory_event_list', {}));

  // CLI (what the person types), through the plugin's own Platform client (v1/v2 routes).
  await step('cli_add', () => command('add', 'I live in Lyon.', '--json'), { user_id: user });
  await step('cli_search', () => command('search', 'Lyon', '--json'));
  await step('cli_list', () => command('list', '--json'));
  const lyon = (await held({ user_id: user })).find((m) => m.memory.includes('Lyon'));
  await step('cli_get', () => command('get', lyon?.id ?? 'none', '--json'));
  await step('cli_update', () => command('update', lyon?.id ?? 'none', 'I live in Lyon, near the river.', '--json'), { user_id: user });
  const file = path.join(os.homedir(), 'import.json');
  fs.writeFileSync(file, JSON.stringify([{ memory: 'I play the violin.' }, { text: 'I cycle to work.', metadata: { topic: 'travel' } }, { nothing: true }]));
  await step('cli_import', () => command('import', file, '--json'), { user_id: user });
  await step('cli_event_list', () => command('event', 'list', '--json'));
  await step('cli_status', () => command('status', '--json'));
  await step('cli_delete', () => command('delete', lyon?.id ?? 'none', '--json'), { user_id: user });
  await step('cli_delete_all', () => command('delete', '--all', '--confirm', '--json'), { user_id: user });
  steps.logs = { ok: true, value: logs };
}

main()
  .catch((error) => { steps.unexpected = { ok: false, error: error?.name ?? 'Error', message: String(error?.message ?? error) }; })
  .finally(() => { process.stdout.write(JSON.stringify({ user, steps }) + '\n'); });
