"""Pausing the cyclic garbage collector around work that makes many objects and no cycles.

The library itself never touches the collector: it is one switch for the whole process, and a
library must not change process-wide state behind its caller's back. The ``checklists`` command
pauses it while it reads and composes (its own choice, see ``cli``); a host may do the same,
explicitly: ``with checklists.collector_paused(): lib.generate_round(...)``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block, then restore it as it was.

    Reading a large document or composing a round makes hundreds of thousands of containers
    and no reference cycles, yet each batch of new containers sets off a collection that walks
    every object the process holds (the loaded library included), which makes such work much
    slower (docs/performance.md has the figures).
    Reference counting still frees everything as usual. The collector is one switch for the
    process: a collector that was off stays off, and one thread resuming while another is
    still inside leaves it running, which only costs time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
