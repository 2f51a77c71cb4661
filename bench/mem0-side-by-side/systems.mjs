// The systems under test, each behind the same two calls: add(userId, text) and search(userId, query) -> texts.
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { Memory } from "mem0ai/oss";

const TOP_K = 10;

/** A keep-alive, TCP_NODELAY HTTP/1.1 client that sends each request in one write (headers and body together). */
export function jsonClient(baseUrl) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4, noDelay: true });
  return (route, payload) =>
    new Promise((resolve, reject) => {
      const body = Buffer.from(JSON.stringify(payload));
      const request = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname.replace(/\/$/, "") + route,
          method: "POST",
          headers: { "Content-Type": "application/json", "Content-Length": body.length },
        },
        (response) => {
          const chunks = [];
          response.on("data", (chunk) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if (response.statusCode >= 300) reject(new Error(`${route}: HTTP ${response.statusCode} ${text.slice(0, 300)}`));
            else resolve(JSON.parse(text));
          });
        },
      );
      request.on("error", reject);
      request.end(body);
    });
}

/** MemoryApi, our service, over HTTP: POST /memories (infer false) and POST /search, its defaults otherwise. */
export function memoryApi(baseUrl, { mode } = {}) {
  const post = jsonClient(baseUrl);
  return {
    name: mode ? `MemoryApi over HTTP (${mode})` : "MemoryApi over HTTP",
    async add(userId, text) {
      await post("/memories", { messages: text, user_id: userId, infer: false });
    },
    async search(userId, query) {
      const response = await post("/search", { query, user_id: userId, limit: TOP_K, ...(mode ? { mode } : {}) });
      return response.results.map((r) => ({ text: r.memory, userId: r.user_id }));
    },
    async close() {},
  };
}

/**
 * Mem0 OSS, in-process (that is how mem0ai/oss runs): its pgvector store on its own database, its OpenAI embedder
 * pointed at the fake server, its history in SQLite (its default) or in memory. Its LLM is configured but never
 * called: every add is infer false.
 */
export async function mem0(options) {
  const { host, port, user, database, embedderUrl, dimensions, history, historyDir } = options;
  const memory = new Memory({
    embedder: { provider: "openai", config: { apiKey: "unused", baseURL: embedderUrl, model: "fake-embedding", embeddingDims: dimensions } },
    vectorStore: {
      provider: "pgvector",
      config: { host, port, user, password: "unused", dbname: database, collectionName: "memories", embeddingModelDims: dimensions, dimension: dimensions },
    },
    llm: { provider: "openai", config: { apiKey: "unused", baseURL: embedderUrl, model: "never-called" } },
    historyStore:
      history === "memory"
        ? { provider: "memory", config: {} }
        : { provider: "sqlite", config: { historyDbPath: path.join(historyDir, "mem0-history.db") } },
  });
  return {
    name: "Mem0 OSS in-process",
    async add(userId, text) {
      await memory.add(text, { userId, infer: false });
    },
    async search(userId, query) {
      const response = await memory.search(query, { filters: { user_id: userId }, topK: TOP_K });
      return response.results.map((r) => ({ text: r.memory, userId: r.metadata?.user_id ?? r.userId ?? r.user_id }));
    },
    async close() {
      await memory.vectorStore?.close?.();
    },
  };
}

/**
 * ANALYZE every table of a database: fresh tables have no planner statistics until autovacuum reaches them (a minute
 * or more), a live store has them, and a plan made without them can be much slower.
 */
export async function analyze(config) {
  const client = new pg.Client(typeof config === "string" ? npgsqlToPg(config) : config);
  await client.connect();
  await client.query("ANALYZE");
  await client.end();
}

/**
 * The floor: what any system must at least spend. Search: one embedding call to the same fake server plus the raw
 * scoped nearest-neighbour SQL on MemoryApi's own table (same rows, same indexes). Add: one embedding call plus one
 * single-row INSERT (autocommit) into a table of the same shape in a schema of its own.
 */
export async function floor({ connectionString, embedderUrl, schema }) {
  const post = jsonClient(embedderUrl);
  const client = new pg.Client(npgsqlToPg(connectionString));
  await client.connect();
  await client.query(`CREATE SCHEMA IF NOT EXISTS bench_floor`);
  await client.query(`DROP TABLE IF EXISTS bench_floor.memories`);
  await client.query(`CREATE TABLE bench_floor.memories (LIKE ${schema}.memories INCLUDING DEFAULTS INCLUDING INDEXES)`);
  const embed = async (text) => (await post("/embeddings", { model: "fake-embedding", input: text, encoding_format: "float" })).data[0].embedding;
  const timings = { embed: [] };
  const timedEmbed = async (text) => {
    const started = process.hrtime.bigint();
    const vector = await embed(text);
    timings.embed.push(Number(process.hrtime.bigint() - started) / 1e6);
    return `[${vector.join(",")}]`;
  };
  return {
    name: "Floor (1 embedding call + raw SQL)",
    timings,
    async add(userId, text) {
      const vector = await timedEmbed(text);
      await client.query(
        `INSERT INTO bench_floor.memories (id, user_id, memory, hash, embedding, created_at, updated_at)
         VALUES (gen_random_uuid(), $1, $2, md5($2), $3::vector, now(), now())`,
        [userId, text, vector],
      );
    },
    async search(userId, query) {
      const vector = await timedEmbed(query);
      const result = await client.query(
        `SELECT memory, user_id FROM ${schema}.memories WHERE user_id = $1 ORDER BY embedding <=> $2::vector LIMIT ${TOP_K}`,
        [userId, vector],
      );
      return result.rows.map((r) => ({ text: r.memory, userId: r.user_id }));
    },
    async close() {
      await client.end();
    },
  };
}

/** MemoryApi takes an Npgsql connection string ("Host=...;Port=...;Username=...;Database=..."); pg wants an object. */
function npgsqlToPg(connectionString) {
  const parts = Object.fromEntries(
    connectionString.split(";").filter(Boolean).map((part) => {
      const [key, ...value] = part.split("=");
      return [key.trim().toLowerCase(), value.join("=").trim()];
    }),
  );
  return { host: parts.host, port: Number(parts.port ?? 5432), user: parts.username ?? parts["user id"], password: parts.password, database: parts.database };
}
