"""The endpoint's time: its Date headers, carried on by this machine's monotonic clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ftui.core.aws.clock import EndpointClock

LOCAL = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


class Monotonic:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


def clock() -> tuple[EndpointClock, Monotonic]:
    monotonic = Monotonic()
    return EndpointClock(monotonic=monotonic, local_now=lambda: LOCAL), monotonic


def test_before_any_response_it_is_the_local_clock() -> None:
    endpoint, _ = clock()
    assert endpoint.now() == LOCAL


def test_a_date_header_sets_the_time() -> None:
    endpoint, _ = clock()
    endpoint.observe("Wed, 01 Dec 2027 08:30:00 GMT")
    # the header names a whole second: its middle is the best guess
    assert endpoint.now() == datetime(2027, 12, 1, 8, 30, 0, 500_000, tzinfo=UTC)


def test_now_is_in_the_local_time_zone() -> None:
    endpoint, _ = clock()
    endpoint.observe("Wed, 01 Dec 2027 08:30:00 GMT")
    now = endpoint.now()
    assert now.tzinfo is not None
    assert now.utcoffset() == datetime.now().astimezone().utcoffset()


def test_time_runs_on_between_responses() -> None:
    endpoint, monotonic = clock()
    endpoint.observe("Wed, 01 Dec 2027 08:30:00 GMT")
    monotonic.value += 90.25
    assert endpoint.now() == datetime(2027, 12, 1, 8, 31, 30, 750_000, tzinfo=UTC)


def test_a_later_endpoint_time_moves_the_clock_on() -> None:
    endpoint, monotonic = clock()
    endpoint.observe("Wed, 01 Dec 2027 08:30:00 GMT")
    monotonic.value += 1
    endpoint.observe("Wed, 01 Dec 2027 09:30:01 GMT")  # the emulator's clock runs fast
    assert endpoint.now() == datetime(2027, 12, 1, 9, 30, 1, 500_000, tzinfo=UTC)


def test_second_resolution_does_not_make_it_jitter() -> None:
    endpoint, monotonic = clock()
    endpoint.observe("Wed, 01 Dec 2027 08:30:00 GMT")
    monotonic.value += 10.9
    first = endpoint.now()
    # headers name whole seconds, a little behind or ahead of a right estimate: no step
    endpoint.observe("Wed, 01 Dec 2027 08:30:10 GMT")
    monotonic.value += 1
    assert endpoint.now() == first + timedelta(seconds=1)
    endpoint.observe("Wed, 01 Dec 2027 08:30:13 GMT")
    assert endpoint.now() == first + timedelta(seconds=1)


def test_it_never_steps_backwards() -> None:
    endpoint, monotonic = clock()
    endpoint.observe("Wed, 01 Dec 2027 08:30:00 GMT")
    before = endpoint.now()
    endpoint.observe("Wed, 01 Dec 2027 08:29:00 GMT")
    assert endpoint.now() == before
    # it waits for the endpoint to catch up, then follows it again
    monotonic.value += 30
    assert endpoint.now() == before
    monotonic.value += 60
    assert endpoint.now() == datetime(2027, 12, 1, 8, 30, 30, 500_000, tzinfo=UTC)


def test_the_endpoint_wins_over_a_skewed_local_clock() -> None:
    endpoint, _ = clock()
    assert endpoint.now() == LOCAL
    endpoint.observe("Sat, 28 Nov 2026 11:55:00 GMT")  # this machine is five minutes fast
    assert endpoint.now() == LOCAL - timedelta(minutes=5) + timedelta(seconds=0.5)


def test_an_unreadable_header_is_ignored() -> None:
    endpoint, _ = clock()
    endpoint.observe("yesterday")
    endpoint.observe("")
    assert endpoint.now() == LOCAL
    endpoint.observe("Wed, 01 Dec 2027 08:30:00 GMT")
    endpoint.observe("Wed, 99 Dec 2027 08:30:00 GMT")
    assert endpoint.now() == datetime(2027, 12, 1, 8, 30, 0, 500_000, tzinfo=UTC)
