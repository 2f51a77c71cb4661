"""Client-side guard that a memory belongs to the person whose page is being shown.

MemoryApi already scopes every read by user_id. This second check exists because showing one
person's memories to another is the failure our users can least afford; if the server (or a proxy,
or a future bug) ever returns a foreign memory, it is dropped and logged loudly, never displayed.
"""
import logging
from typing import Any, Dict, Iterable, List

logger = logging.getLogger(__name__)


def belongs_to(memory: Dict[str, Any], user_id: str) -> bool:
    # Strict equality: a memory without a user_id is not provably this person's.
    return memory.get("user_id") == user_id


def only_memories_of(user_id: str, memories: Iterable[Dict[str, Any]], trace_id: str) -> List[Dict[str, Any]]:
    kept = []
    for memory in memories:
        if belongs_to(memory, user_id):
            kept.append(memory)
        else:
            logger.error(
                "Dropped memory %s: it belongs to another scope than the requested user (trace_id=%s)",
                memory.get("id"),
                trace_id,
            )
    return kept
