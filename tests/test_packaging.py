"""The built wheel holds every package and resource under its mapped name."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Source folder -> import name it installs as (pyproject.toml, package-dir).
MAPPING = {
    "casustafel": "casustafel",
    "db": "casustafel/db",
    "ui": "casustafel/ui",
    "resources": "casustafel/resources",
}
# What a wheel build needs besides the packages.
BUILD_INPUTS = ["pyproject.toml", "README.md", "LICENSE"]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


def _source_files(folder: str) -> list[Path]:
    """Return the files under a source folder, skipping bytecode caches."""
    return sorted(
        p
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


def _wheel_name(source: Path) -> str:
    """Return the path a source file must have inside the wheel."""
    rel = source.relative_to(ROOT)
    return "/".join([MAPPING[rel.parts[0]], *rel.parts[1:]])


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the working tree and list its members.

    A copy, because a build writes build/ and *.egg-info next to its sources and
    other work in this checkout must not see them. No build isolation: the build
    backend comes from the dev extras, so the test needs no download.
    """
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for folder in MAPPING:
        shutil.copytree(ROOT / folder, src / folder, ignore=IGNORED)
    for name in BUILD_INPUTS:
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, src / name)
    dist = tmp / "dist"
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), "."],
        cwd=src,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"wheel build failed:\n{result.stdout}\n{result.stderr}"
    (built,) = dist.glob("casustafel-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    """Return the member names of the built wheel."""
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


def test_every_package_folder_is_in_the_wheel_under_its_mapped_name(
    wheel_names: set[str],
) -> None:
    inits = [p for folder in MAPPING for p in _source_files(folder) if p.name == "__init__.py"]
    assert len(inits) >= len(MAPPING)
    missing = sorted(_wheel_name(p) for p in inits if _wheel_name(p) not in wheel_names)
    assert missing == [], (
        f"packages missing from the wheel: add them to [tool.setuptools] packages: {missing}"
    )


def test_every_python_module_is_in_the_wheel(wheel_names: set[str]) -> None:
    modules = [p for folder in MAPPING for p in _source_files(folder) if p.suffix == ".py"]
    missing = sorted(_wheel_name(p) for p in modules if _wheel_name(p) not in wheel_names)
    assert missing == []


def test_every_folder_with_python_code_is_a_package() -> None:
    # Without __init__.py a folder is not listed in `packages` and its modules
    # silently stay out of the wheel.
    folders = {p.parent for folder in MAPPING for p in _source_files(folder) if p.suffix == ".py"}
    lacking = sorted(str(f.relative_to(ROOT)) for f in folders if not (f / "__init__.py").exists())
    assert lacking == []


def test_resources_and_other_data_files_are_in_the_wheel(wheel_names: set[str]) -> None:
    # TOML catalogues, icons, fonts, the Alembic script template: everything that
    # is not Python must be named in [tool.setuptools.package-data] to ship.
    data = [p for folder in MAPPING for p in _source_files(folder) if p.suffix != ".py"]
    assert any(p.suffix == ".toml" for p in data), "resources/ holds no TOML files"
    missing = sorted(_wheel_name(p) for p in data if _wheel_name(p) not in wheel_names)
    assert missing == [], (
        f"data files missing from the wheel: extend [tool.setuptools.package-data]: {missing}"
    )


def test_nothing_lands_outside_the_casustafel_package(wheel_names: set[str]) -> None:
    tops = {name.split("/", 1)[0] for name in wheel_names}
    stray = {t for t in tops if t != "casustafel" and not t.endswith(".dist-info")}
    assert stray == set(), f"top-level names besides casustafel in the wheel: {stray}"


def test_the_wheel_declares_the_casustafel_command(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        (name,) = [n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt")]
        entry_points = zf.read(name).decode()
    assert "casustafel = casustafel.launch:main" in entry_points.splitlines()
