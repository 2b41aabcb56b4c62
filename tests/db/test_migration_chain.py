"""The light reading of the migration chain agrees with Alembic's, and opening a vault at
the newest revision does not load Alembic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from casustafel.db import migrate, migration_chain


def test_the_chain_read_from_the_files_is_alembics_chain() -> None:
    scripts = migrate.scripts()
    assert migration_chain.head() == scripts.get_current_head()
    assert migration_chain.known() == {rev.revision for rev in scripts.walk_revisions()}


def test_opening_a_current_vault_does_not_import_alembic(vault_path: Path) -> None:
    from casustafel.db.keyfile import FLOOR_PARAMS
    from casustafel.db.vault import Vault
    from tests.conftest import TEST_PASSPHRASE, TEST_USER

    Vault.create(vault_path, TEST_USER, TEST_PASSPHRASE, params=FLOOR_PARAMS)[0].lock()
    program = (
        "import sys\n"
        "from casustafel.db.vault import Vault\n"
        f"v = Vault.unlock({str(vault_path)!r}, {TEST_PASSPHRASE!r}, user={TEST_USER!r})\n"
        "v.lock()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    env = dict(os.environ)
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
