"""Question banks, one module per lecture (``q00``, ``q01`` …); importing this registers all."""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    if _module.name.startswith("q"):
        importlib.import_module(f"{__name__}.{_module.name}")
