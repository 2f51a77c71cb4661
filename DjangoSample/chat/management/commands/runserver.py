"""`manage.py runserver` whose default port comes from the environment, and that prepares the database.

Aspire's AddPythonApp starts `manage.py runserver` and tells the app its port through an environment
variable, not through the command line. An explicit `runserver ADDR:PORT` still wins.

Before serving it applies migrations (idempotent, so the sample still has one command to start), and
when DJANGO_DEMO_PASSWORD is set it creates or updates the demo logins with that password (the
Aspire AppHost sets it from a generated parameter).
"""
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.commands.runserver import Command as DjangoRunserverCommand

from chat.management.commands.seed_demo_accounts import PASSWORD_VARIABLE
from chatsite import env_config


class Command(DjangoRunserverCommand):
    default_port = env_config.server_port(os.environ)

    def inner_run(self, *args, **options):
        if settings.SECRET_KEY == settings.DEV_ONLY_SECRET_KEY:
            self.stderr.write(
                "DJANGO_SECRET_KEY is not set: using the public development key. "
                "Set it before anyone else can reach this server."
            )
        # Here rather than in handle(): with the autoreloader, only this (child) process serves.
        call_command("migrate", interactive=False, verbosity=0)
        if env_config.optional_text(os.environ, PASSWORD_VARIABLE):
            call_command("seed_demo_accounts", stdout=self.stdout)
        super().inner_run(*args, **options)
