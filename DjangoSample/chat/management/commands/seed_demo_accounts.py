"""`manage.py seed_demo_accounts`: the demo logins, so the sample can be tried at once.

- `ana` and `ben`: people; each logs in and chats as their own MemoryApi user_id (`ana`, `ben`).
- `carol`: their caregiver; she sees, exports and erases the memories of both, and chats as nobody.

The password comes from `--password`, else DJANGO_DEMO_PASSWORD. With neither, a random one is
made up for accounts created now and printed once: there is deliberately no fixed password in the
code, because a sample's demo login is exactly what ends up deployed by mistake. Running it again
keeps existing passwords unless one is given (then all three are set to it). Idempotent.
"""
import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from chat.models import Person
from chatsite import env_config

PEOPLE = ("ana", "ben")
CAREGIVER = "carol"
PASSWORD_VARIABLE = "DJANGO_DEMO_PASSWORD"


class Command(BaseCommand):
    help = "Create (or update) the demo logins: people ana and ben, and their caregiver carol."

    def add_arguments(self, parser):
        parser.add_argument("--password", help=f"Password of the three demo logins (default: ${PASSWORD_VARIABLE}).")

    def handle(self, *args, **options):
        given = options.get("password") or env_config.optional_text(os.environ, PASSWORD_VARIABLE)
        if given is not None:
            try:
                validate_password(given)  # settings.AUTH_PASSWORD_VALIDATORS: length, common, numeric
            except ValidationError as error:
                raise CommandError("The demo password is refused: " + " ".join(error.messages)) from None
        generated = secrets.token_urlsafe(12)

        created = []
        with transaction.atomic():
            logins = {}
            for username in (CAREGIVER, *PEOPLE):
                login, is_new = get_user_model().objects.get_or_create(username=username)
                if given or is_new:
                    login.set_password(given or generated)
                    login.save()
                if is_new:
                    created.append(username)
                logins[username] = login
            for user_id in PEOPLE:
                person, _ = Person.objects.update_or_create(user_id=user_id, defaults={"account": logins[user_id]})
                person.caregivers.add(logins[CAREGIVER])

        names = ", ".join([CAREGIVER, *PEOPLE])
        if given:
            self.stdout.write(f"Demo logins {names}: password set (from --password or ${PASSWORD_VARIABLE}).")
        elif created:
            self.stdout.write(f"Demo logins {', '.join(created)} created with the password: {generated}")
        else:
            self.stdout.write(f"Demo logins {names} already exist; passwords kept (give --password to reset them).")
