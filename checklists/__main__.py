"""The ``checklists`` command (``python -m checklists``): the command line in a process of its own.

Importing the command's modules, with pydantic and PyYAML, leaves tens of thousands of objects
the collector tracks, none of them garbage. With the collector on, each batch of new ones set off
a collection that walked those made before (docs/performance.md has the cost). So the collector
stays off while the modules are imported; what they made is then set aside for good
(``gc.freeze``: it lives until the process ends) and the collector turned back on for the run
itself, which freezes the library it loads in the same way.
"""

import gc


def main() -> int:
    enabled = gc.isenabled()
    gc.disable()
    try:
        from .cli import main as run
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
    return run()


if __name__ == "__main__":
    raise SystemExit(main())
