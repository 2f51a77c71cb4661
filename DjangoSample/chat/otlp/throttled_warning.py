"""A warning logged at most once per interval, with a count of the ones held back.

A collector that is down fails every batch (once a second by default); one line a minute says the
same thing without flooding the log.
"""
import logging
import threading
import time
from typing import Callable, Optional


class ThrottledWarning:
    def __init__(self, logger: logging.Logger, interval_seconds: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self._logger = logger
        self._interval = interval_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._last_logged: Optional[float] = None
        self._held_back = 0

    def warn(self, message: str, *args) -> None:
        with self._lock:
            now = self._clock()
            if self._last_logged is not None and now - self._last_logged < self._interval:
                self._held_back += 1
                return
            held_back, self._held_back, self._last_logged = self._held_back, 0, now
        if held_back:
            message += f" ({held_back} more since the last such warning)"
        self._logger.warning(message, *args)
