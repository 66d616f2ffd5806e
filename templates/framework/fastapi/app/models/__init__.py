"""ORM models. Every module in this package is imported here, so `Base.metadata` is complete
for Alembic and the tests whichever auth layer (and `rampart add endpoint` resources) added
modules. Import model classes from their own module, e.g. `from app.models.item import Item`.
"""

import importlib
import pkgutil

from app.models.base import Base

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["Base"]
