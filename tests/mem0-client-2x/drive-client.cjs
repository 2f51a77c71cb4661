#!/usr/bin/env node
// Drives a running MemoryApi through every memory method of mem0ai 2.4.6's MemoryClient (the client LangChain's
// Mem0Memory, @mem0/community and @mastra/mem0 install), unchanged: only the host differs; then through @mastra/mem0's
// integration, which spreads its own config (apiKey, host, ...) into every request body. After each step that changes
// something, the service's own native route (GET /memories) is read, so that the report says what the service then
// holds, not only what the client answered. tests/MemoryTests runs it and asserts on the report.
//
// env:    MEM0_HOST (e.g. http://127.0.0.1:5123), MEM0_API_KEY (an app key of that service),
//         MEM0_API_VERSION ("v1", the client's default, or "v2": the client's api_version option on add/search/getAll),
//         MEM0_PREFIX (prefixes every user/agent/run id, so that several runs can share one service).
// stdout: one JSON object: {"steps": {"<name>": {"ok": true, "value": ..., "held": [...]} | {"ok": false, "error": "<class>", "message": "..."}}}
// exit:   0 when the report was written (failed steps are in it), 2 when the environment is incomplete.
'use strict';

// Read when the client module loads: no usage events to Mem0's analytics from a test.
process.env.MEM0_TELEMETRY = 'false';
const { MemoryClient } = require('mem0ai');

const host = process.env.MEM0_HOST;
const apiKey = process.env.MEM0_API_KEY;
const apiVersion = process.env.MEM0_API_VERSION || 'v1';
const prefix = process.env.MEM0_PREFIX || '';
if (!host || !apiKey) {
  console.error('MEM0_HOST and MEM0_API_KEY are required');
  process.exit(2);
}

const steps = {};
const id = (name) => `${prefix}${name}`;

// What the service holds for one exact scope, read through its native route (never through the client under test).
async function held(scope) {
  const query = new URLSearchParams(Object.fromEntries(Object.entries(scope).filter(([, v]) => v != null).map(([k, v]) => [k, id(v)])));
  const response = await fetch(`${host}/memories?${query}&limit=100`, { headers: { Authorization: `Bearer ${apiKey}` } });
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

async function platform(path) {
  const response = await fetch(`${host}${path}`, { headers: { Authorization: `Token ${apiKey}` } });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

const say = (content) => [{ role: 'user', content }];
// The options every call of this run sends: api_version only when v2 (the client's default is v1).
const v = (options) => (apiVersion === 'v2' ? { ...options, api_version: 'v2' } : options);

async function driveClient() {
  const client = new MemoryClient({ apiKey, host });
  await step('ping', () => client.ping().then(() => 'ok'));

  // add: inferred (the server extracts the fact), verbatim (infer: false), v1.1 output, with metadata, by agent and run.
  const paris = await step('add_inferred', () => client.add(say('I live in Paris.'), v({ user_id: id('ana'), metadata: { topic: 'home' } })), { user_id: 'ana' });
  await step('add_verbatim_run', () => client.add(say('I like green tea.'), v({ user_id: id('ana'), run_id: id('r1'), infer: false, metadata: { topic: 'food', rating: 5 } })), { user_id: 'ana', run_id: 'r1' });
  await step('add_v11', () => client.add(say('I keep a diary.'), v({ user_id: id('bo'), infer: false, output_format: 'v1.1' })), { user_id: 'bo' });
  await step('add_agent', () => client.add(say('The helper agent answers in French.'), v({ agent_id: id('helper'), infer: false })), { agent_id: 'helper' });
  await step('add_pages', () => client.add(
    [{ role: 'user', content: 'Note one.' }, { role: 'user', content: 'Note two.' }, { role: 'user', content: 'Note three.' }],
    v({ user_id: id('pager'), infer: false })), { user_id: 'pager' });
  await step('add_async', () => client.add(say('I play the cello.'), v({ user_id: id('cellist'), async_mode: true, output_format: 'v1.1' })));
  await step('add_unsupported', () => client.add(say('Keep this forever.'), v({ user_id: id('bo'), infer: false, immutable: true })), { user_id: 'bo' });

  // search: top-level ids (v1) or filters (v2), top_k / limit, threshold, v1.1 output.
  const searchScope = (scope, options = {}) => (apiVersion === 'v2'
    ? v({ filters: Object.keys(scope).length > 1 ? { AND: Object.entries(scope).map(([k, x]) => ({ [k]: id(x) })) } : { [Object.keys(scope)[0]]: id(Object.values(scope)[0]) }, ...options })
    : { ...Object.fromEntries(Object.entries(scope).map(([k, x]) => [k, id(x)])), ...options });
  await step('search_user', () => client.search('Where does ana live?', searchScope({ user_id: 'ana' }, { top_k: 5 })));
  await step('search_run', () => client.search('tea', searchScope({ user_id: 'ana', run_id: 'r1' })));
  await step('search_limit', () => client.search('note', searchScope({ user_id: 'pager' }, { limit: 2 })));
  await step('search_threshold', () => client.search('note', searchScope({ user_id: 'pager' }, { threshold: 0.99 })));
  await step('search_v11', () => client.search('diary', searchScope({ user_id: 'bo' }, { output_format: 'v1.1' })));
  await step('search_unscoped', () => client.search('anything', v({})));

  // getAll: the whole match (an array) and the paged shape.
  const listScope = (scope) => (apiVersion === 'v2'
    ? v({ filters: { [Object.keys(scope)[0]]: id(Object.values(scope)[0]) } })
    : Object.fromEntries(Object.entries(scope).map(([k, x]) => [k, id(x)])));
  await step('get_all_ana', () => client.getAll(listScope({ user_id: 'ana' })));
  await step('get_all_page1', () => client.getAll({ ...listScope({ user_id: 'pager' }), page: 1, page_size: 2 }));
  await step('get_all_page2', () => client.getAll({ ...listScope({ user_id: 'pager' }), page: 2, page_size: 2 }));

  // The one-memory routes.
  const parisId = Array.isArray(paris) ? paris[0]?.id : paris?.results?.[0]?.id;
  await step('get', () => client.get(parisId));
  await step('update', () => client.update(parisId, { text: 'I live in Rome.', metadata: { topic: 'home', moved: true } }), { user_id: 'ana' });
  await step('history', () => client.history(parisId));
  await step('delete', () => client.delete(parisId), { user_id: 'ana' });
  await step('get_deleted', () => client.get(parisId));

  const pages = await held({ user_id: 'pager' });
  await step('batch_update', () => client.batchUpdate([{ memoryId: pages[0].id, text: 'Note one, revised.' }]), { user_id: 'pager' });
  await step('batch_delete', () => client.batchDelete([pages[1].id]), { user_id: 'pager' });

  await step('users', () => client.users());
  await step('delete_user', () => client.deleteUser({ entity_id: id('bo'), entity_type: 'user' }), { user_id: 'bo' });
  await step('delete_users_agent', () => client.deleteUsers({ agent_id: id('helper') }), { agent_id: 'helper' });
  await step('delete_all', () => client.deleteAll({ user_id: id('pager') }), { user_id: 'pager' });

  // The async add: the client has no event methods; the Platform's event routes are read with fetch, as Mem0's docs
  // show (with this service's ?wait= to wait for the outcome), and the memory it made through the native route.
  const queuedId = steps.add_async.value?.results?.[0]?.event_id;
  await step('event_async', () => platform(`/v1/event/${queuedId}/?wait=20s`), { user_id: 'cellist' });
  await step('events', () => platform('/v1/events/?page=1&page_size=100'));

  // Platform routes this service does not have: a clear 404 problem naming the closest route, never a silent success.
  await step('feedback', () => client.feedback({ memory_id: parisId, feedback: 'POSITIVE' }));
  await step('export', () => client.createMemoryExport({ schema: {}, filters: { user_id: id('ana') } }));

  const stranger = new MemoryClient({ apiKey: `${apiKey}-wrong`, host });
  await step('wrong_key', () => stranger.getAll({ user_id: id('ana') }));
}

// @mastra/mem0: Mastra's integration over the same client. Its config (apiKey, host, and the snake-cased rest, here
// user_id) is spread into every add and search body.
async function driveMastra() {
  const { Mem0Integration } = await import('@mastra/mem0');
  const mem0 = new Mem0Integration({ config: { apiKey, host, userId: id('mastra') } });
  await step('mastra_create', () => mem0.createMemory('I grow tomatoes.\nI have a dog named Rex.', { infer: false }), { user_id: 'mastra' });
  await step('mastra_create_inferred', () => mem0.createMemory([{ role: 'user', content: 'I live in Lyon.' }]), { user_id: 'mastra' });
  await step('mastra_search', () => mem0.searchMemory('What is my dog called?'));
  await step('mastra_search_other_user', () => mem0.searchMemory('tomatoes', { user_id: id('nobody') }));
}

async function main() {
  await driveClient();
  if (process.env.MEM0_MASTRA === '1') {
    await driveMastra();
  }
}

main()
  .catch((error) => { steps.unexpected = { ok: false, error: error?.name ?? 'Error', message: String(error?.message ?? error) }; })
  .finally(() => { process.stdout.write(JSON.stringify({ steps }) + '\n'); });
