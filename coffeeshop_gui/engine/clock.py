"""The shop's virtual clock: pause freezes brewing, speed scales it, fast-forward skips waits.

virtual = base + rate * (real - real_base); changing the rate rebases, so shop time never
jumps backwards. An infinite rate means "jump to the next timer when nothing is ready"
(as trio's MockClock autojump does); the loop performs the jumps with `advance_to`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

FAST_FORWARD = math.inf


class VirtualClock:
    """Shop time, derived from a real monotonic clock."""

    def __init__(self, rate: float = 1.0, real: Callable[[], float] = time.monotonic) -> None:
        self._real = real
        self._rate = rate
        self._base = 0.0
        self._real_base = real()
        self._flowing = False  # at FAST_FORWARD: let time flow at rate 1 (real work pending)
        self._still = self._is_still()  # time stands still: now() is just _base
        # now() while time stands still, else None: read without a call on the recorder's
        # hot path (two a task step). Kept by _settle wherever _base or _still change.
        self.still_at: float | None = None
        self._settle()

    @property
    def rate(self) -> float:
        return self._rate

    @property
    def fast_forward(self) -> bool:
        return self._rate == FAST_FORWARD

    def _is_still(self) -> bool:
        return self._rate == 0 or (self._rate == FAST_FORWARD and not self._flowing)

    def now(self) -> float:
        if self._still:  # paused, or fast-forwarding between jumps: the common case in a rush
            return self._base
        elapsed = self._real() - self._real_base
        if self._rate == FAST_FORWARD:
            return self._base + (elapsed if self._flowing else 0.0)
        return self._base + self._rate * elapsed

    def _settle(self) -> None:
        self.still_at = self._base if self._still else None

    def _rebase(self) -> None:
        self._base = self.now()
        self._real_base = self._real()
        self._settle()

    def set_rate(self, rate: float) -> None:
        """Run shop time at `rate` x real time from now on (0 freezes it)."""
        if rate < 0:
            raise ValueError("the shop clock does not run backwards")
        self._rebase()
        self._rate = rate
        self._still = self._is_still()
        self._settle()

    def set_flowing(self, flowing: bool) -> None:
        """At fast-forward, let time pass in real time while threads do real work."""
        if flowing != self._flowing:
            self._rebase()
            self._flowing = flowing
            self._still = self._is_still()
            self._settle()

    def count_real(self, seconds: float) -> None:
        """Real time passed that shop time must show (a call that blocked the thread):
        at fast-forward between jumps time stands still, so it moves on by that much."""
        if self._still and self._rate == FAST_FORWARD:
            self.advance_to(self._base + seconds)

    def advance_to(self, when: float) -> None:
        """Jump forward to `when` (never backwards)."""
        if when > self.now():
            self._base = when
            self._real_base = self._real()
            self._settle()

    def real_delay(self, when: float) -> float | None:
        """Real seconds until shop time reaches `when`; None if it never will at this rate."""
        ahead = when - self.now()
        if ahead <= 0:
            return 0.0
        if self._rate == FAST_FORWARD:
            return ahead if self._flowing else 0.0
        if self._rate == 0:
            return None
        return ahead / self._rate
