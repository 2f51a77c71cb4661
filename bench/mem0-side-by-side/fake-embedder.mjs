// A fake OpenAI-compatible embedding server (POST /v1/embeddings) for the side-by-side benchmark: both systems embed
// through it, so neither gets a cheaper embedder than the other.
//
// Deterministic: a text's vector is a signed feature hash of its lower-cased words and their character trigrams,
// L2-normalised, so paraphrases share dimensions and a search ranks like a (crude) real model instead of at random.
//
// Why it is careful about the socket: every response goes out in ONE write (headers and body together, with a
// Content-Length) on a socket with TCP_NODELAY. A server that writes headers and body separately without
// TCP_NODELAY makes the client's delayed ACK hold the second write back by ~40 ms, which drowns every
// difference between the systems under test.
//
//   node fake-embedder.mjs PORT DIMENSIONS     prints "listening on 127.0.0.1:PORT" once ready
import http from "node:http";

const port = Number(process.argv[2] ?? 0);
const defaultDimensions = Number(process.argv[3] ?? 384);

function embed(text, dimensions) {
  const vector = new Float32Array(dimensions);
  const words = String(text).toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  for (const word of words) {
    add(vector, word, 1);
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) add(vector, padded.slice(i, i + 3), 0.35);
  }
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  if (words.length === 0) vector[0] = 1; // an empty text still gets a unit vector (cosine needs a non-zero one)
  else for (let i = 0; i < dimensions; i++) vector[i] /= norm;
  return vector;
}

function add(vector, feature, weight) {
  // FNV-1a: the low bits pick the dimension, one high bit the sign.
  let h = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) h = Math.imul(h ^ feature.charCodeAt(i), 0x01000193) >>> 0;
  vector[h % vector.length] += h & 0x80000000 ? -weight : weight;
}

function answer(res, status, payload) {
  const body = Buffer.from(JSON.stringify(payload));
  // writeHead + end(body): Node sends the header block and the body in a single write.
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": body.length });
  res.end(body);
}

function respond(req, res, raw) {
  if (req.method !== "POST" || !req.url.replace(/\/+$/, "").endsWith("/embeddings")) {
    return answer(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
  }
  let request;
  try {
    request = JSON.parse(raw);
  } catch {
    return answer(res, 400, { error: { message: "body is not JSON" } });
  }
  const inputs = Array.isArray(request.input) ? request.input : [request.input];
  const dimensions = Number(request.dimensions ?? defaultDimensions);
  const base64 = request.encoding_format === "base64";
  const data = inputs.map((input, index) => {
    const vector = embed(input, dimensions);
    return {
      object: "embedding",
      index,
      embedding: base64 ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString("base64") : Array.from(vector),
    };
  });
  const tokens = inputs.reduce((sum, input) => sum + String(input).split(/\s+/).length, 0);
  answer(res, 200, { object: "list", data, model: request.model ?? "fake-embedding", usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

const server = http.createServer({ noDelay: true, keepAliveTimeout: 60_000 }, (req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => respond(req, res, Buffer.concat(chunks).toString("utf8")));
});
server.on("connection", (socket) => socket.setNoDelay(true));
server.listen(port, "127.0.0.1", () => console.log(`listening on 127.0.0.1:${server.address().port}`));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.close(() => process.exit(0)));
