"""What each Dockerfile instruction does to the image config, and the history it leaves, as BuildKit.

Metadata instructions (ENV, LABEL, CMD, ENTRYPOINT, USER, EXPOSE, VOLUME, STOPSIGNAL, SHELL,
HEALTHCHECK, MAINTAINER, ARG, ONBUILD) only change the config dict (the OCI image config: the
runtime part under ``config``, history at the top level) and add a history entry with
``empty_layer``. Steps with a layer (RUN, COPY, ADD, WORKDIR) add a history entry without it;
their ``created_by`` strings follow BuildKit's (``RUN /bin/sh -c make # buildkit``,
``COPY --chown=1 a /b # buildkit``, ``WORKDIR /src``) so ``docker history`` reads the same.

History times, as BuildKit's exporter sets them: a layer's entry gets the time the layer was first
made (kept in its cache record, so a cached rebuild is byte-identical); metadata entries of the
build get the time of the layer before them (of the first new layer when none precedes); the
config's ``created`` is the last entry's. ``SOURCE_DATE_EPOCH`` caps all of them.
"""

from __future__ import annotations

import datetime
import signal
from collections.abc import Sequence
from typing import Any

from stagebuild.dockerfile.gostring import quote_list
from stagebuild.dockerfile.instructions import (
    Cmd,
    Entrypoint,
    Env,
    Expose,
    Healthcheck,
    Instruction,
    Label,
    Maintainer,
    Onbuild,
    Shell,
    StopSignal,
    User,
    Volume,
)
from stagebuild.image.store import BUILDKIT_COMMENT

DEFAULT_SHELL = ("/bin/sh", "-c")
BUILDKIT_SUFFIX = " # buildkit"

Config = dict[str, Any]


class ConfigError(ValueError):
    """An instruction whose value the image config cannot take (an unknown signal…)."""


def runtime(config: Config) -> dict[str, Any]:
    """The ``config`` section (Env, Cmd, …) of an image config, created when missing."""
    section = config.get("config")
    if not isinstance(section, dict):
        section = config["config"] = {}
    return section


def shell_of(config: Config) -> tuple[str, ...]:
    """The SHELL in effect: the config's ``Shell`` or ``/bin/sh -c``."""
    return tuple(runtime(config).get("Shell") or DEFAULT_SHELL)


def with_shell(config: Config, command: Sequence[str], prepend_shell: bool) -> list[str]:
    """A command as the process argv: shell form runs through the SHELL, exec form as is."""
    if prepend_shell:
        return [*shell_of(config), " ".join(command)]
    return list(command)


def add_history(config: Config, created_by: str, *, empty_layer: bool, created: str | None = None) -> None:
    """Append a history entry; ``created`` stays unset until ``settle_history_times``."""
    entry: dict[str, Any] = {"created_by": created_by, "comment": BUILDKIT_COMMENT}
    if created is not None:
        entry["created"] = created
    if empty_layer:
        entry["empty_layer"] = True
    config.setdefault("history", []).append(entry)


def _set_env(config: Config, key: str, value: str) -> None:
    env: list[str] = list(runtime(config).get("Env") or [])
    for index, entry in enumerate(env):
        if entry.partition("=")[0] == key:
            env[index] = f"{key}={value}"
            break
    else:
        env.append(f"{key}={value}")
    runtime(config)["Env"] = env


def _signal_valid(name: str) -> bool:
    if name.isdigit():
        return 0 < int(name) < signal.NSIG
    upper = name.upper()
    return upper.removeprefix("SIG") in {s.name.removeprefix("SIG") for s in signal.Signals}


def _go_duration(ns: int) -> str:
    """Go's ``time.Duration`` String() for whole seconds and below (``30s``, ``1m30s``, ``0s``)."""
    if ns == 0:
        return "0s"
    seconds, rest = divmod(ns, 10**9)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    text = f"{hours}h" if hours else ""
    text += f"{minutes}m" if hours or minutes else ""
    fraction = f".{rest:09d}".rstrip("0") if rest else ""
    return text + f"{seconds}{fraction.rstrip('.')}s"


def apply_metadata(config: Config, instruction: Instruction, *, cmd_set_in_stage: bool) -> bool:
    """Apply an expanded metadata instruction to ``config`` with its history entry.

    Returns False when ``instruction`` is not a metadata instruction (nothing is changed).
    ``cmd_set_in_stage`` tells ENTRYPOINT whether a CMD came earlier in this stage (if not, the
    base image's CMD is dropped, as Docker does).
    """
    section = runtime(config)
    match instruction:
        case Env(pairs=pairs):
            for pair in pairs:
                _set_env(config, pair.key, pair.value)
            add_history(config, "ENV " + " ".join(f"{p.key}={p.value}" for p in pairs), empty_layer=True)
        case Label(labels=labels):
            section["Labels"] = {**(section.get("Labels") or {}), **{p.key: p.value for p in labels}}
            add_history(config, "LABEL " + " ".join(f"{p.key}={p.value}" for p in labels), empty_layer=True)
        case Maintainer(maintainer=maintainer):
            config["author"] = maintainer
            add_history(config, f"MAINTAINER {maintainer}", empty_layer=True)
        case Expose(ports=ports):
            section["ExposedPorts"] = {**(section.get("ExposedPorts") or {}), **{p: {} for p in ports}}
            add_history(config, f"EXPOSE [{' '.join(ports)}]", empty_layer=True)
        case Cmd(command=command, prepend_shell=prepend_shell):
            args = with_shell(config, command, prepend_shell)
            section["Cmd"] = args
            section["ArgsEscaped"] = True
            add_history(config, f"CMD {quote_list(args)}", empty_layer=True)
        case Entrypoint(command=command, prepend_shell=prepend_shell):
            args = with_shell(config, command, prepend_shell)
            section["Entrypoint"] = args
            if not cmd_set_in_stage:
                section.pop("Cmd", None)
            add_history(config, f"ENTRYPOINT {quote_list(args)}", empty_layer=True)
        case User(user=user):
            section["User"] = user
            add_history(config, f"USER {user}", empty_layer=True)
        case Volume(paths=paths):
            section["Volumes"] = {**(section.get("Volumes") or {}), **{p: {} for p in paths}}
            add_history(config, f"VOLUME [{' '.join(paths)}]", empty_layer=True)
        case StopSignal(signal=name):
            if not _signal_valid(name):
                raise ConfigError(f"Invalid signal: {name}")
            section["StopSignal"] = name
            add_history(config, f"STOPSIGNAL {name}", empty_layer=True)
        case Shell(shell=shell):
            section["Shell"] = list(shell)
            add_history(config, f"SHELL [{' '.join(shell)}]", empty_layer=True)
        case Healthcheck():
            check: dict[str, Any] = {"Test": list(instruction.test)}
            for key, value in (
                ("Interval", instruction.interval_ns),
                ("Timeout", instruction.timeout_ns),
                ("StartPeriod", instruction.start_period_ns),
                ("StartInterval", instruction.start_interval_ns),
                ("Retries", instruction.retries),
            ):
                if value:
                    check[key] = value
            section["Healthcheck"] = check
            text = (
                f"{{Test:[{' '.join(instruction.test)}] Interval:{_go_duration(instruction.interval_ns)} "
                f"Timeout:{_go_duration(instruction.timeout_ns)} "
                f"StartPeriod:{_go_duration(instruction.start_period_ns)} "
                f"StartInterval:{_go_duration(instruction.start_interval_ns)} Retries:{instruction.retries}}}"
            )
            add_history(config, f"HEALTHCHECK {text}", empty_layer=True)
        case Onbuild(expression=expression):
            section["OnBuild"] = [*(section.get("OnBuild") or []), expression]
        case _:
            return False
    return True


def run_created_by(args: Sequence[str], stage_args: Sequence[tuple[str, str]]) -> str:
    """BuildKit's RUN history text: ``RUN |2 A=1 B=2 /bin/sh -c make # buildkit``.

    ``stage_args`` are the ARGs declared in the stage so far with their current values.
    """
    prefix = ""
    if stage_args:
        prefix = f"|{len(stage_args)} " + " ".join(f"{k}={v}" for k, v in stage_args) + " "
    return "RUN " + prefix + " ".join(args) + BUILDKIT_SUFFIX


def copy_created_by(
    keyword: str,
    sources: Sequence[str],
    inline: Sequence[str],
    dest: str,
    *,
    chown: str,
    chmod: str,
    parents: bool,
) -> str:
    """BuildKit's COPY/ADD history text: ``COPY --chown=app a b /dest # buildkit``."""
    words = [keyword]
    if parents:
        words.append("--parents")
    if chown:
        words.append(f"--chown={chown}")
    if chmod:
        words.append(f"--chmod={chmod}")
    words += list(sources)
    words += [f"<<{name}" for name in inline]
    words.append(dest)
    return " ".join(words) + BUILDKIT_SUFFIX


def settle_history_times(config: Config, first_new: int, fallback: str, epoch: str | None) -> None:
    """Give every history entry from index ``first_new`` on a ``created`` time, and the config too.

    Layer entries already carry theirs. A metadata entry takes the time of the last entry before
    it, or (at the start of the build) of the first new entry that has one, else ``fallback``
    (the base image's time). ``epoch`` (``SOURCE_DATE_EPOCH`` as RFC 3339) caps every time.
    """
    history: list[dict[str, Any]] = config.setdefault("history", [])
    new = history[first_new:]
    base_time = history[first_new - 1].get("created") if first_new > 0 else None
    previous = next((h["created"] for h in new if h.get("created")), None) or base_time or fallback
    for entry in new:
        if entry.get("created"):
            previous = entry["created"]
        else:
            entry["created"] = previous
    if epoch is not None:
        cap = _parse_time(epoch)
        for entry in history:
            if not entry.get("created") or _parse_time(entry["created"]) > cap:
                entry["created"] = epoch
    config["created"] = history[-1]["created"] if history else (epoch or fallback)


def _parse_time(text: str) -> datetime.datetime:
    """An RFC 3339 time; Go writes up to nanoseconds, Python reads up to microseconds."""
    main, dot, rest = text.partition(".")
    if dot:
        digits = "".join(ch for ch in rest if ch.isdigit())
        zone = rest[len(digits) :]
        text = f"{main}.{digits[:6]}{zone}"
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return datetime.datetime.min.replace(tzinfo=datetime.UTC)
