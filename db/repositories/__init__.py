"""Repositories: queries and writes over the ORM that hand out frozen domain values.

Live ORM rows never leave this package; services call these functions inside their
unit of work and receive `casustafel.domain.model` values.
"""
