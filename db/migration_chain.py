"""The migration chain read from the version files' own text, without importing Alembic.

Opening a vault needs two facts: is the vault's revision one this app knows (else it was
written by a newer version), and is it the newest one (else it must be migrated). Alembic
answers both by importing itself and every script (about 0.1 s of CPU on each command);
this module reads the `revision` and `down_revision` lines of the files instead, and Alembic
is loaded only when a migration really runs. `tests/db/test_migration_chain.py` checks
that both readings agree.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

__all__ = ["head", "known"]

VERSIONS = Path(__file__).parent / "migrations" / "versions"
_REVISION = re.compile(r"^revision(?:\s*:[^=]+)?\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN = re.compile(r"^down_revision(?:\s*:[^=]+)?\s*=\s*(?:None|[\"']([^\"']*)[\"'])", re.MULTILINE)


@lru_cache(maxsize=1)
def _chain() -> dict[str, str | None]:
    """Each revision and the one it follows (None for the first)."""
    chain: dict[str, str | None] = {}
    for path in sorted(VERSIONS.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN.search(text)
        if revision is None or down is None:
            continue  # __init__.py
        chain[revision.group(1)] = down.group(1) or None
    return chain


def known() -> frozenset[str]:
    """Every revision this app's migrations name."""
    return frozenset(_chain())


def head() -> str:
    """The newest revision: the one no other revision follows."""
    chain = _chain()
    followed = set(chain.values())
    heads = [revision for revision in chain if revision not in followed]
    if len(heads) != 1:
        raise RuntimeError(f"migration chain has {len(heads)} heads: {sorted(heads)}")
    return heads[0]
