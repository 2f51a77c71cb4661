"""Guessing a password stops after a few tries: the user name is locked for a while."""
from django.core.cache import cache
from django.test import Client

from chat.login_throttle import LOCKED_MESSAGE, MAX_FAILURES
from tests.conftest import PASSWORD


def log_in(browser, username, password):
    return browser.post("/accounts/login/", {"username": username, "password": password})


def test_after_too_many_wrong_passwords_even_the_right_one_is_refused(accounts):
    browser = Client()
    for _ in range(MAX_FAILURES):
        wrong = log_in(browser, "ana", "guess")
        assert wrong.status_code == 200 and "did not match" in wrong.content.decode()

    locked = log_in(browser, "ana", PASSWORD)
    assert locked.status_code == 200
    assert LOCKED_MESSAGE in locked.content.decode()
    assert "_auth_user_id" not in browser.session
    # Another address (a new browser) and another spelling of the name hit the same lock.
    assert LOCKED_MESSAGE in log_in(Client(), " ANA ", PASSWORD).content.decode()
    # Other people are not affected.
    assert log_in(Client(), "bob", PASSWORD).status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock(accounts):
    browser = Client()
    for _ in range(MAX_FAILURES - 1):
        log_in(browser, "ana", "guess")
    assert log_in(browser, "ana", PASSWORD).status_code == 302


def test_the_lock_ends_when_its_window_expires(accounts):
    for _ in range(MAX_FAILURES):
        log_in(Client(), "ana", "guess")
    cache.delete("login-failures:ana")  # what the cache does when LOCK_SECONDS have passed
    assert log_in(Client(), "ana", PASSWORD).status_code == 302
