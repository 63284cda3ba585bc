"""``stagebuild.record.Record`` behaves as the ``dataclasses`` classes it replaces did."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import ClassVar

import pytest

from stagebuild.record import FrozenInstanceError, Record, asdict, field, replace


class Span(Record):
    start: int
    end: int = 0


class Base(Record, kw_only=True):
    keyword: ClassVar[str] = ""
    location: Span
    flags: tuple[str, ...] = ()


class Step(Base, kw_only=True):
    keyword: ClassVar[str] = "STEP"
    command: tuple[str, ...]
    note: str | None = None


class Entry(Record, frozen=False):
    name: str
    lines: list[str] = field(default_factory=list)


class Blob(Record):
    digest: str
    annotations: dict[str, str] | None = field(default=None, hash=False)


class Handle(Record, eq=False):
    name: str


@dataclasses.dataclass(frozen=True)
class DataSpan:
    start: int
    end: int = 0


@dataclasses.dataclass(frozen=True, kw_only=True)
class DataStep:
    location: DataSpan
    flags: tuple[str, ...] = ()
    command: tuple[str, ...]
    note: str | None = None


def test_init_repr_and_eq_match_dataclasses() -> None:
    span, data_span = Span(1, 2), DataSpan(1, 2)
    assert repr(span) == repr(data_span).replace("DataSpan", "Span")
    assert Span(3) == Span(start=3, end=0) and Span(3) != Span(4)
    step = Step(location=span, command=("a",))
    data = DataStep(location=data_span, command=("a",))
    assert repr(step).replace("Span", "DataSpan") == repr(data).replace("DataStep", "Step")
    assert Step.keyword == "STEP" and Base.keyword == ""
    assert Span.__match_args__ == DataSpan.__match_args__ == ("start", "end")
    assert Step.__match_args__ == DataStep.__match_args__ == ()


def test_equality_needs_the_same_class() -> None:
    assert Span(1, 2) != (1, 2)
    assert Step(location=Span(1), command=()) != Base(location=Span(1))

    class Other(Record):
        start: int
        end: int = 0

    assert Span(1, 2) != Other(1, 2)


def test_argument_errors_as_for_dataclasses() -> None:
    with pytest.raises(TypeError, match="missing required argument: 'location'"):
        Step(command=())  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="positional"):
        Step(Span(1), command=())  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'bogus'"):
        Span(1, bogus=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="multiple values"):
        Span(1, start=2)  # type: ignore[misc]


def test_frozen_hash_and_mutable() -> None:
    span = Span(1, 2)
    with pytest.raises(FrozenInstanceError):
        span.start = 5  # type: ignore[misc]
    with pytest.raises(AttributeError):  # FrozenInstanceError is one, as in dataclasses
        del span.end
    assert hash(span) == hash(Span(1, 2)) and {span, Span(1, 2)} == {span}
    assert hash(Blob("d", {"a": "b"})) == hash(Blob("d")) and Blob("d", {"a": "b"}) != Blob("d")
    entry, other = Entry("x"), Entry("y")
    entry.lines.append("one")
    entry.name = "z"
    assert entry == Entry("z", ["one"]) and other.lines == []
    with pytest.raises(TypeError, match="unhashable"):
        hash(entry)
    handle = Handle("a")
    assert handle == handle and handle != Handle("a")


def test_replace_asdict_copy_and_pickle() -> None:
    step = Step(location=Span(1, 2), command=("a",))
    changed = replace(step, command=("b",), note="n")
    assert changed == Step(location=Span(1, 2), command=("b",), note="n") and step.command == ("a",)
    with pytest.raises(TypeError, match="no field 'bogus'"):
        replace(step, bogus=1)
    assert asdict(step) == {
        "location": {"start": 1, "end": 2},
        "flags": (),
        "command": ("a",),
        "note": None,
    }
    assert asdict(step) == dataclasses.asdict(DataStep(location=DataSpan(1, 2), command=("a",)))
    assert copy.deepcopy(step) == step and pickle.loads(pickle.dumps(step)) == step
    entry = Entry("x", ["a"])
    assert pickle.loads(pickle.dumps(entry)) == entry


def test_match_statement() -> None:
    match Step(location=Span(4, 5), command=("x",)):
        case Step(location=Span(start, end), command=command):
            assert (start, end, command) == (4, 5, ("x",))
        case _:
            pytest.fail("no match")


def test_post_init_is_refused_not_ignored() -> None:
    with pytest.raises(TypeError, match="runs no __post_init__"):

        class Checked(Record):
            value: int

            def __post_init__(self) -> None: ...
