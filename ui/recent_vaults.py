"""Recently opened vaults, remembered by path only.

Nothing from inside a vault (no name of a user, no case, no setting) is stored outside
it: QSettings gets the folder paths and nothing else.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "recent_vaults"
MAX_RECENT = 8


class RecentVaults:
    """The most recently used vault paths, newest first.

    Args:
        settings: where to keep them; the app's default QSettings when None (tests pass an
            INI file of their own).
    """

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings if settings is not None else QSettings()

    def paths(self) -> list[str]:
        raw = self._settings.value(KEY, [])
        if isinstance(raw, str):  # QSettings returns one value as a plain string
            raw = [raw]
        if not isinstance(raw, list):
            return []
        return [str(p) for p in raw if isinstance(p, str) and p][:MAX_RECENT]

    def existing(self) -> list[str]:
        """The remembered paths whose folder still exists (a USB stick may be out)."""
        return [p for p in self.paths() if Path(p).is_dir()]

    def add(self, path: str | Path) -> None:
        """Put `path` first (absolute, without duplicates)."""
        text = str(Path(path).expanduser().resolve())
        paths = [text] + [p for p in self.paths() if p != text]
        self._save(paths[:MAX_RECENT])

    def remove(self, path: str | Path) -> None:
        text = str(Path(path).expanduser().resolve())
        self._save([p for p in self.paths() if p != text])

    def _save(self, paths: list[str]) -> None:
        self._settings.setValue(KEY, paths)
        self._settings.sync()
