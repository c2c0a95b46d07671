"""Imports every model module, so Base.metadata knows every table (Alembic, tests).

Each feature keeps its tables in its own module; add the module here.
"""

from bot.db import models  # noqa: F401
