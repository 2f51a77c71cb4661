"""The caregiver page: a person's memories with their history, delete and revert.

Only a login assigned to the person as a caregiver gets here (chat.access.caregiver_of_person_only).
Mutations are POST forms (CSRF-protected) that redirect back to the list with a notice. Before
changing a memory the page re-reads it and checks that it belongs to the person whose page this is,
so a forged or stale form can never touch someone else's memory.
"""
import logging
import re

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from chat.access import caregiver_of_person_only
from chat.converters import MemoryIdConverter
from chat.memory_client import MemoryApiError, MemoryClientError, MemoryUnavailableError
from chat.memory_scope import belongs_to, only_memories_of
from chat.memory_service import get_memory_client
from chat.readable_time import readable_time

logger = logging.getLogger(__name__)

LIST_LIMIT = 100
# A category name as MemoryApi stores them (Mem0's defaults are snake_case); anything else in ?category= is ignored.
_VALID_CATEGORY = re.compile(r"^[\w .-]{1,64}$")
REVERTIBLE_EVENTS = {"ADD", "UPDATE"}
_VALID_MEMORY_ID = _VALID_HISTORY_ID = re.compile(rf"^{MemoryIdConverter.regex}$")

UNREACHABLE_MESSAGE = "The memory service is not reachable right now. Please try again in a minute."
BUSY_MESSAGE = "The memory service is busy right now (too many requests). Please try again in a minute."


@caregiver_of_person_only
@require_GET
def caregiver_page(request, user_id):
    client, trace = get_memory_client(), request.trace
    category = request.GET.get("category", "").strip()
    if category and not _VALID_CATEGORY.match(category):
        category = ""
    try:
        page = client.list_memories(user_id, LIST_LIMIT, trace)
        # The filter runs in MemoryApi (its categories filter), so a page of 100 filters all of the person's memories.
        shown = client.list_memories(user_id, LIST_LIMIT, trace, category=category) if category else page
    except MemoryClientError as error:
        logger.warning("Caregiver list failed (user_id=%s trace_id=%s): %s", user_id, trace.trace_id, error)
        context = {"user_id": user_id, "trace_id": trace.trace_id, "error": describe_failure(error)}
        return render(request, "chat/caregiver.html", context, status=_status_for(error))

    memories = only_memories_of(user_id, shown["results"], trace.trace_id)
    context = {
        "user_id": user_id,
        "trace_id": trace.trace_id,
        "error": "",
        "memories": [_with_history(client, memory, trace) for memory in memories],
        "more_not_shown": bool(shown.get("next_cursor")),
        "list_limit": LIST_LIMIT,
        "category": category,
        "category_label": _label(category),
        "categories": _category_counts(only_memories_of(user_id, page["results"], trace.trace_id)),
    }
    return render(request, "chat/caregiver.html", context)


def _categories_of(memory):
    """The memory's category names; anything that is not a list of short names is shown as none."""
    names = memory.get("categories")
    if not isinstance(names, list):
        return []
    return [name for name in names if isinstance(name, str) and _VALID_CATEGORY.match(name)]


def _label(name: str) -> str:
    """A category as a person reads it: "user_preferences" -> "user preferences"."""
    return name.replace("_", " ")


def _category_counts(memories):
    """Each category of the person's memories with how many carry it, most common first, for the filter links."""
    counts = {}
    for memory in memories:
        for name in _categories_of(memory):
            counts[name] = counts.get(name, 0) + 1
    return [{"name": name, "label": _label(name), "count": count}
            for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


@caregiver_of_person_only
@require_POST
def delete_memory(request, user_id, memory_id):
    client, trace = get_memory_client(), request.trace
    try:
        if _owned_by(client, user_id, memory_id, request):
            client.delete_memory(memory_id, trace)
            messages.success(request, "The memory was deleted. Its history is kept.")
    except MemoryClientError as error:
        _report_failure(request, error, user_id, trace, "delete")
    return redirect("caregiver", user_id=user_id)


@caregiver_of_person_only
@require_POST
def revert_memory(request, user_id, memory_id):
    client, trace = get_memory_client(), request.trace
    history_id = request.POST.get("history_id", "").strip()
    if not _VALID_HISTORY_ID.match(history_id):
        messages.error(request, "That version could not be found. Nothing was changed.")
        return redirect("caregiver", user_id=user_id)
    try:
        if _owned_by(client, user_id, memory_id, request) and _is_version_of(client, memory_id, history_id, request):
            updated = client.revert_memory(memory_id, history_id, trace)
            messages.success(request, f"The memory now says: “{updated.get('memory', '')}”.")
    except MemoryClientError as error:
        _report_failure(request, error, user_id, trace, "revert")
    return redirect("caregiver", user_id=user_id)


def _with_history(client, memory, trace):
    """The memory plus its history rows, each marked revertible or not."""
    memory_id = str(memory.get("id", ""))
    entry = {
        "id": memory_id,
        "text": memory.get("memory", ""),
        "changed": readable_time(memory.get("updated_at") or memory.get("created_at")),
        "categories": [{"name": name, "label": _label(name)} for name in _categories_of(memory)],
        # Buttons need an id our URLs accept; an odd id is still shown, just without buttons.
        "actionable": bool(_VALID_MEMORY_ID.match(memory_id)),
    }
    if not entry["actionable"]:
        return {**entry, "history": [], "history_error": True}
    try:
        rows = client.history(entry["id"], trace)
    except MemoryClientError as error:
        logger.warning("History of memory %s failed (trace_id=%s): %s", entry["id"], trace.trace_id, error)
        return {**entry, "history": [], "history_error": True}
    history = [
        {**row, "revertible": _is_earlier_version(row, entry["text"]), "time": readable_time(row.get("created_at"))}
        for row in rows
    ]
    return {**entry, "history": history, "history_error": False}


def _is_earlier_version(row, current_text) -> bool:
    """An ADD or UPDATE whose resulting text is not what the memory says now."""
    event = str(row.get("event", "")).upper()
    new_text = row.get("new_memory")
    return event in REVERTIBLE_EVENTS and bool(new_text) and new_text != current_text


def _owned_by(client, user_id, memory_id, request) -> bool:
    memory = client.get_memory(memory_id, request.trace)
    if belongs_to(memory, user_id):
        return True
    logger.error(
        "Refused to change memory %s from the caregiver page of another user (trace_id=%s)",
        memory_id,
        request.trace.trace_id,
    )
    messages.error(request, "That memory does not belong to this person. Nothing was changed.")
    return False


def _is_version_of(client, memory_id, history_id, request) -> bool:
    # The revert route validates this too; checking here as well means a server bug can never copy
    # another memory's (possibly another person's) text into this one.
    rows = client.history(memory_id, request.trace)
    if any(str(row.get("id")) == history_id and _is_earlier_version(row, None) for row in rows):
        return True
    messages.error(request, "That version is not part of this memory's history. Nothing was changed.")
    return False


def _report_failure(request, error, user_id, trace, action):
    logger.warning("Caregiver %s failed (user_id=%s trace_id=%s): %s", action, user_id, trace.trace_id, error)
    if isinstance(error, MemoryApiError) and error.status_code == 404:
        messages.error(request, "That memory or version no longer exists. Nothing was changed.")
    elif isinstance(error, MemoryUnavailableError):
        messages.error(request, UNREACHABLE_MESSAGE + " The change may not have been made; please check the list.")
    else:
        messages.error(request, describe_failure(error))


def describe_failure(error: MemoryClientError) -> str:
    if _too_many_requests(error):
        return BUSY_MESSAGE
    if isinstance(error, MemoryApiError):
        return f"The memory service refused the request ({error.status_code}): {error.detail}"
    return UNREACHABLE_MESSAGE


def _status_for(error: MemoryClientError) -> int:
    # Not 500: the page itself works; the service behind it does not (or asks us to slow down).
    return 502 if isinstance(error, MemoryApiError) and not _too_many_requests(error) else 503


def _too_many_requests(error: MemoryClientError) -> bool:
    # MemoryApi's per-key rate limit: a healthy service asking for patience, not a refusal.
    return isinstance(error, MemoryApiError) and error.status_code == 429
