"""Who may see whom: a person (a MemoryApi user_id), the login they chat with, and their caregivers.

The sample's only model. MemoryApi knows nothing of logins: it stores memories under a user_id. This
table is what stands between a browser and that user_id: a login chats only as its own person, and
a caregiver sees only the people they are assigned to (see chat/access.py).
"""
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from chat.converters import UserIdConverter


class Person(models.Model):
    user_id = models.CharField(
        max_length=128,
        unique=True,
        validators=[RegexValidator(rf"^{UserIdConverter.regex}$", "Letters, digits and . _ @ - only.")],
        help_text="The user_id under which MemoryApi keeps this person's memories.",
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="The login this person chats with (none: the person does not chat here).",
    )
    caregivers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="people_in_care",
        help_text="Logins that may see, export and erase this person's memories.",
    )
    erased_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When a caregiver last erased this person's data; their chat forgets older conversation.",
    )

    class Meta:
        ordering = ["user_id"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.user_id
