// Where MemoryApi's server-side time goes: reads the spans it wrote (OTEL_TRACES_FILE, one JSON object a line) and,
// per route, prints the request's median duration and, per kind of child span, how many a request has and their
// median total time. SQL spans are told apart by the start of their statement.
//   node spans.mjs spans.jsonl
import fs from "node:fs";

const spans = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
const byTrace = new Map();
for (const span of spans) {
  if (!byTrace.has(span.trace_id)) byTrace.set(span.trace_id, []);
  byTrace.get(span.trace_id).push(span);
}

const routes = new Map(); // route -> { durations: [], children: Map(label -> [{count, total}]) }
for (const trace of byTrace.values()) {
  const root = trace.find((s) => /^0+$/.test(s.parent_span_id) && s.kind === "Server");
  if (!root || !/^POST \/(memories|search)$/.test(root.name)) continue;
  if (!routes.has(root.name)) routes.set(root.name, { durations: [], perTrace: [] });
  const route = routes.get(root.name);
  route.durations.push(root.duration_ms);
  const totals = new Map();
  for (const span of trace) {
    if (span === root) continue;
    const label = labelOf(span);
    const entry = totals.get(label) ?? { count: 0, total: 0 };
    entry.count++;
    entry.total += span.duration_ms;
    totals.set(label, entry);
  }
  route.perTrace.push(totals);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : 0;
};
console.log("MemoryApi server-side, from its own spans (median per request; spans nest, so children overlap their parents):");
console.log("");
console.log("| route | span | spans per request | median ms (sum per request) |");
console.log("|---|---|---:|---:|");
for (const [name, route] of routes) {
  console.log(`| ${name} | **whole request** (n=${route.durations.length}) | 1 | ${median(route.durations).toFixed(2)} |`);
  const labels = new Set(route.perTrace.flatMap((t) => [...t.keys()]));
  const rows = [...labels].map((label) => {
    const entries = route.perTrace.map((t) => t.get(label) ?? { count: 0, total: 0 });
    return { label, count: median(entries.map((e) => e.count)), total: median(entries.map((e) => e.total)) };
  });
  for (const row of rows.sort((a, b) => b.total - a.total)) {
    if (row.count === 0) continue;
    console.log(`| ${name} | ${row.label} | ${row.count} | ${row.total.toFixed(2)} |`);
  }
}

function labelOf(span) {
  const statement = span.tags?.["db.query.text"] ?? span.tags?.["db.statement"];
  if (statement) return `SQL: ${statement.replace(/\s+/g, " ").trim().slice(0, 70).replace(/\|/g, "\\|")}`;
  return `${span.source}: ${span.name}`;
}
