"""Moments of a run worth a still: the first event whose caption says what a person asks for.

`coffeeshop --screenshot shop.png --when "Ben wake-up"` stops the shop right after the turn
that logged the first event whose caption (the sentence the caption strip tells for it)
contains those words; the tour's key moments and the caption cues of its steps are the
same kind of match. Matching is on the captions a person reads, so what can be asked for is
exactly what the strip can say.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from coffeeshop_gui.loop.shop_loop import ShopLoop
from coffeeshop_gui.model.log import EventLog
from coffeeshop_gui.model.state import ShopState
from coffeeshop_gui.ui.narration import narrate

# "Ben's wake-up" is asked for as "Ben wake-up": a name matches its possessive.
_POSSESSIVE = re.compile(r"['’]s\b")


def _plain(text: str) -> str:
    return " ".join(_POSSESSIVE.sub("", text.casefold()).split())


def caption_matches(caption: str, text: str) -> bool:
    """Whether `caption` contains `text`, ignoring case, spacing and a possessive 's."""
    return _plain(text) in _plain(caption)


class CaptionWatch:
    """Narrates a log as it grows, as the caption strip would, and notices the first caption
    that contains `text`. Its own fold: the window's folds a frame at a time, and narrates
    only the last events of a burst; this one reads every event, a turn at a time."""

    def __init__(self, log: EventLog, text: str) -> None:
        self.log = log
        self.text = text
        self.state = ShopState()
        self._cursor = 0
        self.found: str | None = None  # the caption that matched, once one has

    def look(self) -> str | None:
        """Read what the log gained since the last look; the matching caption, if any yet."""
        if self.found is not None:
            return self.found
        for event in self.log.since(self._cursor):
            caption = narrate(event, self.state)  # read against the state before it
            self.state.apply(event)
            if caption and caption_matches(caption, self.text):
                self.found = caption
                break
        self._cursor = len(self.log)
        return self.found


class RunToMoment:
    """Runs the shop a turn at a time, skipping waits, until right after the cashier's
    `turn`-th turn (counted from now) or the first turn that logged a caption containing
    `when`; then it stays paused there and calls `reached`. If the program runs out of
    work first, `ended` is called instead. Nothing runs past the moment: the ready queue,
    the timers and the log are as that turn left them."""

    def __init__(
        self,
        loop: ShopLoop,
        log: EventLog,
        reached: Callable[[], None],
        ended: Callable[[], None],
        turn: int | None = None,
        when: str | None = None,
    ) -> None:
        if (turn is None) == (when is None):
            raise ValueError("a moment is a turn or a caption's words, one of the two")
        self.loop = loop
        self.turn = turn
        self.watch = CaptionWatch(log, when) if when is not None else None
        self._reached, self._ended = reached, ended
        self.first = loop.turns

    @property
    def taken(self) -> int:
        """Turns taken since the run began."""
        return self.loop.turns - self.first

    def describe(self) -> str:
        """What is looked for, in the words of a message."""
        return f"turn {self.turn}" if self.watch is None else f"a caption with {self.watch.text!r}"

    def start(self) -> None:
        """Look before the first turn (turn 0, or a caption logged already), then go on."""
        self.loop.set_pace(0.0)
        self.loop.set_speed(math.inf)  # shop time moves only from one timer to the next
        self.loop.horizon_reached.connect(self._after_turn)
        self.loop.turn_horizon = self.loop.turns
        self.loop.play()

    def arrived(self) -> bool:
        """Whether the turn just taken is the moment looked for."""
        if self.watch is not None:
            return self.watch.look() is not None
        return self.taken >= (self.turn or 0)

    def _after_turn(self) -> None:
        if self.arrived():
            self._reached()
        elif self.loop.idle:
            self._ended()
        else:
            self.loop.turn_horizon = self.loop.turns + 1
            self.loop.play()


class CaptionCues:
    """Which of a tour step's captions is on: each comes on at the first event, after the one
    that brought the caption before it, whose caption-strip sentence contains its cue ("" is
    from the start). Read from the log as it grows, so a caption is never ahead of the
    picture, and never on a timer."""

    def __init__(self, log: EventLog, cues: tuple[str, ...]) -> None:
        self.log = log
        self.cues = cues
        self.state = ShopState()
        self._cursor = 0
        self.on = 0  # the caption on now
        self._advance_free()

    def _advance_free(self) -> None:
        while self.on + 1 < len(self.cues) and not self.cues[self.on + 1].strip():
            self.on += 1

    def look(self) -> int:
        """Read what the log gained since the last look; the caption on now."""
        if self.on + 1 >= len(self.cues):
            return self.on
        for event in self.log.since(self._cursor):
            caption = narrate(event, self.state)
            self.state.apply(event)
            if caption and caption_matches(caption, self.cues[self.on + 1]):
                self.on += 1
                self._advance_free()
                if self.on + 1 >= len(self.cues):
                    break
        self._cursor = len(self.log)
        return self.on
