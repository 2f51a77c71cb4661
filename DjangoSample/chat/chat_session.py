"""Per-user chat state kept in the browser's Django session.

Everything is keyed by user_id, so one browser can open several people's chat pages without their
conversations, incognito switches or notices mixing.
"""
from typing import Any, Dict, List, Optional

SESSION_KEY = "chat_by_user"
# Oldest messages are dropped beyond this, so a long-running session file stays small.
MAX_MESSAGES_KEPT = 60


class ChatSession:
    def __init__(self, session, user_id: str):
        self._session = session
        self._user_id = user_id

    def _state(self) -> Dict[str, Any]:
        return self._session.get(SESSION_KEY, {}).get(self._user_id, {})

    def _update(self, **changes) -> None:
        everyone = dict(self._session.get(SESSION_KEY, {}))
        everyone[self._user_id] = {**everyone.get(self._user_id, {}), **changes}
        # Reassigning the top-level key is what marks the session as modified.
        self._session[SESSION_KEY] = everyone

    def forget_if_erased(self, erased_at: Optional[str]) -> None:
        """After the person's data was erased, the conversation kept here is forgotten as well (once)."""
        if erased_at and self._state().get("erased_at_seen") != erased_at:
            everyone = dict(self._session.get(SESSION_KEY, {}))
            everyone[self._user_id] = {"erased_at_seen": erased_at}
            self._session[SESSION_KEY] = everyone

    @property
    def messages(self) -> List[Dict[str, str]]:
        return list(self._state().get("messages", []))

    def add_exchange(self, message: str, reply: str) -> None:
        messages = self.messages + [{"role": "user", "content": message}, {"role": "assistant", "content": reply}]
        self._update(messages=messages[-MAX_MESSAGES_KEPT:])

    @property
    def incognito(self) -> bool:
        return bool(self._state().get("incognito", False))

    @incognito.setter
    def incognito(self, value: bool) -> None:
        self._update(incognito=bool(value))

    @property
    def last_trace_id(self) -> str:
        return self._state().get("last_trace_id", "")

    @property
    def memory_state(self) -> str:
        return self._state().get("memory_state", "")

    def record_turn(self, trace_id: str, memory_state: str) -> None:
        self._update(last_trace_id=trace_id, memory_state=memory_state)
