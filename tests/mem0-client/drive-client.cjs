#!/usr/bin/env node
// Drives a running MemoryApi through every memory method of the official Mem0 client (npm mem0ai, pinned by
// package-lock.json), unchanged: only the host differs. tests/MemoryTests runs it against MemoryApi on a real port
// and asserts on the report.
//
// env:    MEM0_HOST (e.g. http://127.0.0.1:5123), MEM0_API_KEY (an app key of that service), MEM0_ADMIN_KEY (optional:
//         an admin key of the same tenant, for the project update).
// stdout: one JSON object: {"steps": {"<name>": {"ok": true, "value": ...} | {"ok": false, "error": "<class>", "message": "..."}}}
// exit:   0 when the report was written (failed steps are in it), 2 when the environment is incomplete.
//
// CommonJS so that it runs on the client's CommonJS build without a loader.
'use strict';

// Read when the client module loads: no usage events to Mem0's analytics from a test.
process.env.MEM0_TELEMETRY = 'false';
const { MemoryClient } = require('mem0ai');

const host = process.env.MEM0_HOST;
const apiKey = process.env.MEM0_API_KEY;
const adminKey = process.env.MEM0_ADMIN_KEY;
if (!host || !apiKey) {
  console.error('MEM0_HOST and MEM0_API_KEY are required');
  process.exit(2);
}

const steps = {};

async function step(name, action) {
  try {
    steps[name] = { ok: true, value: (await action()) ?? null };
  } catch (error) {
    steps[name] = { ok: false, error: error?.name ?? 'Error', message: String(error?.message ?? error) };
  }
  return steps[name].value;
}

const say = (content) => [{ role: 'user', content }];

async function main() {
  const client = new MemoryClient({ apiKey, host });

  await step('ping', () => client.ping().then(() => 'ok'));

  // Inferred add (the server extracts the fact) and verbatim adds (infer: false stores each message).
  const paris = await step('add_inferred', () => client.add(say('I live in Paris.'), { userId: 'ana', metadata: { topic: 'home' } }));
  await step('add_verbatim_run', () => client.add(say('I like green tea.'), { userId: 'ana', runId: 'r1', infer: false, metadata: { topic: 'food', rating: 5 } }));
  await step('add_agent', () => client.add(say('The helper agent answers in French.'), { agentId: 'helper', infer: false }));
  await step('add_pages', () => client.add(
    [{ role: 'user', content: 'Note one.' }, { role: 'user', content: 'Note two.' }, { role: 'user', content: 'Note three.' }],
    { userId: 'pager', infer: false }));

  await step('search_user', () => client.search('Where does ana live?', { filters: { user_id: 'ana' }, topK: 5 }));
  await step('search_and_metadata', () => client.search('tea', { filters: { AND: [{ user_id: 'ana' }, { metadata: { topic: 'food' } }] } }));
  await step('search_session', () => client.search('tea', { filters: { AND: [{ user_id: 'ana' }, { session_id: 'r1' }] } }));
  await step('search_or_owners', () => client.search('answers', { filters: { OR: [{ user_id: 'ana' }, { agent_id: 'helper' }] }, topK: 10 }));
  await step('search_metadata_operator', () => client.search('tea', { filters: { user_id: 'ana', metadata: { rating: { gte: 4 } } } }));
  await step('search_top_level_metadata', () => client.search('tea', { filters: { user_id: 'ana' }, metadata: { topic: 'food' } }));
  await step('search_unsupported_operator', () => client.search('tea', { filters: { AND: [{ user_id: 'ana' }, { metadata: { topic: { icontains: 'FOO' } } }] } }));
  await step('search_unsupported_field', () => client.search('tea', { filters: { AND: [{ user_id: 'ana' }, { created_at: { gte: '2024-01-01' } }] } }));

  await step('get_all_page1', () => client.getAll({ filters: { user_id: 'pager' }, page: 1, pageSize: 2 }));
  await step('get_all_page2', () => client.getAll({ filters: { user_id: 'pager' }, page: 2, pageSize: 2 }));
  await step('get_all_ana', () => client.getAll({ filters: { user_id: 'ana' } }));

  const parisId = paris?.results?.[0]?.id;
  await step('get', () => client.get(parisId));
  await step('update', () => client.update(parisId, { text: 'I live in Rome.', metadata: { topic: 'home', moved: true } }));
  await step('history', () => client.history(parisId));
  await step('delete', () => client.delete(parisId));
  await step('get_deleted', () => client.get(parisId));

  const pages = (await client.getAll({ filters: { user_id: 'pager' } })).results;
  await step('batch_update', () => client.batchUpdate([{ memoryId: pages[0].id, text: 'Note one, revised.' }]));
  await step('after_batch_update', () => client.get(pages[0].id));
  await step('batch_delete', () => client.batchDelete([pages[1].id, pages[2].id]));
  await step('after_batch_delete', () => client.getAll({ filters: { user_id: 'pager' } }));

  await step('users', () => client.users());
  await step('delete_users_agent', () => client.deleteUsers({ agentId: 'helper' }));
  await step('users_after_delete', () => client.users());
  await step('delete_all', () => client.deleteAll({ userId: 'pager' }));
  await step('after_delete_all', () => client.getAll({ filters: { user_id: 'pager' } }));

  // Asynchronous add, as on the Platform: the client passes asyncMode through as async_mode and returns the queued
  // answer (camel-cased: eventId). The client has no event method; the Platform's event route is read with fetch, the
  // way Mem0's docs show it, with this service's ?wait= to wait for the outcome.
  const queued = await step('add_async', () => client.add(say('I play the cello.'), { userId: 'pager', asyncMode: true, metadata: { topic: 'music' } }));
  await step('event_async', async () => {
    const response = await fetch(`${host}/v1/event/${queued?.eventId}/?wait=20s`, { headers: { Authorization: `Token ${apiKey}` } });
    if (!response.ok) throw new Error(`event route answered ${response.status}: ${await response.text()}`);
    return response.json();
  });
  await step('after_async', () => client.search('cello', { filters: { user_id: 'pager' } }));

  // Custom instructions and categories: the project methods (ids from the ping), an app key reading and an admin key
  // (MEM0_ADMIN_KEY) writing; then adds tagged from the project's set and from an add's own, and a filter on them.
  await step('project_default', () => client.getProject({ fields: ['custom_categories'] }));
  await step('project_update_app_key', () => client.updateProject({ customInstructions: 'Not allowed.' }));
  if (adminKey) {
    const admin = new MemoryClient({ apiKey: adminKey, host });
    await step('project_update', () => admin.updateProject({
      customInstructions: 'Remember allergies and how the person travels.',
      customCategories: [{ allergies: 'allergic reactions to peanuts, nuts and other food' }, { transport: 'taking the bus, the train or a taxi' }],
    }));
  }
  await step('project_after', () => client.getProject({}));
  const allergy = await step('add_project_categories', () => client.add(say('I am allergic to peanuts.'), { userId: 'cara', infer: false }));
  await step('get_project_categories', () => client.get(allergy?.results?.[0]?.id));
  const bus = await step('add_call_categories', () => client.add(say('I take the bus to town.'), {
    userId: 'cara', infer: false, customCategories: [{ buses: 'taking the bus to town' }, { pets: 'cats and dogs' }],
  }));
  await step('get_call_categories', () => client.get(bus?.results?.[0]?.id));
  await step('search_categories', () => client.search('town peanuts', { filters: { AND: [{ user_id: 'cara' }, { categories: { in: ['buses'] } }] } }));
  await step('get_all_categories', () => client.getAll({ filters: { AND: [{ user_id: 'cara' }, { categories: { contains: 'allergies' } }] } }));

  const stranger = new MemoryClient({ apiKey: `${apiKey}-wrong`, host });
  await step('wrong_key', () => stranger.getAll({ filters: { user_id: 'ana' } }));
}

main()
  .catch((error) => { steps.unexpected = { ok: false, error: error?.name ?? 'Error', message: String(error?.message ?? error) }; })
  .finally(() => { process.stdout.write(JSON.stringify({ steps }) + '\n'); });
