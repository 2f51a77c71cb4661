"""Timestamps as a person reads them, in the configured time zone."""
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from django.core.exceptions import ImproperlyConfigured

from chat.readable_time import readable_time
from chatsite import env_config

NOW = datetime(2026, 11, 30, 16, 5, 30, tzinfo=dt_timezone.utc)


def test_dotnet_timestamp_with_seven_fraction_digits_reads_as_day_month_year_and_minutes(settings):
    settings.TIME_ZONE = "UTC"
    time = readable_time("2026-11-30T14:05:03.1234567+00:00", now=NOW)
    assert time.text == "30 Nov 2026, 14:05"
    assert time.ago == "2 hours ago"
    assert time.iso == "2026-11-30T14:05:03+00:00"


def test_shown_in_the_configured_time_zone(settings):
    settings.TIME_ZONE = "America/Sao_Paulo"  # UTC-3 in November
    time = readable_time("2026-11-30T01:30:00.5+00:00", now=NOW)
    assert time.text == "29 Nov 2026, 22:30"
    assert time.iso == "2026-11-29T22:30:00-03:00"


@pytest.mark.parametrize("earlier, ago", [
    (timedelta(seconds=5), "just now"),
    (timedelta(seconds=-30), "just now"),  # a clock slightly ahead
    (timedelta(minutes=1), "1 minute ago"),
    (timedelta(minutes=59, seconds=59), "59 minutes ago"),
    (timedelta(days=1, hours=3), "1 day ago"),
    (timedelta(days=15), "2 weeks ago"),
    (timedelta(days=800), "2 years ago"),
])
def test_relative_time_uses_one_unit(earlier, ago):
    assert readable_time((NOW - earlier).isoformat(), now=NOW).ago == ago


@pytest.mark.parametrize("value", [None, "", "  ", 17, {"at": "x"}])
def test_missing_values_show_nothing(value):
    assert readable_time(value, now=NOW) is None


@pytest.mark.parametrize("value", ["yesterday", "2026-13-45T99:00:00Z", "2026-11-30T14:05:03"])
def test_unreadable_or_zone_less_values_are_shown_as_they_came(value):
    time = readable_time(value, now=NOW)
    assert (time.text, time.ago, time.iso) == (value, "", "")


def test_time_zone_setting_is_validated_with_the_variable_name():
    assert env_config.time_zone({}) == "UTC"
    assert env_config.time_zone({"DJANGO_TIME_ZONE": "Europe/Lisbon"}) == "Europe/Lisbon"
    with pytest.raises(ImproperlyConfigured, match="DJANGO_TIME_ZONE"):
        env_config.time_zone({"DJANGO_TIME_ZONE": "Mars/Olympus"})
    with pytest.raises(ImproperlyConfigured, match="DJANGO_TIME_ZONE"):
        env_config.time_zone({"DJANGO_TIME_ZONE": "../etc/passwd"})
