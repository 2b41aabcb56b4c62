"""What every repository shares: the session of its unit of work and "get or raise".

A repository is bound to one transaction's session (`uow.sittings`, `uow.signals`, ...).
It hands out frozen domain values, never live ORM rows; rows stay inside `db/`. The one
way to fetch a row by id and raise `NotFoundError` when it is gone is `Repository._get`,
so the Dutch "bestaat niet (meer)" message is written once per kind of record.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from casustafel.errors import NotFoundError

RowT = TypeVar("RowT")


class Repository:
    """Base of the repositories: one session, one transaction."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _get(self, model: type[RowT], row_id: int, not_found: str) -> RowT:
        """The row of `model` with primary key `row_id`, or `NotFoundError(not_found)`.

        Args:
            model: The ORM class.
            row_id: The primary key.
            not_found: The Dutch message, already formatted (it names the id, never a person).
        """
        row = self._session.get(model, row_id)
        if row is None:
            raise NotFoundError(not_found)
        return row
