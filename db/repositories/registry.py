"""The repositories of one unit of work, reached as attributes: `uow.cases`, `uow.sittings`.

`casustafel.db.vault.UnitOfWork` inherits this mixin. Add one cached property per
aggregate here (import the repository inside the property to keep start-up imports
small); services then reach storage only through `uow.<aggregate>`, never through the
session or the ORM models (the import-linter contracts in pyproject.toml enforce it).
"""

from __future__ import annotations

from sqlalchemy.orm import Session


class Repositories:
    """Mixin: the aggregate repositories bound to `self.session`."""

    session: Session

    # One cached property per aggregate, for example:
    #
    #     @functools.cached_property
    #     def sittings(self) -> SittingRepository:
    #         from .sittings import SittingRepository
    #         return SittingRepository(self.session)
