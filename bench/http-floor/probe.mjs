// Over one keep-alive TCP_NODELAY connection (the client the side-by-side harness uses): p50/p95 of a trivial route
// (the HTTP floor: Kestrel, routing, auth, rate limiter, JSON), a one-row list and a scoped search of 20 memories.
// Usage: node probe.mjs PORT (MemoryApi must be listening on 127.0.0.1:PORT); bench/http-floor/run starts one.
import http from 'node:http';
const port = process.argv[2];
const agent = new http.Agent({ keepAlive: true, maxSockets: 1, noDelay: true });
function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body ? JSON.stringify(body) : null;
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {} }, res => {
      const chunks = []; res.on('data', c => chunks.push(c)); res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject); if (data) req.write(data); req.end();
  });
}
async function time(name, f, n = 400) {
  for (let i = 0; i < 50; i++) await f();
  const t = [];
  for (let i = 0; i < n; i++) { const s = process.hrtime.bigint(); await f(); t.push(Number(process.hrtime.bigint() - s) / 1e6); }
  t.sort((a, b) => a - b);
  console.log(`${name}: p50 ${t[n >> 1].toFixed(3)} ms, p95 ${t[Math.floor(n * 0.95)].toFixed(3)} ms`);
}
for (let i = 0; i < 20; i++) await call('POST', '/memories', { messages: `fact number ${i} about tea`, user_id: 'u1', infer: false });
await time('GET /health', () => call('GET', '/health'));
await time('GET /alive', () => call('GET', '/alive'));
await time('GET /v1/ping/', () => call('GET', '/v1/ping/'));
await time('POST /search', () => call('POST', '/search', { query: 'tea', user_id: 'u1', limit: 10 }));
await time('GET /memories?user_id=u1&limit=1', () => call('GET', '/memories?user_id=u1&limit=1'));
