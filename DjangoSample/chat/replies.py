"""What the assistant says: the system prompt for the LLM, and the transparent template reply used
when there is no LLM (or it failed).
"""
from typing import List

from chat.memory_block import FENCE_INSTRUCTION, build_memory_block, clip_text

BASE_SYSTEM_PROMPT = (
    "You are a kind, patient assistant. Use short sentences and everyday words. "
    "Answer one thing at a time. If you are not sure, say so."
)

NO_LLM_PREFIX = "(No LLM configured — template reply.)"
LLM_FAILED_PREFIX = "(The language model did not answer — template reply.)"

# Why the memories used are empty, in words the person can understand.
MEMORY_USED = "used"
MEMORY_INCOGNITO = "incognito"
MEMORY_UNAVAILABLE = "unavailable"


def build_system_prompt(memory_texts: List[str]) -> str:
    block = build_memory_block(memory_texts)
    if not block:
        return BASE_SYSTEM_PROMPT
    return f"{BASE_SYSTEM_PROMPT}\n\n{FENCE_INSTRUCTION}\n\n{block}"


def template_reply(message: str, memory_lines: List[str], memory_state: str, prefix: str = NO_LLM_PREFIX) -> str:
    """A reply that says it is a template and shows exactly which memories it used."""
    # No full stop after the closing quote: the quoted text usually ends with its own punctuation.
    said = f"You said: “{clip_text(message)}”"
    if memory_state == MEMORY_INCOGNITO:
        remembered = "Incognito is on, so I did not look at my memories and I will not save this."
    elif memory_state == MEMORY_UNAVAILABLE and not memory_lines:
        remembered = "My memory is not available right now, so I could not use it."
    elif memory_lines:
        remembered = "I remembered: " + "; ".join(f"“{line}”" for line in memory_lines)
    else:
        remembered = "I have no memories about this yet."
    return f"{prefix} {said} — {remembered}"
