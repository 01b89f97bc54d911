"""Starting a function of ours in a spawned process, with Django set up before anything of the
project is imported there.

A spawned process unpickles its target and arguments before it runs a line of ours, and most
of our modules import models, which need ``django.setup()`` first. So the process is given
this module's ``run`` (which imports nothing of the project) with the function's dotted path
and its argument pickled to bytes; ``run`` sets Django up, then imports and calls it.

As with any spawned process, the parent's main script is imported again in the child (as
``__mp_main__``): a script that starts one must keep its work under
``if __name__ == "__main__":`` (``sangathan/__main__.py`` and the console script do).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import pickle
from typing import Any


def spawn(target: str, argument: object, *extra: Any, name: str) -> Any:
    """Start ``target`` (a dotted path) as ``target(argument, *extra)`` in a new process.
    ``extra`` may hold multiprocessing objects (queues); ``argument`` any picklable value."""
    context = multiprocessing.get_context("spawn")
    process = context.Process(
        target=run, args=(target, pickle.dumps(argument), *extra), name=name, daemon=True
    )
    process.start()
    return process


def run(target: str, payload: bytes, *extra: Any) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sangathan.config.settings")
    import django

    django.setup()
    module, _, name = target.rpartition(".")
    function = getattr(importlib.import_module(module), name)
    function(pickle.loads(payload), *extra)
