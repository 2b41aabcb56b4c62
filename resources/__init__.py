"""The one accessor for packaged data files (catalogues, style sheets), via importlib.resources.

Everything the app ships as data (the ladders and catalogues in TOML, `.qss` style sheets,
fonts) is read through these functions, so the app works the same from a source tree, an
editable install, a wheel or a zip. Icons are not here: the UI takes them from qtawesome.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import Any

__all__ = ["exists", "load_toml", "path_of", "read_bytes", "read_text", "stylesheet"]


def _resource(name: str) -> Traversable:
    """Return the packaged file `name` (a relative POSIX path such as `"woonoverlast.toml"`).

    Raises:
        ValueError: `name` is absolute or climbs out of the package; names come from code,
            so this is a programming error, not a user error.
    """
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
        raise ValueError(f"ongeldige resourcenaam: {name!r}")
    node: Traversable = resources.files(__name__)
    for part in parts:
        node = node.joinpath(part)
    return node


def exists(name: str) -> bool:
    """Tell whether the packaged file `name` exists."""
    return _resource(name).is_file()


def read_bytes(name: str) -> bytes:
    """Return the raw contents of the packaged file `name`."""
    return _resource(name).read_bytes()


def read_text(name: str) -> str:
    """Return the packaged file `name` decoded as UTF-8."""
    return _resource(name).read_text(encoding="utf-8")


def load_toml(name: str) -> dict[str, Any]:
    """Parse the packaged TOML file `name`.

    Raises:
        tomllib.TOMLDecodeError: the file is not valid TOML; the catalogue loader turns
            this into a Dutch message that names the file.
    """
    data: dict[str, Any] = tomllib.loads(read_text(name))
    return data


@contextmanager
def path_of(name: str) -> Iterator[Path]:
    """Yield a real file-system path to `name` for APIs that need one (fonts for reportlab).

    The path is only valid inside the `with` block: from a zip it is a temporary copy.
    """
    with resources.as_file(_resource(name)) as path:
        yield path


def stylesheet(name: str) -> str:
    """Return the Qt style sheet `name` (with or without the `.qss` suffix)."""
    return read_text(name if name.endswith(".qss") else f"{name}.qss")
