"""The eight roles of a sales department (from the seeds)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    HEAD_OF_SALES = "head_of_sales"
    SALES_MANAGER = "sales_manager"
    ACCOUNT_MANAGER = "account_manager"
    SALES_DEVELOPMENT_MANAGER = "sales_development_manager"
    SALES_ANALYST = "sales_analyst"
    SALES_TRAINER = "sales_trainer"
    MARKETING_MANAGER = "marketing_manager"
    SALES_ADMIN = "sales_admin"

    @classmethod
    def parse(cls, value: str | None) -> Role | None:
        try:
            return cls(value) if value else None
        except ValueError:
            return None
