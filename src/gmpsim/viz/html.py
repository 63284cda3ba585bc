"""``--html FILE.html``: one self-contained page with the run's timeline, for any browser, offline.

The page is ``timeline.html`` (next to this module: inline CSS and JavaScript written for gmpsim,
nothing fetched) with the timeline's data embedded as JSON: a row per P and per M, a slice per
goroutine run coloured by goroutine, marks for preemption, park/unpark, steals, timers, syscalls
and GOMAXPROCS changes, the program's output lines on the time axis, zoom, hover details and a
legend.  The drawing is done by the page's script, so the same data could feed other pages.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any

from gmpsim.viz.timeline import Timeline


def page_data(tl: Timeline, title: str, summary: str) -> dict[str, Any]:
    """The JSON the page's script draws: compact rows that refer to tracks by index."""
    tracks = tl.tracks()
    index = {track: i for i, track in enumerate(tracks)}

    def details(args: dict[str, object]) -> str:
        return ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in args.items())

    return {
        "title": title,
        "summary": summary,
        "end": tl.end,
        "tracks": [f"{kind}{n}" for kind, n in tracks],
        "funcs": {str(g): f for g, f in sorted(tl.funcs.items())},
        "slices": [[index[s.track], s.start, s.end, s.g, s.label, s.kind, s.why_end] for s in tl.slices],
        "instants": [
            [i.t, index[i.track] if i.track is not None else -1, i.name, i.category, details(i.args)]
            for i in tl.instants
        ],
        "flows": [[index[f.source], f.t_from, index[f.target], f.t_to, f.g] for f in tl.flows],
        "outputs": [[o.t, o.g, o.data.decode("utf-8", "replace").rstrip("\n")] for o in tl.outputs],
    }


def render(tl: Timeline, title: str, summary: str) -> str:
    """The whole page."""
    template = resources.files("gmpsim.viz").joinpath("timeline.html").read_text(encoding="utf-8")
    # "</" would end the <script> element early; "<\/" is the same string to JSON.
    payload = json.dumps(page_data(tl, title, summary), separators=(",", ":")).replace("</", "<\\/")
    return template.replace("__TITLE__", html.escape(title)).replace("__DATA__", payload)
