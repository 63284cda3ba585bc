"""time.Duration's String method, as Go writes it ("1.5s", "2m0s", "100ms", "0s")."""

from __future__ import annotations

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
