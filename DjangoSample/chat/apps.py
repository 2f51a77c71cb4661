from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "chat"
    verbose_name = "Memory chat sample"

    def ready(self):
        # Connect the settings-changed receivers that rebuild the shared MemoryApi client and span
        # exporter.
        from chat import memory_service, telemetry_service  # noqa: F401
