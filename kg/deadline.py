"""deadline: work that can really be stopped, and child processes that die with their parent.

A SPARQL engine cannot be interrupted from Python: pyoxigraph evaluates a
query in Rust without a cancellation hook, and rdflib evaluates it in one long
chain of generators. So work with a time limit runs in a forked child process,
which is killed when its time is up; killing a process always works, and it
frees the CPU at once.

A child must never outlive its parent: an Oxigraph server left running after
`kill -9` of `kg serve` would serve a store whose lock is gone. On Linux the
kernel's parent-death signal (prctl PR_SET_PDEATHSIG) kills such a child the
moment its parent dies, however the parent died.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from kg.errors import KgError

T = TypeVar("T")

#: Seconds a query may run (`kg query`, `kg serve`) unless told otherwise.
DEFAULT_TIMEOUT = 60.0

#: prctl(2) option: the signal this process gets when the thread that started it exits.
_PR_SET_PDEATHSIG = 1


def _prctl() -> Any:
    """libc's prctl, or None where there is none (not Linux)."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def parent_death_hook() -> Callable[[], None] | None:
    """A `preexec_fn` for `subprocess.Popen` that makes the child die with this process (Linux only).

    prctl is looked up here, in the parent, so that the child only makes one
    system call between fork and exec. The signal comes when the *thread* that
    started the child ends, so start children from a thread that lives as long
    as they should.
    """
    prctl = _prctl()
    if prctl is None:
        return None
    parent = os.getpid()
    return lambda: _die_with(parent, prctl)


def _die_with(parent: int, prctl: Any) -> None:
    """Arm the parent-death signal; if the parent is already gone, exit instead of running orphaned."""
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def call_with_timeout(function: Callable[..., T], *args: Any, timeout: float) -> T:
    """`function(*args)`, run in a forked child process that is killed after `timeout` seconds.

    Raises TimeoutError when time is up; an exception raised by `function` is
    raised here. The child sees this process's memory as it was at the fork
    (a loaded graph need not be sent to it), so call this from a process that
    has no threads running, and open databases in `function`, not before.
    The result comes back pickled; Ctrl-C in the terminal stops the parent,
    which then kills the child.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_run_child, args=(os.getpid(), sender, function, args), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise TimeoutError(f"not finished after {timeout:g} s")
        try:
            failed, value = receiver.recv()
        except EOFError:
            raise ChildProcessError(f"the worker process died (exit code {child.exitcode})") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if failed:
        raise value
    return value  # type: ignore[no-any-return]


def _run_child(parent: int, sender: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """The child's side: die with the parent, leave Ctrl-C to it, send back the result or the error."""
    prctl = _prctl()
    if prctl is not None:
        _die_with(parent, prctl)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        outcome: tuple[bool, Any] = (False, function(*args))
    except Exception as error:  # sent to the parent, which raises it
        outcome = (True, _picklable(error))
    sender.send(outcome)
    sender.close()


def _picklable(error: Exception) -> Exception:
    """`error` if it survives pickling (not all exception classes do), else one of its kind that does.

    A KgError stays a KgError, so that the command line still prints one line.
    """
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # any failure to round-trip: fall back to the message
        return (
            KgError(str(error))
            if isinstance(error, KgError)
            else RuntimeError(f"{type(error).__name__}: {error}")
        )
    return error
