"""Start page: a login link, or the pages this login may open (its own chat, the people in its care)."""
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chat.access import own_person, people_in_care


@require_GET
def index_page(request):
    # Open to everyone (it is also the AppHost's health check): it shows nothing about anyone.
    context = {"own_person": own_person(request.user), "people_in_care": list(people_in_care(request.user))}
    return render(request, "chat/index.html", context)
