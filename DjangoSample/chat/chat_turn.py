"""One chat turn: recall memories, answer, remember the exchange.

The rule that matters: memory is an enhancement. Any MemoryApi failure is logged as a WARNING and the
turn still produces a reply, just a less personal one. Incognito skips MemoryApi entirely.
"""
import logging
from dataclasses import dataclass
from typing import Dict, List, Optional

from chat.llm_client import LlmClient, LlmUnavailableError
from chat.memory_block import MAX_MEMORIES_IN_PROMPT, prompt_lines
from chat.memory_client import MemoryClient, MemoryClientError
from chat.memory_scope import only_memories_of
from chat.replies import (
    LLM_FAILED_PREFIX,
    MEMORY_INCOGNITO,
    MEMORY_UNAVAILABLE,
    MEMORY_USED,
    build_system_prompt,
    template_reply,
)
from chat.trace_context import TraceContext

logger = logging.getLogger(__name__)

# Earlier messages sent to the LLM: enough for follow-up questions, small enough for any context.
EARLIER_MESSAGES_FOR_LLM = 10


@dataclass(frozen=True)
class ChatTurn:
    reply: str
    memories_used: List[str]
    memory_state: str  # MEMORY_USED, MEMORY_INCOGNITO or MEMORY_UNAVAILABLE


def run_chat_turn(
    *,
    user_id: str,
    message: str,
    earlier_messages: List[Dict[str, str]],
    incognito: bool,
    trace: TraceContext,
    memory_client: MemoryClient,
    llm_client: Optional[LlmClient],
) -> ChatTurn:
    if incognito:
        memory_lines, memory_state = [], MEMORY_INCOGNITO
    else:
        memory_lines, memory_state = _recall(memory_client, user_id, message, trace)

    reply = _answer(llm_client, message, earlier_messages, memory_lines, memory_state, trace)

    if not incognito and not _remember(memory_client, user_id, message, reply, trace):
        memory_state = MEMORY_UNAVAILABLE
    return ChatTurn(reply=reply, memories_used=memory_lines, memory_state=memory_state)


def _recall(memory_client, user_id, message, trace):
    try:
        found = memory_client.search(message, user_id, MAX_MEMORIES_IN_PROMPT, trace)
    except MemoryClientError as error:
        logger.warning(
            "Memory search failed; answering without long-term memory (user_id=%s trace_id=%s): %s",
            user_id,
            trace.trace_id,
            error,
        )
        return [], MEMORY_UNAVAILABLE
    mine = only_memories_of(user_id, found, trace.trace_id)
    texts = [memory.get("memory") for memory in mine]
    return prompt_lines(text for text in texts if isinstance(text, str)), MEMORY_USED


def _answer(llm_client, message, earlier_messages, memory_lines, memory_state, trace) -> str:
    if llm_client is None:
        return template_reply(message, memory_lines, memory_state)
    prompt = [
        {"role": "system", "content": build_system_prompt(memory_lines)},
        *earlier_messages[-EARLIER_MESSAGES_FOR_LLM:],
        {"role": "user", "content": message},
    ]
    try:
        return llm_client.complete(prompt, trace)
    except LlmUnavailableError as error:
        logger.warning("LLM call failed; sending a template reply (trace_id=%s): %s", trace.trace_id, error)
        return template_reply(message, memory_lines, memory_state, prefix=LLM_FAILED_PREFIX)


def _remember(memory_client, user_id, message, reply, trace) -> bool:
    exchange = [{"role": "user", "content": message}, {"role": "assistant", "content": reply}]
    try:
        memory_client.add_messages(exchange, user_id, trace)
        return True
    except MemoryClientError as error:
        logger.warning(
            "Memory write failed; this exchange was not remembered (user_id=%s trace_id=%s): %s",
            user_id,
            trace.trace_id,
            error,
        )
        return False
