"""The access rules, in one place: a login chats only as its own person; a caregiver sees only the
people assigned to them.

Anything else is a 404, exactly like a person who does not exist, so a changed URL or form field
neither works nor tells whether that person is in the system. Checked before any MemoryApi call.
"""
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from chat.models import Person


def require_own_person(user, user_id: str) -> None:
    person = own_person(user)
    if person is None or person.user_id != user_id:
        raise Http404("No such person.")


def require_person_in_care(user, user_id: str) -> None:
    if not people_in_care(user).filter(user_id=user_id).exists():
        raise Http404("No such person.")


def own_person(user):
    """The person this login chats as, or None."""
    # Never query with an anonymous user's pk (None): `account=None` would match every person
    # without a login.
    if not user.is_authenticated:
        return None
    return Person.objects.filter(account=user).first()


def people_in_care(user):
    if not user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(caregivers=user)


def own_person_only(view):
    """For views of /chat/<user_id>/...: logged in, and chatting as their own person."""

    @login_required
    @wraps(view)
    def checked(request, user_id, *args, **kwargs):
        require_own_person(request.user, user_id)
        return view(request, user_id, *args, **kwargs)

    return checked


def caregiver_of_person_only(view):
    """For views of /caregiver/<user_id>/...: logged in, and assigned to that person."""

    @login_required
    @wraps(view)
    def checked(request, user_id, *args, **kwargs):
        require_person_in_care(request.user, user_id)
        return view(request, user_id, *args, **kwargs)

    return checked
