from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "chat"
    verbose_name = "Memory chat sample"

    def ready(self):
        # Connects the settings-changed receiver that rebuilds the shared MemoryApi client.
        from chat import memory_service  # noqa: F401
