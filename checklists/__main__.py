"""The ``checklists`` command (``python -m checklists``): the command line in a process of its own.

A run imports the package, pydantic and PyYAML (about 2,500 classes and functions made at import)
and then reads the library back from the cache: hundreds of thousands of objects, none of them
garbage. With the collector on, each batch of them set off a collection that walked all those
made before, about 3% of a cold run. So the collector stays off while the command's modules are
imported; what they made is then set aside for good (``gc.freeze``: it lives until the process
ends) and the collector turned back on for the run itself.
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
