"""Code generator: the program as Python generator functions the runtime model can run.

``generate`` lowers a parsed file under one set of compiler decisions (see ``lower``) and
compiles the result once with ``compile()``; the runtime then resumes each goroutine's
generator, which yields to it at every operation other goroutines could observe.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from gmpsim.codegen import containers, panics, support
from gmpsim.codegen.lower import Lowerer
from gmpsim.compiler import CompileResult
from gmpsim.frontend import Pos, SourceFile
from gmpsim.golib import atomic, fmt, strings
from gmpsim.golib import registry as golib_registry
from gmpsim.runtime import ops, sema
from gmpsim.runtime.chan import makechan


@dataclass(frozen=True)
class Program:
    """A generated program: main's generator function and the Python source it came from."""

    main: Any
    source: str


def generate(
    unit: SourceFile,
    decisions: CompileResult,
    ncpu: int,
    per_iteration_loopvars: bool,
    seed: int = 1,
    panic_nil_error: str | None = None,
    args: Sequence[str] = (),
    print_floats_shortest: bool = False,
    env: dict[bytes, bytes] | None = None,
) -> Program:
    """Lower ``unit``; raise GoSyntaxError (``unsupported: …``) outside the supported subset.

    ``per_iteration_loopvars``: Go >= 1.22 gives each iteration of a loop its own variables.
    ``seed``: the run's seed, from which map iteration orders are drawn.
    ``panic_nil_error``: what the *runtime.PanicNilError that panic(nil) panics with says (Go >=
    1.21 unless GODEBUG=panicnil=1); None: panic(nil) panics with nil.
    ``args``: the program's arguments (os.Args[1:]).
    ``print_floats_shortest``: the builtin print shows floats as fmt's %v does (Go >= 1.26).
    ``env``: the simulated environment (default: gmpsim.golib.environ's, for no flags).
    """
    module = Lowerer(unit, decisions, per_iteration_loopvars).module()
    namespace: dict[str, Any] = {
        "Pos": Pos,
        "NCPU": ncpu,
        "CHECK_MORESTACK": ops.CHECK_MORESTACK,
        "CHECK_ASYNC": ops.CHECK_ASYNC,
        "SPIN_COOP": ops.SPIN_COOP,
        "SPIN_NOCOOP": ops.SPIN_NOCOOP,
        "GOSCHED_OP": ops.GOSCHED_OP,
        "GOSCHED_LOOP_OP": ops.GOSCHED_LOOP_OP,
        "NUMGOROUTINE_OP": ops.NUMGOROUTINE_OP,
        "GO": ops.GO,
        "SLEEP": ops.SLEEP,
        "WRITE": ops.WRITE,
        "GOMAXPROCS": ops.GOMAXPROCS,
        "EXIT": ops.EXIT,
        "fmt_sprintln": fmt.sprintln,
        "fmt_sprint": fmt.sprint,
        "fmt_sprintf": fmt.sprintf,
        **golib_registry.namespace([os.fsencode(a) for a in args], env),
        "builtin_println": partial(support.builtin_println, shortest=print_floats_shortest),
        "builtin_print": partial(support.builtin_print, shortest=print_floats_shortest),
        "print_address": support.print_address,
        "idiv": support.idiv,
        "imod": support.imod,
        "shift": support.shift,
        "fdiv": support.fdiv,
        "cdiv": support.cdiv,
        "f32": support.f32,
        "c64": support.c64,
        "float_to_int": support.float_to_int,
        "rune_string": support.rune_string,
        "gopanic": support.GoPanic
        if panic_nil_error is None
        else partial(panics.gopanic_nil_error, panic_nil_error),
        "GoExit": support.GoExit,
        "GoUnwind": support.GoUnwind,
        "run_defers": panics.run_defers,
        "gorecover": panics.gorecover,
        "gorecover_deferred": panics.gorecover_deferred,
        "chan_len": support.chan_len,
        "chan_cap": support.chan_cap,
        "makechan": makechan,
        "CHANSEND": ops.CHANSEND,
        "CHANRECV": ops.CHANRECV,
        "CLOSE": ops.CLOSE,
        "SELECT": ops.SELECT,
        "WG_ADD": ops.WG_ADD,
        "WG_WAIT": ops.WG_WAIT,
        "UNLOCK": ops.UNLOCK,
        "NEWTIMER": ops.NEWTIMER,
        "STOPTIMER": ops.STOPTIMER,
        "RESETTIMER": ops.RESETTIMER,
        "GC_OP": ops.GC_OP,
        "LOCKOSTHREAD": ops.LOCKOSTHREAD,
        "READMEMSTATS": ops.READMEMSTATS,
        "lock_mutex": support.lock_mutex,
        "WaitGroup": sema.WaitGroup,
        "Mutex": sema.Mutex,
        "RWMutex": sema.RWMutex,
        "StringBuilder": strings.Builder,
        "Once": sema.Once,
        "Cond": sema.Cond,
        "rw_lock": sema.rw_lock,
        "locker_lock": sema.locker_lock,
        "locker_unlock": sema.locker_unlock,
        "cond_wait": sema.cond_wait_op,
        "once_do": sema.once_do,
        "RLOCK": ops.RLOCK,
        "RUNLOCK": ops.RUNLOCK,
        "RWUNLOCK": ops.RWUNLOCK,
        "COND_SIGNAL": ops.COND_SIGNAL,
        "atomic_value_store": atomic.value_store,
        "atomic_value_swap": atomic.value_swap,
        "atomic_value_cas": atomic.value_compare_and_swap,
        **containers.namespace(seed),
    }
    code = compile(module.source, f"{panics.GENERATED_PREFIX}{unit.path}>", "exec")
    exec(code, namespace)
    return Program(namespace[module.main], module.source)
