// Puts several runs' results (the JSON files bench.mjs writes) in one markdown table, one line per run and system,
// with the ratios the targets are about: search p50 ≤ 0.5× Mem0's, verbatim add p50 ≤ Mem0's.
//   node summarize.mjs run1.json run2.json run3.json
import fs from "node:fs";

const runs = process.argv.slice(2).map((file) => JSON.parse(fs.readFileSync(file, "utf8")));
const f = (x) => (x == null ? "–" : x.toFixed(2));
console.log("| run | load avg (1 min) | system | add p50 | add p95 | search p50 | search p95 | search p50 / Mem0 | add p50 / Mem0 | hit@10 |");
console.log("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
for (const [i, run] of runs.entries()) {
  const mem0 = run.rows.find((r) => r.system.startsWith("Mem0"));
  for (const row of run.rows) {
    const isMem0 = row === mem0;
    const searchRatio = isMem0 ? "–" : `${f(row.search.p50 / mem0.search.p50)}×`;
    const addRatio = isMem0 || !row.add ? "–" : `${f(row.add.p50 / mem0.add.p50)}×`;
    console.log(
      `| ${i + 1} | ${run.machine.loadavg[0]} | ${row.system} | ${f(row.add?.p50)} | ${f(row.add?.p95)} | ${f(row.search.p50)} | ${f(row.search.p95)} | ${searchRatio} | ${addRatio} | ${(row.hitAt10 * 100).toFixed(0)}% |`,
    );
  }
}
console.log("");
console.log(`One embedding call (p50 per run): ${runs.map((r) => `${f(r.embeddingCall.p50)} ms`).join(", ")}.`);
