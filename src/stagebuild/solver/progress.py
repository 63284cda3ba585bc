"""Build progress, one entry per step with its timing, the way ``docker build`` shows it.

Three displays share one event model (a step starts, logs output, ends DONE, CACHED or ERROR):

- ``PlainProgress`` prints BuildKit's plain lines, safe to interleave from parallel stages::

      #5 [builder 2/4] RUN go build -o app .
      #5 0.412 compiling…
      #5 DONE 1.2s

- ``RichProgress`` keeps a live panel on a terminal (running steps with a spinner and the tail of
  their output, finished ones with their time), and leaves the final summary on screen.
- ``QuietProgress`` prints nothing; like the others it keeps each step's output so that a failing
  step can still be shown in full.

``make_progress(mode, stream)`` picks one as ``--progress auto|plain|quiet`` asks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Literal, Protocol, TextIO

from stagebuild.record import Record, field

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.live import Live
    from rich.text import Text

StepState = Literal["running", "done", "cached", "error"]


class StepRecord(Record, frozen=False):
    """One step on the display; ``lines`` holds its complete output, for error reports."""

    number: int
    name: str
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    state: StepState = "running"
    lines: list[str] = field(default_factory=list)
    partial: str = ""  # output after the last newline, not yet a line

    @property
    def elapsed(self) -> float:
        return (self.ended if self.ended is not None else time.monotonic()) - self.started


class ProgressDisplay(Protocol):
    """Where build events go; every method may be called from any thread."""

    def info(self, message: str) -> None: ...
    def start(self, name: str) -> StepRecord: ...
    def log(self, step: StepRecord, data: bytes) -> None: ...
    def finish(self, step: StepRecord, state: StepState, message: str = "") -> None: ...
    def close(self) -> None: ...
    def failed_step(self) -> StepRecord | None: ...


class _Recorder:
    """The bookkeeping the displays share: numbering steps and splitting output into lines."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._steps: list[StepRecord] = []

    def _new_step(self, name: str) -> StepRecord:
        step = StepRecord(number=len(self._steps) + 1, name=name)
        self._steps.append(step)
        return step

    # Displays that draw from the records (quiet, rich) only record; plain prints as it records.
    def start(self, name: str) -> StepRecord:
        with self._lock:
            return self._new_step(name)

    def log(self, step: StepRecord, data: bytes) -> None:
        with self._lock:
            self._split(step, data)

    def finish(self, step: StepRecord, state: StepState, message: str = "") -> None:
        with self._lock:
            self._end(step, state)

    def failed_step(self) -> StepRecord | None:
        """The first step that ended in an error, with all its output."""
        with self._lock:
            return next((step for step in self._steps if step.state == "error"), None)

    @staticmethod
    def _split(step: StepRecord, data: bytes) -> list[str]:
        text = step.partial + data.decode("utf-8", errors="replace").replace("\r\n", "\n")
        *complete, step.partial = text.split("\n")
        step.lines.extend(complete)
        return complete

    @staticmethod
    def _end(step: StepRecord, state: StepState) -> list[str]:
        step.ended = time.monotonic()
        step.state = state
        if step.partial:
            step.lines.append(step.partial)
            tail, step.partial = [step.partial], ""
            return tail
        return []


class PlainProgress(_Recorder):
    """BuildKit's ``--progress=plain`` lines, numbered ``#N`` so parallel steps stay readable."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream

    def _write(self, text: str) -> None:
        self._stream.write(text)
        self._stream.flush()

    def info(self, message: str) -> None:
        with self._lock:
            self._write(f"#0 {message}\n")

    def start(self, name: str) -> StepRecord:
        with self._lock:
            step = self._new_step(name)
            self._write(f"\n#{step.number} {name}\n")
            return step

    def log(self, step: StepRecord, data: bytes) -> None:
        with self._lock:
            lines = self._split(step, data)
            self._write("".join(f"#{step.number} {step.elapsed:.3f} {line}\n" for line in lines))

    def finish(self, step: StepRecord, state: StepState, message: str = "") -> None:
        with self._lock:
            tail = self._end(step, state)
            out = [f"#{step.number} {step.elapsed:.3f} {line}\n" for line in tail]
            if state == "cached":
                out.append(f"#{step.number} CACHED\n")
            elif state == "error":
                out.append(f"#{step.number} ERROR: {message}\n")
            else:
                out.append(f"#{step.number} DONE {step.elapsed:.1f}s\n")
            self._write("".join(out))

    def close(self) -> None:
        with self._lock:
            self._write("\n")


class QuietProgress(_Recorder):
    """Shows nothing; keeps the output of every step for the error report."""

    def info(self, message: str) -> None:
        pass

    def close(self) -> None:
        pass


class RichProgress(_Recorder):
    """A live panel on a terminal: ``[+] Building 3.1s (4/7)`` over one line per step."""

    TAIL_LINES = 6

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.live import Live

        super().__init__()
        self._started = time.monotonic()
        self._infos: list[str] = []
        self._console = Console(file=stream, highlight=False)
        self._live: Live = Live(
            get_renderable=self._render, console=self._console, refresh_per_second=8, transient=False
        )
        self._live.start()

    def _render(self) -> RenderableType:
        from rich.text import Text  # imported on first use: plain and quiet builds never pay for rich

        with self._lock:
            finished = sum(step.state != "running" for step in self._steps)
            text = Text()
            elapsed = time.monotonic() - self._started
            text.append(f"[+] Building {elapsed:.1f}s ({finished}/{len(self._steps)})\n", style="bold")
            for info in self._infos:
                text.append(f" => {info}\n", style="dim")
            for step in self._steps:
                self._render_step(text, step)
            return text

    def _render_step(self, text: Text, step: StepRecord) -> None:
        width = max(20, self._console.width - 12)
        name = step.name if len(step.name) <= width else step.name[: width - 1] + "…"
        if step.state == "cached":
            text.append(f" => CACHED {name}\n", style="blue")
        elif step.state == "error":
            text.append(f" => ERROR {name}  {step.elapsed:.1f}s\n", style="bold red")
        elif step.state == "done":
            text.append(f" => {name}  {step.elapsed:.1f}s\n", style="blue")
        else:
            text.append(f" => {name}  {step.elapsed:.1f}s\n", style="yellow")
            for line in step.lines[-self.TAIL_LINES :]:
                text.append(f" => => # {line[:width]}\n", style="dim")

    def info(self, message: str) -> None:
        with self._lock:
            self._infos.append(message)

    def close(self) -> None:
        self._live.refresh()
        self._live.stop()


def make_progress(mode: str, stream: TextIO) -> ProgressDisplay:
    """The display ``--progress MODE`` asks for; ``auto`` is rich on a terminal, plain otherwise."""
    if mode == "quiet":
        return QuietProgress()
    if mode == "plain" or (mode == "auto" and not stream.isatty()):
        return PlainProgress(stream)
    return RichProgress(stream)


@contextmanager
def step_progress(display: ProgressDisplay, name: str) -> Iterator[StepRecord]:
    """Run a block as one step: DONE when it returns, ERROR (and re-raised) when it raises.

    The block may end the step itself (``display.finish(step, "cached")``); then nothing more
    is reported.
    """
    step = display.start(name)
    try:
        yield step
    except BaseException as exc:
        if step.ended is None:
            display.finish(step, "error", str(exc) or type(exc).__name__)
        raise
    if step.ended is None:
        display.finish(step, "done")
