"""`manage.py runserver` whose default port comes from the environment.

Aspire's AddPythonApp starts `manage.py runserver` and tells the app its port through an environment
variable, not through the command line. An explicit `runserver ADDR:PORT` still wins.
"""
import os

from django.conf import settings
from django.core.management.commands.runserver import Command as DjangoRunserverCommand

from chatsite import env_config


class Command(DjangoRunserverCommand):
    default_port = env_config.server_port(os.environ)

    def inner_run(self, *args, **options):
        if settings.SECRET_KEY == settings.DEV_ONLY_SECRET_KEY:
            self.stderr.write(
                "DJANGO_SECRET_KEY is not set: using the public development key. "
                "Set it before anyone else can reach this server."
            )
        super().inner_run(*args, **options)
