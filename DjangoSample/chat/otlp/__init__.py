"""A minimal, stdlib-only OTLP/HTTP trace exporter (protobuf bodies).

- span_data.py       a finished span, as the encoder needs it
- protobuf_wire.py   Protocol Buffers wire-format primitives (encoding only)
- trace_request.py   ExportTraceServiceRequest built from those primitives
- http_sender.py     POST {endpoint}/v1/traces with urllib
- batch_exporter.py  bounded in-memory queue + background thread that sends batches
- throttled_warning.py  "log at most once a minute" for export failures

No OpenTelemetry package is used: Debian ships none, and the sample installs nothing from PyPI.
"""
