"""Login form that stops guessing: after MAX_FAILURES wrong passwords for one user name, that name is
locked for LOCK_SECONDS (counted from the first failure), even with the right password.

Per user name, not per address: a guesser who changes address still hits the same lock. The price is
that someone can lock a person out for a while by failing on purpose; for this sample that is the
better side to err on. The counts live in Django's cache (the default per-process memory cache: a
restart forgets them, and several processes each count on their own; use a shared cache in
production).
"""
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60
LOCKED_MESSAGE = "Too many wrong passwords for this user name. Please wait 15 minutes and try again."


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That user name and password did not match. Please try again.",
    }

    def clean(self):
        key = "login-failures:" + (self.cleaned_data.get("username") or "").strip().lower()
        if cache.get(key, 0) >= MAX_FAILURES:
            raise ValidationError(LOCKED_MESSAGE, code="locked")
        try:
            return super().clean()
        except ValidationError:
            # add() only sets a missing key, so the window starts at the first failure.
            if not cache.add(key, 1, LOCK_SECONDS):
                try:
                    cache.incr(key)
                except ValueError:  # the window ended between add() and incr()
                    cache.add(key, 1, LOCK_SECONDS)
            raise
