"""The card's words for a wait on the outside world, read from the real await chain and
the loop's real registrations (engine/waits.py), on a real stream program."""

from __future__ import annotations

from support import labels, line_of, record_on_stock_loop

from coffeeshop_gui.model import events as ev
from coffeeshop_gui.model.state import fold


def _waits(events: list[ev.Event]) -> dict[str, list[ev.WaitsOn]]:
    who = labels(events)
    found: dict[str, list[ev.WaitsOn]] = {}
    for e in events:
        if isinstance(e, ev.WaitsOn):
            found.setdefault(who[e.task], []).append(e)
    return found


def test_each_wait_on_the_outside_world_is_named_in_asyncios_words():
    _program, events, (fd, pid, heard, code) = record_on_stock_loop("io_waits")
    assert (heard, code) == (b"got it\n", 0)
    waits = _waits(events)
    assert [(e.words, e.fd, e.kind) for e in waits["listen"]] == [
        (f"reading from a socket (StreamReader.readline), fd {fd}", fd, "read")
    ]
    assert [(e.words, e.fd, e.kind) for e in waits["pour"]] == [
        (f"writing to a socket (StreamWriter.drain), fd {fd}", fd, "write")
    ]
    assert [e.words for e in waits["child"]][-1] == (
        f"waiting for a child process to exit (Process.wait), pid {pid}"
    )
    assert [e.words for e in waits["thread"]] == [
        "waiting for a worker thread to run sleep() (asyncio.to_thread)"
    ]


def test_the_fd_named_is_the_line_the_loop_watches_for_that_wait():
    _program, events, (fd, *_rest) = record_on_stock_loop("io_waits")
    opened = {(e.fd, e.kind): e.what for e in events if isinstance(e, ev.LineOpened)}
    assert opened[(fd, "read")] == opened[(fd, "write")] == "socket"


def test_a_wait_is_on_the_card_while_the_customer_waits_and_gone_once_it_runs_again():
    _program, events, _result = record_on_stock_loop("io_waits")
    who = labels(events)
    listen = next(task for task, name in who.items() if name == "listen")
    at = next(i for i, e in enumerate(events) if isinstance(e, ev.WaitsOn) and e.task == listen)
    waiting = fold(events[: at + 1]).customers[listen]
    assert waiting.waits_on.startswith("reading from a socket (StreamReader.readline), fd ")
    assert waiting.line == line_of("io_waits", "readline")
    line = fold(events[: at + 1]).lines[waiting.waits_at]
    assert listen in line.waiters  # the hatch's line names who waits on it
    ran = next(
        i
        for i, e in enumerate(events)
        if i > at and isinstance(e, ev.Resumed | ev.StepStarted) and e.task == listen
    )
    after = fold(events[: ran + 1])
    assert after.customers[listen].waits_on == ""
    assert listen not in after.lines.get(waiting.waits_at, line).waiters


def test_a_timer_wait_is_not_named_as_the_outside_world():
    _program, events, _result = record_on_stock_loop("io_waits")
    who = labels(events)
    kitchen = next(task for task, name in who.items() if name.startswith("kitchen"))
    named_at = {}  # the line each named wait of the kitchen was suspended at
    line = None
    for e in events:
        if isinstance(e, ev.Suspended) and e.task == kitchen:
            line = e.line
        elif isinstance(e, ev.WaitsOn) and e.task == kitchen:
            named_at[line] = e.words
    assert line_of("io_waits", "hold") not in named_at  # asyncio.sleep: a timer, not a socket
    assert [w.split(")")[0] for w in named_at.values()] == [
        "reading from a socket (StreamReader.readexactly"
    ]


def test_the_loops_socket_calls_a_pipe_a_childs_pipes_and_a_hang_up_are_each_named():
    _program, events, result = record_on_stock_loop("io_waits_more")
    (sock, listening, pipe), pid, *heard = result
    assert heard == [b"hi", b"hello\n", b"line\n"]
    waits = {who: [(e.words, e.fd, e.kind) for e in found] for who, found in _waits(events).items()}
    assert waits["receive"] == [
        (f"reading from a socket (loop.sock_recv), fd {sock}", sock, "read")
    ]
    assert waits["accept"] == [
        (
            f"waiting for a client on a listening socket (loop.sock_accept), fd {listening}",
            listening,
            "read",
        )
    ]
    assert waits["pipe"] == [
        (f"reading from a pipe (StreamReader.readline), fd {pipe}", pipe, "read")
    ]
    assert waits["talk"][0] == (
        f"talking to a child process through its pipes (Process.communicate), pid {pid}",
        None,
        "",
    )
    assert waits["cook"] == [
        ("waiting for a worker thread to run sleep() (loop.run_in_executor)", None, "")
    ]
    assert waits["hang_up"] == [
        ("waiting for the connection to close (StreamWriter.wait_closed)", None, "")
    ]
    connecting = [(words.split(", fd")[0], kind) for words, fd, kind in waits["main"]]
    assert connecting == [
        ("connecting a socket (asyncio.open_connection)", "write"),
        ("connecting a socket (loop.sock_connect)", "write"),
    ]
    assert all(f"fd {fd}" in words for words, fd, _kind in waits["main"])
    pipes = {
        words
        for who, found in waits.items()
        if who.startswith("Process._read")
        for words, *_ in found
    }
    # A child's pipe the loop watches is named as a child's; one that reached its end just
    # before the wait was read (no longer watched, so no fd) is a pipe all the same.
    reading = ("reading from a child process's pipe (", "reading from a pipe (")
    assert pipes and all(w.startswith(reading) for w in pipes)
    assert any(w.startswith(reading[0]) and ", fd " in w for w in pipes)
