"""A scripted OpenAI-compatible chat server on loopback for the end-to-end trace test: no model runs here.
It answers the memory pipeline's JSON-schema requests with fixed, valid replies."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REPLIES = {
    "extracted_facts": {"facts": ["Likes green tea"]},
    "memory_decisions": {"decisions": [{"fact_index": 0, "event": "ADD", "memory_id": None, "text": "Likes green tea"}]},
}


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        self.server.requests.append({"path": self.path, "traceparent": self.headers.get("traceparent"), "body": body})
        schema = ((body.get("response_format") or {}).get("json_schema") or {}).get("name", "")
        content = json.dumps(REPLIES.get(schema, {}))
        reply = {"id": "chatcmpl-e2e", "object": "chat.completion", "created": 0, "model": body.get("model", "fake"),
                 "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
                 "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def start():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.requests = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
