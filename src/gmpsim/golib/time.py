"""The time package's values: Duration's methods as Go computes and writes them ("1.5s", "2m0s",
"100ms", "0s"), and time.Time on the virtual clock.

A time.Time is an ``int``: nanoseconds of virtual time since the simulated process started, the
reading of Go's monotonic clock (``m=+…`` when printed).  Its wall clock starts where the Go
playground's does, 2009-11-10 23:00:00 UTC, so that printed times are the same on every run; the
zero Time (year 1) is the one value with no monotonic reading.
"""

from __future__ import annotations

import datetime
import re

_UNITS = ((1, "ns"), (1_000, "µs"), (1_000_000, "ms"))


def duration_string(d: int) -> str:
    neg = d < 0
    u = -d if neg else d
    sign = "-" if neg else ""
    if u < 1_000_000_000:
        if u == 0:
            return "0s"
        for scale, unit in reversed(_UNITS):
            if u >= scale:
                return sign + _fraction(u, scale) + unit
    secs_ns = u % 60_000_000_000
    minutes = u // 60_000_000_000
    out = _fraction(secs_ns, 1_000_000_000) + "s"
    if minutes:
        hours, minutes = divmod(minutes, 60)
        out = f"{minutes}m" + out
        if hours:
            out = f"{hours}h" + out
    return sign + out


def _fraction(v: int, scale: int) -> str:
    whole, frac = divmod(v, scale)
    if not frac:
        return str(whole)
    digits = len(str(scale)) - 1
    return f"{whole}." + f"{frac:0{digits}d}".rstrip("0")


_PARSE_UNITS = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,
    "μs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}


def parse_duration(text: str) -> int:
    """time.ParseDuration: "3.5s", "1m30s", "250ms" -> nanoseconds."""
    s = text.strip()
    sign = -1 if s.startswith("-") else 1
    s = s.lstrip("+-")
    if s == "0":
        return 0
    parts = re.findall(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)", s)
    if not parts or "".join(n + u for n, u in parts) != s:
        raise ValueError(f"invalid duration {text!r} (expected e.g. 3.5s, 250ms, 1m30s)")
    total = 0
    for number, unit in parts:
        whole, _, frac = number.partition(".")
        scale = _PARSE_UNITS[unit]
        total += int(whole or "0") * scale
        if frac:
            total += int(frac) * scale // 10 ** len(frac)
    return sign * total


MIN_DURATION = -(1 << 63)
MAX_DURATION = (1 << 63) - 1
_SECOND = 1_000_000_000
_UNIX_TO_YEAR1 = 62_135_596_800  # seconds from 0001-01-01 to 1970-01-01
START_UNIX = 1_257_894_000  # 2009-11-10 23:00:00 UTC: the wall clock when the process starts
ZERO_TIME = -(START_UNIX + _UNIX_TO_YEAR1) * _SECOND


def _saturate(d: int) -> int:
    return max(MIN_DURATION, min(MAX_DURATION, d))


def duration_round(d: int, m: int) -> int:
    """Duration.Round: to the nearest multiple of m, halves away from zero, saturating."""
    if m <= 0:
        return d
    r = abs(d) % m
    if d < 0:
        return _saturate(d + r - m) if r + r >= m else d + r
    return _saturate(d - r + m) if r + r >= m else d - r


def _quo_rem(d: int, m: int) -> tuple[int, int]:
    """Go's integer division: the quotient truncated toward zero, the remainder with d's sign."""
    q = abs(d) // m
    q = -q if d < 0 else q
    return q, d - q * m


def duration_truncate(d: int, m: int) -> int:
    """Duration.Truncate: toward zero to a multiple of m."""
    return d if m <= 0 else d - _quo_rem(d, m)[1]


def duration_abs(d: int) -> int:
    return MAX_DURATION if d == MIN_DURATION else abs(d)


def _in_units(d: int, unit: int) -> float:
    """Seconds, Minutes and Hours as Go computes them: whole units plus the remainder's fraction."""
    whole, rest = _quo_rem(d, unit)
    return whole + rest / unit


def duration_seconds(d: int) -> float:
    return _in_units(d, _SECOND)


def duration_minutes(d: int) -> float:
    return _in_units(d, 60 * _SECOND)


def duration_hours(d: int) -> float:
    return _in_units(d, 3600 * _SECOND)


def duration_milliseconds(d: int) -> int:
    return _quo_rem(d, 1_000_000)[0]


def duration_microseconds(d: int) -> int:
    return _quo_rem(d, 1_000)[0]


def duration_nanoseconds(d: int) -> int:
    return d


def duration_string_bytes(d: int) -> bytes:
    return duration_string(d).encode()


def time_sub(t: int, u: int) -> int:
    """Time.Sub: the monotonic difference (the zero Time has only a wall reading), saturating."""
    return _saturate(t - u)


def time_add(t: int, d: int) -> int:
    return t + d


def time_before(t: int, u: int) -> bool:
    return t < u


def time_after(t: int, u: int) -> bool:
    return t > u


def time_equal(t: int, u: int) -> bool:
    return t == u


def time_is_zero(t: int) -> bool:
    return t == ZERO_TIME


def time_unix_nano(t: int) -> int:
    return START_UNIX * _SECOND + t


def time_unix(t: int) -> int:
    return (START_UNIX * _SECOND + t) // _SECOND


def time_unix_milli(t: int) -> int:
    return (START_UNIX * _SECOND + t) // 1_000_000


def time_string(t: int) -> bytes:
    """Time.String: the wall clock in UTC (fraction without trailing zeros), then the monotonic
    reading as ``m=±S.NNNNNNNNN``."""
    seconds, nanos = divmod(t - ZERO_TIME, _SECOND)
    wall = datetime.datetime(1, 1, 1) + datetime.timedelta(seconds=seconds)
    text = wall.strftime("%Y-%m-%d %H:%M:%S").rjust(19, "0")
    if nanos:
        text += f".{nanos:09d}".rstrip("0")
    text += " +0000 UTC"
    if t != ZERO_TIME:
        whole, frac = divmod(abs(t), _SECOND)
        text += f" m={'-' if t < 0 else '+'}{whole}.{frac:09d}"
    return text.encode()
