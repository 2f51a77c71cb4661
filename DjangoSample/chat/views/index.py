"""Start page: type a person's id, open their chat or caregiver page."""
import re

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from chat.converters import UserIdConverter

_VALID_USER_ID = re.compile(rf"^{UserIdConverter.regex}$")
DESTINATIONS = {"chat": "chat", "caregiver": "caregiver"}


@require_GET
def index_page(request):
    return render(request, "chat/index.html", {"user_id": "", "error": ""})


@require_GET
def open_user_page(request):
    user_id = request.GET.get("user_id", "").strip()
    destination = DESTINATIONS.get(request.GET.get("destination", "chat"), "chat")
    if not _VALID_USER_ID.match(user_id):
        error = "Please type a user id: letters, digits, dots, dashes, underscores or @, up to 128 characters."
        return render(request, "chat/index.html", {"user_id": user_id, "error": error}, status=400)
    return redirect(destination, user_id=user_id)
