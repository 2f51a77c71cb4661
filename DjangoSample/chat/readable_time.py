"""MemoryApi's ISO 8601 timestamps as a person reads them: "30 Nov 2026, 14:05" and "2 hours ago".

Shown in the configured time zone (settings.TIME_ZONE, from DJANGO_TIME_ZONE). A value that is not a
timestamp is shown as it came, rather than hidden: the caregiver still sees what the service said.
"""
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Optional

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.timesince import timesince

JUST_NOW_SECONDS = 60


@dataclass(frozen=True)
class ReadableTime:
    text: str  # "30 Nov 2026, 14:05", or the raw value when it is not a timestamp
    ago: str  # "2 hours ago", "just now", or "" when unknown
    iso: str  # the machine-readable value for <time datetime="...">


def readable_time(value: Any, now: Optional[datetime] = None) -> Optional[ReadableTime]:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        # .NET sends 7 fractional digits; parse_datetime keeps the first 6.
        moment = parse_datetime(value.strip())
    except ValueError:
        moment = None
    if moment is None or timezone.is_naive(moment):
        return ReadableTime(text=value, ago="", iso="")
    local = timezone.localtime(moment)
    text = f"{local.day} {local:%b %Y, %H:%M}"
    return ReadableTime(text=text, ago=_ago(moment, now or timezone.now()), iso=local.isoformat(timespec="seconds"))


def _ago(moment: datetime, now: datetime) -> str:
    # A moment in the future (clocks a little apart) also reads as "just now".
    if (now - moment).total_seconds() < JUST_NOW_SECONDS:
        return "just now"
    # One unit is what a person reads at a glance ("3 days ago", not "3 days, 4 hours ago").
    return timesince(moment, now, depth=1).replace("\xa0", " ") + " ago"
