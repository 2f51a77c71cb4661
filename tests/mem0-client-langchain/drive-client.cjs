#!/usr/bin/env node
// Drives a running MemoryApi through LangChain's Mem0Memory (@langchain/community/memory/mem0) and @mem0/community's
// Mem0Memory, both over mem0ai 2.4.6, unchanged: only the host (mem0Options.host) differs. Both swallow the client's
// errors (console.error, then an empty memory), so every step is judged by what the service then holds, read through
// its native route (GET /memories), and by the memory text the chain would be given.
//
// env:    MEM0_HOST, MEM0_API_KEY (an app key of that service).
// stdout: {"steps": {"<name>": {"ok": true, "value": ..., "held": [...], "errors": [...]} | {"ok": false, ...}}}
//         errors: what the package printed with console.error during the step (it logs instead of throwing).
'use strict';

process.env.MEM0_TELEMETRY = 'false';
const { Mem0Memory: LangChainMem0Memory } = require('@langchain/community/memory/mem0');
const { Mem0Memory: CommunityMem0Memory } = require('@mem0/community');

const host = process.env.MEM0_HOST;
const apiKey = process.env.MEM0_API_KEY;
if (!host || !apiKey) {
  console.error('MEM0_HOST and MEM0_API_KEY are required');
  process.exit(2);
}

const steps = {};
let printed = [];
const consoleError = console.error;
console.error = (...args) => { printed.push(args.map(String).join(' ')); };

async function held(userId) {
  const response = await fetch(`${host}/memories?user_id=${encodeURIComponent(userId)}&limit=100`, { headers: { Authorization: `Token ${apiKey}` } });
  if (!response.ok) throw new Error(`native list answered ${response.status}: ${await response.text()}`);
  return (await response.json()).results.map((m) => ({ id: m.id, memory: m.memory })).sort((a, b) => a.memory.localeCompare(b.memory));
}

async function step(name, action, userId) {
  printed = [];
  try {
    steps[name] = { ok: true, value: (await action()) ?? null };
  } catch (error) {
    steps[name] = { ok: false, error: error?.name ?? 'Error', message: String(error?.message ?? error) };
  }
  steps[name].errors = printed;
  if (userId) {
    try {
      steps[name].held = await held(userId);
    } catch (error) {
      steps[name].heldError = String(error?.message ?? error);
    }
  }
}

// A LangChain message's text, for the report.
const text = (value) => (typeof value === 'string' ? value : Array.isArray(value) ? value.map((m) => `${m._getType?.() ?? m.constructor?.name}: ${m.content}`) : value);

async function drive(prefix, Mem0Memory) {
  const user = `${prefix}-sam`;
  const memory = new Mem0Memory({ apiKey, sessionId: user, mem0Options: { apiKey, host }, memoryOptions: { infer: false } });
  await step(`${prefix}_save`, () => memory.saveContext({ input: 'I am allergic to peanuts.' }, { output: 'Noted, no peanuts.' }), user);
  await step(`${prefix}_save_second`, () => memory.saveContext({ input: 'My sister is called Lea.' }, { output: 'Nice to meet Lea.' }), user);
  // No input: getAll (GET /v1/memories/?user_id=); with input: search (POST /v1/memories/search/).
  await step(`${prefix}_load_all`, async () => text((await memory.loadMemoryVariables({})).history));
  await step(`${prefix}_load_search`, async () => text((await memory.loadMemoryVariables({ input: 'peanuts' })).history));

  const messages = new Mem0Memory({ apiKey, sessionId: user, mem0Options: { apiKey, host }, returnMessages: true, separateMessages: true });
  await step(`${prefix}_load_messages`, async () => text((await messages.loadMemoryVariables({ input: 'sister' })).history));

  // The server extracts facts when infer is left on (its default).
  const inferred = new Mem0Memory({ apiKey, sessionId: `${prefix}-kim`, mem0Options: { apiKey, host } });
  await step(`${prefix}_save_inferred`, () => inferred.saveContext({ input: 'I live in Paris.' }, { output: 'Paris is lovely.' }), `${prefix}-kim`);

  // clear() only empties the chain's local chat history: it sends nothing, and the memories stay.
  await step(`${prefix}_clear`, () => memory.clear(), user);

  // Another person's memory sees none of sam's.
  const other = new Mem0Memory({ apiKey, sessionId: `${prefix}-nobody`, mem0Options: { apiKey, host } });
  await step(`${prefix}_load_other`, async () => text((await other.loadMemoryVariables({ input: 'peanuts' })).history));

  const wrong = new Mem0Memory({ apiKey: `${apiKey}-wrong`, sessionId: user, mem0Options: { apiKey: `${apiKey}-wrong`, host } });
  await step(`${prefix}_wrong_key`, () => wrong.saveContext({ input: 'I like chess.' }, { output: 'Chess it is.' }), user);
}

async function main() {
  await drive('langchain', LangChainMem0Memory);
  await drive('community', CommunityMem0Memory);
}

main()
  .catch((error) => { steps.unexpected = { ok: false, error: error?.name ?? 'Error', message: String(error?.message ?? error) }; })
  .finally(() => { console.error = consoleError; process.stdout.write(JSON.stringify({ steps }) + '\n'); });
