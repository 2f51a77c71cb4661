"""The chat page of one person: GET shows the conversation, POST runs one turn (then redirects).

Only the person's own login gets here (chat.access.own_person_only); the user_id MemoryApi sees is
the one in the URL, which that check has tied to the login.
"""
import logging

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from chat.access import own_person, own_person_only
from chat.chat_session import ChatSession
from chat.chat_turn import run_chat_turn
from chat.llm_client import configured_llm_client
from chat.memory_service import get_memory_client
from chat.replies import MEMORY_UNAVAILABLE

logger = logging.getLogger(__name__)

# MemoryApi's default Memory:MaxQueryChars; a longer message could not be searched anyway.
MAX_MESSAGE_CHARS = 4000


@own_person_only
@require_http_methods(["GET", "POST"])
def chat_page(request, user_id):
    chat_session = ChatSession(request.session, user_id)
    erased_at = own_person(request.user).erased_at
    chat_session.forget_if_erased(erased_at.isoformat() if erased_at else None)
    if request.method == "GET":
        return _render(request, user_id, chat_session)

    # The checkbox is part of the message form: its state applies to this very message.
    chat_session.incognito = "incognito" in request.POST
    message = request.POST.get("message", "").strip()
    if not message:
        return redirect("chat", user_id=user_id)
    if len(message) > MAX_MESSAGE_CHARS:
        error = f"That message is too long. Please keep it under {MAX_MESSAGE_CHARS} characters."
        return _render(request, user_id, chat_session, error=error, draft=message, status=400)

    trace = request.trace
    logger.info("Chat turn for user_id=%s trace_id=%s incognito=%s", user_id, trace.trace_id, chat_session.incognito)
    turn = run_chat_turn(
        user_id=user_id,
        message=message,
        earlier_messages=chat_session.messages,
        incognito=chat_session.incognito,
        trace=trace,
        memory_client=get_memory_client(),
        llm_client=configured_llm_client(),
    )
    chat_session.add_exchange(message, turn.reply)
    chat_session.record_turn(trace.trace_id, turn.memory_state)
    # Post/redirect/get: reloading the page must not send the message (and write memory) twice.
    return redirect("chat", user_id=user_id)


def _render(request, user_id, chat_session, error="", draft="", status=200):
    context = {
        "user_id": user_id,
        "messages_shown": chat_session.messages,
        "incognito": chat_session.incognito,
        "memory_unavailable": chat_session.memory_state == MEMORY_UNAVAILABLE,
        "trace_id": chat_session.last_trace_id,
        "error": error,
        "draft": draft,
    }
    return render(request, "chat/chat.html", context, status=status)
