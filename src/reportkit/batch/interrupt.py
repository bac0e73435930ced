"""Stopping a run on SIGTERM or Ctrl-C, reliably.

The command's signal handler records the signal here and raises :class:`Interrupted`
at once, which stops whatever the main thread is doing. But Python runs a signal
handler between any two bytecodes, also inside a ``__del__`` method or a weakref
callback (an import lock's clean-up, the garbage collector), where an exception is
printed as "Exception ignored" and dropped: the run would go on to the end. So the
request is also kept, and the run's loops call :func:`check` (the pool's wait wakes up
to do so), which raises it again where it cannot be lost.
"""

from __future__ import annotations

import sys
from typing import Any

#: The signal that asked the run to stop, once one has.
_requested: int | None = None


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGINT arrived: the run stops now. A KeyboardInterrupt, so that no
    ``except Exception`` on the way mistakes it for a brief's failure."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def request(signum: int) -> Interrupted:
    """Record that ``signum`` asked the run to stop; the exception to raise now."""
    global _requested
    _requested = signum
    return Interrupted(signum)


def check() -> None:
    """Raise :class:`Interrupted` if a stop was requested (and maybe swallowed)."""
    if _requested is not None:
        raise Interrupted(_requested)


def reset() -> None:
    """Forget a request (a test, or an API caller that handles the stop itself)."""
    global _requested
    _requested = None


def quiet_unraisable() -> None:
    """Do not print "Exception ignored ... Interrupted" when the handler's exception is
    dropped inside a callback: :func:`check` raises it again."""
    previous = sys.unraisablehook
    if getattr(previous, "quiet_interrupted", False):
        return  # installed already (a second run in this process)

    def hook(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, Interrupted):
            return
        previous(unraisable)

    hook.quiet_interrupted = True  # type: ignore[attr-defined]
    sys.unraisablehook = hook
