"""Imports every model module, so Base.metadata knows every table (Alembic, tests).

Each feature keeps its tables in its own module; add the module here.
"""

from bot.db import (
    checkin_models,  # noqa: F401
    drill_models,  # noqa: F401
    field_objection_models,  # noqa: F401
    models,  # noqa: F401
    one_on_one_models,  # noqa: F401
    team_models,  # noqa: F401
)
