"""The block of long-term memories injected into the system prompt.

Format (exact; lines joined with "\n"):

    Relevant long-term memories:
    - <memory 1>
    - <memory 2>
    (end of memories)

At most MAX_MEMORIES_IN_PROMPT lines; each memory is flattened to one line (so its text can never
forge a delimiter line) and clipped to MAX_MEMORY_CHARS characters, the ellipsis included. With no
memories the block is the empty string: the prompt then carries no memory section at all, rather than
an empty one the model might comment on.
"""
from typing import Iterable, List

MEMORY_BLOCK_HEADER = "Relevant long-term memories:"
MEMORY_BLOCK_FOOTER = "(end of memories)"
MEMORY_LINE_PREFIX = "- "
MAX_MEMORIES_IN_PROMPT = 5
MAX_MEMORY_CHARS = 300
ELLIPSIS = "…"


def clip_text(text: str, max_chars: int = MAX_MEMORY_CHARS) -> str:
    """One line of at most `max_chars` characters, cut at a word boundary and ended with "…"."""
    flat = " ".join(text.split())
    if len(flat) <= max_chars:
        return flat
    budget = max_chars - len(ELLIPSIS)
    clipped = flat[:budget]
    cut_inside_a_word = flat[budget] != " "
    if cut_inside_a_word:
        last_space = clipped.rfind(" ")
        # Very long "words" (URLs, ids) are cut hard rather than dropping most of the memory.
        if last_space >= budget // 2:
            clipped = clipped[:last_space]
    return clipped.rstrip() + ELLIPSIS


def prompt_lines(memory_texts: Iterable[str]) -> List[str]:
    """The clipped memories that go into the prompt: non-blank, at most MAX_MEMORIES_IN_PROMPT."""
    lines = []
    for text in memory_texts:
        if len(lines) == MAX_MEMORIES_IN_PROMPT:
            break
        clipped = clip_text(text or "")
        if clipped:
            lines.append(clipped)
    return lines


def build_memory_block(memory_texts: Iterable[str]) -> str:
    lines = prompt_lines(memory_texts)
    if not lines:
        return ""
    return "\n".join([MEMORY_BLOCK_HEADER, *(MEMORY_LINE_PREFIX + line for line in lines), MEMORY_BLOCK_FOOTER])
