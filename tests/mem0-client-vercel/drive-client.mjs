#!/usr/bin/env node
// Drives a running MemoryApi through @mem0/vercel-ai-provider (the Vercel AI SDK's Mem0 provider), unchanged: its
// memory functions (addMemories, searchMemories, getMemories, retrieveMemories) and its language model through the AI
// SDK's generateText and streamText. The model is OpenAI's chat API, answered by a scripted OpenAI-compatible server
// started here on loopback (no LLM runs here); it records every prompt, so the report shows which memories the provider
// put in front of the model. After each change the service's native route (GET /memories) says what it then holds.
//
// env:    MEM0_HOST, MEM0_API_KEY (an app key of that service).
// stdout: {"steps": {"<name>": {"ok": true, "value": ..., "held": [...], "prompts": [...]} | {"ok": false, ...}}}
//         prompts: the system prompts the scripted model received during the step.
import http from 'node:http';

process.env.MEM0_TELEMETRY = 'false';
const { createMem0, addMemories, searchMemories, getMemories, retrieveMemories } = await import('@mem0/vercel-ai-provider');
const { generateText, streamText } = await import('ai');

const host = process.env.MEM0_HOST;
const apiKey = process.env.MEM0_API_KEY;
if (!host || !apiKey) {
  console.error('MEM0_HOST and MEM0_API_KEY are required');
  process.exit(2);
}

// The scripted OpenAI-compatible server: POST /v1/chat/completions, plain or streamed (SSE), always the same answer.
let prompts = [];
const answer = 'Scripted answer.';
const llm = http.createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => { body += chunk; });
  request.on('end', () => {
    if (request.method === 'POST' && request.url.endsWith('/responses')) {
      respond(JSON.parse(body), response);
      return;
    }
    if (request.method !== 'POST' || !request.url.endsWith('/chat/completions')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${request.url}` } }));
      return;
    }
    const sent = JSON.parse(body);
    prompts.push(...sent.messages.filter((m) => m.role === 'system').map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))));
    const base = { id: 'chatcmpl-scripted', created: Math.floor(Date.now() / 1000), model: sent.model };
    if (sent.stream) {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta, finish) => response.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
      chunk({ role: 'assistant', content: answer }, null);
      chunk({}, 'stop');
      response.end('data: [DONE]\n\n');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    }));
  });
});
// OpenAI's Responses API (POST /v1/responses, not streamed), which the provider's bare model, mem0(id), speaks: the system
// messages arrive as input items with role "system" (or "developer").
function respond(sent, response) {
  const input = Array.isArray(sent.input) ? sent.input : [];
  prompts.push(...input.filter((m) => m.role === 'system' || m.role === 'developer')
    .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))));
  if (sent.instructions) prompts.push(sent.instructions);
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
    id: 'resp_scripted',
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    model: sent.model,
    status: 'completed',
    output: [{ type: 'message', id: 'msg_scripted', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: answer, annotations: [] }] }],
    usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 },
  }));
}

await new Promise((resolve) => llm.listen(0, '127.0.0.1', resolve));
const llmUrl = `http://127.0.0.1:${llm.address().port}/v1`;

const steps = {};

async function held(scope) {
  const query = new URLSearchParams(scope);
  const response = await fetch(`${host}/memories?${query}&limit=100`, { headers: { Authorization: `Token ${apiKey}` } });
  if (!response.ok) throw new Error(`native list answered ${response.status}: ${await response.text()}`);
  return (await response.json()).results.map((m) => ({ id: m.id, memory: m.memory })).sort((a, b) => a.memory.localeCompare(b.memory));
}

async function step(name, action, scope) {
  prompts = [];
  try {
    steps[name] = { ok: true, value: (await action()) ?? null };
  } catch (error) {
    steps[name] = { ok: false, error: error?.name ?? 'Error', message: String(error?.message ?? error) };
  }
  steps[name].prompts = prompts;
  if (scope) {
    try {
      steps[name].held = await held(scope);
    } catch (error) {
      steps[name].heldError = String(error?.message ?? error);
    }
  }
}

const memories = (found) => (Array.isArray(found) ? found : found?.results ?? []).map((m) => m.memory).sort();

async function main() {
  const config = { mem0ApiKey: apiKey, host, user_id: 'vera' };

  // The memory functions, as an app calls them beside the model.
  await step('add', () => addMemories([{ role: 'user', content: [{ type: 'text', text: 'I am allergic to peanuts.' }] }], { ...config, infer: false }), { user_id: 'vera' });
  await step('add_string', () => addMemories('I live in Paris.', config), { user_id: 'vera' });
  await step('search', async () => memories(await searchMemories('peanuts', config)));
  await step('get', async () => memories(await getMemories([{ role: 'user', content: [{ type: 'text', text: 'Where do I live?' }] }], { ...config, top_k: 1 })));
  await step('retrieve', () => retrieveMemories('What am I allergic to?', config));
  await step('search_metadata', async () => memories(await searchMemories('peanuts', { ...config, filters: { metadata: { topic: 'none' } } })));

  // The model: each call adds the prompt's messages as memories, then searches and puts what it found in a system prompt.
  const mem0 = createMem0({ provider: 'openai', apiKey: 'scripted', config: { baseURL: llmUrl }, mem0Config: { host, user_id: 'vera', infer: false } });
  await step('generate', async () => {
    const result = await generateText({ model: mem0.chat('gpt-4o-mini', { mem0ApiKey: apiKey }), prompt: 'My cat is called Tom.' });
    return { text: result.text, sources: (result.sources ?? []).map((s) => s.title) };
  }, { user_id: 'vera' });
  await step('stream', async () => {
    const result = streamText({ model: mem0.chat('gpt-4o-mini', { mem0ApiKey: apiKey }), prompt: 'What is my cat called?' });
    let text = '';
    for await (const part of result.textStream) text += part;
    return { text };
  }, { user_id: 'vera' });

  // The provider's bare model, mem0(id), goes through OpenAI's Responses API instead of chat completions.
  await step('generate_responses', async () => {
    const result = await generateText({ model: mem0('gpt-4o-mini', { mem0ApiKey: apiKey }), prompt: 'My dog is called Rex.' });
    return { text: result.text };
  }, { user_id: 'vera' });

  // app_id, as Vercel users configure it: sent on add (body) and search (filters), stored as the memory's app.
  await step('add_app', () => addMemories('I work at the bakery.', { ...config, app_id: 'shop', infer: false }), { user_id: 'vera', app_id: 'shop' });
  await step('search_app', async () => memories(await searchMemories('bakery', { ...config, app_id: 'shop' })));

  await step('wrong_key', () => addMemories('I like chess.', { ...config, mem0ApiKey: `${apiKey}-wrong`, infer: false }), { user_id: 'vera' });
}

const consoleError = console.error;
console.error = () => {}; // the provider logs every error it rethrows; the steps record them.
main()
  .catch((error) => { steps.unexpected = { ok: false, error: error?.name ?? 'Error', message: String(error?.message ?? error) }; })
  .finally(() => {
    console.error = consoleError;
    llm.close();
    process.stdout.write(JSON.stringify({ steps }) + '\n');
  });
