"""A person's data, out and gone: the caregiver page's Export and Erase (MemoryApi's /users/{userId}).

Export downloads MemoryApi's JSON document as a file. Erase is a POST behind a confirmation page and
shows MemoryApi's counts afterwards. Both are for a caregiver assigned to the person only
(chat.access.caregiver_of_person_only), and a MemoryApi failure is a notice, never a 500.
"""
import logging

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from chat.access import caregiver_of_person_only
from chat.memory_client import MemoryClientError
from chat.memory_service import get_memory_client
from chat.models import Person
from chat.views.caregiver import describe_failure

logger = logging.getLogger(__name__)

CONFIRM_FIELD = "confirm"
ERASED_COUNTS = [
    ("memories", "memory", "memories"),
    ("history_rows_redacted", "history row redacted", "history rows redacted"),
    ("turns", "conversation turn", "conversation turns"),
    ("graph_nodes", "graph node", "graph nodes"),
    ("graph_edges", "graph edge", "graph edges"),
    ("events", "event", "events"),
]


@caregiver_of_person_only
@require_GET
def export_person(request, user_id):
    trace = request.trace
    try:
        export = get_memory_client().export_user(user_id, trace)
    except MemoryClientError as error:
        logger.warning("Export failed (user_id=%s trace_id=%s): %s", user_id, trace.trace_id, error)
        messages.error(request, "The export could not be made. " + describe_failure(error))
        return redirect("caregiver", user_id=user_id)
    if not _only_about(export, user_id):
        logger.error("Refused an export that holds data of another user (user_id=%s trace_id=%s)", user_id, trace.trace_id)
        messages.error(request, "The export held data that is not this person's, so it was not given out.")
        return redirect("caregiver", user_id=user_id)

    response = JsonResponse(export, json_dumps_params={"ensure_ascii": False, "indent": 2})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    # user_id is letters, digits and . _ @ - only (the URL converter), so it is safe in a file name.
    response["Content-Disposition"] = f'attachment; filename="memories-{user_id}-{stamp}.json"'
    response["Cache-Control"] = "no-store"  # a person's whole record must not sit in a shared cache
    return response


@caregiver_of_person_only
@require_http_methods(["GET", "POST"])
def erase_person(request, user_id):
    if request.method == "GET":
        return _confirmation(request, user_id)
    if request.POST.get(CONFIRM_FIELD) != "yes":
        return _confirmation(request, user_id, error="Please tick the box to confirm. Nothing was erased.", status=400)

    trace = request.trace
    try:
        erasure = get_memory_client().erase_user(user_id, trace)
    except MemoryClientError as error:
        logger.warning("Erase failed (user_id=%s trace_id=%s): %s", user_id, trace.trace_id, error)
        messages.error(request, "The erase did not complete. " + describe_failure(error) + " Please try again.")
        return redirect("caregiver", user_id=user_id)

    logger.info("Erased user_id=%s (audit_id=%s trace_id=%s)", user_id, erasure.get("audit_id"), trace.trace_id)
    # The person's own chat page forgets the conversation kept in their browser session too.
    Person.objects.filter(user_id=user_id).update(erased_at=timezone.now())
    messages.success(request, erased_message(user_id, erasure))
    return redirect("caregiver", user_id=user_id)


def erased_message(user_id, erasure) -> str:
    counts = erasure.get("counts", {})
    parts = []
    for key, one, many in ERASED_COUNTS:
        count = counts.get(key)
        if isinstance(count, int):
            parts.append(f"{count} {one if count == 1 else many}")
    audit = f" The audit record {erasure['audit_id']} keeps these counts, not the content." if erasure.get("audit_id") else ""
    return f"Everything stored about {user_id} was erased: {', '.join(parts) or 'nothing was stored'}.{audit}"


def _only_about(export, user_id) -> bool:
    """Every memory and turn in the export is the person's (the same second check as the page's list)."""
    rows = [*export.get("memories", []), *(export.get("turns") or [])]
    return export.get("user_id") == user_id and all(
        isinstance(row, dict) and row.get("user_id", user_id) == user_id for row in rows
    )


def _confirmation(request, user_id, error="", status=200):
    return render(request, "chat/erase.html", {"user_id": user_id, "error": error}, status=status)
