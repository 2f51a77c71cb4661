// Drives the side-by-side run (started by ./run, which brings up PostgreSQL, the fake embedder and MemoryApi):
// a warm-up, then N verbatim adds over U users and M scoped searches, sequential, each operation timed on every
// system in turn (the order rotates per operation, so a noisy neighbour on the machine hits all systems alike).
// Prints a markdown table and writes the raw figures as JSON.
import fs from "node:fs";
import os from "node:os";
import { buildWorkload } from "./workload.mjs";
import { analyze, floor, jsonClient, mem0, memoryApi } from "./systems.mjs";

const args = parseArgs(process.argv.slice(2));
const settings = {
  adds: int(args.adds, 300),
  searches: int(args.searches, 200),
  users: int(args.users, 20),
  warmup: int(args.warmup, 20),
  dimensions: int(args.dimensions, 384),
  history: args["mem0-history"] ?? "memory",
  modes: (args["our-modes"] ?? "default").split(",").filter(Boolean),
};
const pgHost = args["pg-host"] ?? "127.0.0.1";
const pgPort = int(args["pg-port"], 55445);
const embedderUrl = args["workload-out"] ? "" : required("embedder-url");
const oursUrl = args["workload-out"] ? "" : required("ours-url");
const oursConnection = args["workload-out"] ? "" : required("ours-pg");
const oursSchema = args["ours-schema"] ?? "memory";
const json = args.json;

const workload = buildWorkload(settings);
if (args["workload-out"]) {
  // For the in-process half (bench/MemoryBench side-by-side): the same operations, in the same order.
  fs.writeFileSync(args["workload-out"], JSON.stringify(workload));
  process.exit(0);
}
const systems = [
  await mem0({ host: pgHost, port: pgPort, user: "postgres", database: "mem0_bench", embedderUrl, dimensions: settings.dimensions, history: settings.history, historyDir: args["history-dir"] ?? os.tmpdir() }),
  ...settings.modes.map((mode) => memoryApi(oursUrl, { mode: mode === "default" ? undefined : mode })),
];
// MemoryApi's table is created at its start-up; the floor copies its shape and searches its rows.
const floorSystem = await floor({ connectionString: oursConnection, embedderUrl, schema: oursSchema });
const embeddingCall = await measureEmbeddingCall(embedderUrl, 200);

// Adds go to MemoryApi once (its modes share one store) and to Mem0 and the floor.
// --systems ours: MemoryApi alone, its requests back to back (nothing of Mem0's or the floor's between them), to tell
// the HTTP hop itself from the cost of a process waking up between interleaved turns (docs/benchmarks.md).
const oursAlone = (args.systems ?? "all") === "ours";
const adders = oursAlone ? [systems[1]] : [systems[0], systems[1], floorSystem];
const searchers = oursAlone ? systems.slice(1) : [...systems, floorSystem];
for (const op of workload.warmupAdds) for (const s of adders) await s.add(op.userId, op.text);
for (const op of workload.warmupSearches) for (const s of searchers) await s.search(op.userId, op.query);

const addTimes = new Map(adders.map((s) => [s, []]));
for (const [i, op] of workload.adds.entries()) {
  for (const s of rotate(adders, i)) addTimes.get(s).push(await time(() => s.add(op.userId, op.text)));
}
await analyze(oursConnection);
await analyze({ host: pgHost, port: pgPort, user: "postgres", database: "mem0_bench" });
const searchTimes = new Map(searchers.map((s) => [s, []]));
const hits = new Map(searchers.map((s) => [s, 0]));
const leaks = new Map(searchers.map((s) => [s, 0]));
for (const [i, op] of workload.searches.entries()) {
  for (const s of rotate(searchers, i)) {
    let results;
    searchTimes.get(s).push(await time(async () => { results = await s.search(op.userId, op.query); }));
    if (results.some((r) => r.text === op.expected)) hits.set(s, hits.get(s) + 1);
    if (results.some((r) => r.userId !== op.userId)) leaks.set(s, leaks.get(s) + 1);
  }
}
for (const s of [...systems, floorSystem]) await s.close();

const rows = searchers.map((s) => ({
  system: s.name,
  add: addTimes.has(s) ? stats(addTimes.get(s)) : null,
  search: stats(searchTimes.get(s)),
  hitAt10: hits.get(s) / workload.searches.length,
  searchesWithOtherUsersMemories: leaks.get(s),
}));
if (args.inprocess) {
  // Measured by bench/MemoryBench side-by-side in the same run, just before this phase (same PostgreSQL, same embedder).
  const inProcess = JSON.parse(fs.readFileSync(args.inprocess, "utf8"));
  rows.splice(rows.length - 1, 0, inProcess);
}
const report = {
  date: new Date().toISOString(),
  settings,
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, loadavg: os.loadavg().map((l) => l.toFixed(2)), node: process.version },
  embeddingCall,
  floorEmbedInRun: stats(floorSystem.timings.embed),
  rows,
};
if (json) fs.writeFileSync(json, JSON.stringify(report, null, 2));
console.log(markdown(report));
// Keep-alive sockets and Mem0's clients would keep the process alive.
process.exit(0);

function markdown({ rows, embeddingCall, settings }) {
  const f = (x) => (x == null ? "–" : x.toFixed(2));
  const lines = [
    `${settings.adds} verbatim adds over ${settings.users} users, then ${settings.searches} scoped searches (top 10), sequential, after ${settings.warmup} warm-up adds and searches. Milliseconds, client-side.`,
    "",
    "| system | add p50 | add p95 | add p99 | search p50 | search p95 | search p99 | hit@10 | searches with another user's memory |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.system} | ${f(r.add?.p50)} | ${f(r.add?.p95)} | ${f(r.add?.p99)} | ${f(r.search.p50)} | ${f(r.search.p95)} | ${f(r.search.p99)} | ${(r.hitAt10 * 100).toFixed(0)}% | ${r.searchesWithOtherUsersMemories} |`),
    "",
    `One embedding call to the fake server (raw HTTP, keep-alive, 200 calls): p50 ${f(embeddingCall.p50)} ms, p95 ${f(embeddingCall.p95)} ms.`,
  ];
  const mem0Row = rows[0];
  for (const r of rows.slice(1, -1)) {
    lines.push(
      `${r.system} / Mem0: search p50 ${(r.search.p50 / mem0Row.search.p50).toFixed(2)}× (target ≤ 0.5×)` +
        (r.add ? `, add p50 ${(r.add.p50 / mem0Row.add.p50).toFixed(2)}× (target ≤ 1×)` : "") + ".",
    );
  }
  return lines.join("\n");
}

async function measureEmbeddingCall(url, calls) {
  const post = jsonClient(url);
  const times = [];
  for (let i = 0; i < calls + 10; i++) {
    const t = await time(() => post("/embeddings", { model: "fake-embedding", input: `How do I get to the library ${i}?`, encoding_format: "float" }));
    if (i >= 10) times.push(t);
  }
  return stats(times);
}

async function time(action) {
  const started = process.hrtime.bigint();
  await action();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
}

function rotate(list, by) {
  const k = by % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

function parseArgs(argv) {
  const parsed = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith("--")) throw new Error(`unexpected argument ${argv[i]}`);
    parsed[argv[i].slice(2)] = argv[i + 1];
    i++;
  }
  return parsed;
}

function int(value, fallback) {
  return value === undefined ? fallback : Number.parseInt(value, 10);
}

function required(name) {
  if (!args[name]) throw new Error(`--${name} is required`);
  return args[name];
}
