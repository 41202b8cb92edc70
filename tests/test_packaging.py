"""The package is the same wherever it runs: the source tree, an editable install, a wheel.

An editable install hides a package or data file left out of pyproject.toml, a
wheel does not (kg_events would be missing from `pip install .`); and a file
that is only mapped into the package at install time is missing when kg is
imported from the source tree (`No module named 'kg.ontology'`).
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).parents[1]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
PACKAGE_DATA: dict[str, list[str]] = SETUPTOOLS["package-data"]


def tree_files(folder: Path) -> set[str]:
    """Every file below `folder` but compiled bytecode, as posix paths relative to the repository."""
    return {
        p.relative_to(ROOT).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


def globbed(folder: Path, patterns: list[str]) -> set[str]:
    """The files below `folder` that setuptools-style globs match, relative to `folder`."""
    return {
        p.relative_to(folder).as_posix() for pattern in patterns for p in folder.glob(pattern) if p.is_file()
    }


def wheel_files() -> set[str]:
    """What a wheel built from this tree holds of kg: each package's modules and its package data."""
    found: set[str] = set()
    for package in SETUPTOOLS["packages"]:
        folder = ROOT.joinpath(*package.split("."))
        patterns = ["*.py", *PACKAGE_DATA.get(package, [])]
        found |= {f"{folder.relative_to(ROOT).as_posix()}/{name}" for name in globbed(folder, patterns)}
    return found


def test_every_kg_package_is_listed_in_pyproject() -> None:
    listed = set(SETUPTOOLS["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "kg").rglob("__init__.py")}
    assert found, "no packages found under kg/"
    assert found <= listed, f"not in pyproject.toml [tool.setuptools] packages: {sorted(found - listed)}"


def test_no_package_is_mapped_from_outside_kg() -> None:
    # a package-dir mapping exists in an install only: the source tree's kg/ would lack the package
    assert "package-dir" not in SETUPTOOLS


def test_every_file_under_kg_ships() -> None:
    left_out = tree_files(ROOT / "kg") - wheel_files()
    assert not left_out, (
        f"not in any package, or not matched by pyproject.toml package-data: {sorted(left_out)}"
    )


def test_the_packaged_ontology_is_a_copy_of_the_ontology_folder() -> None:
    """ontology/ is where people read and edit; kg/ontology/ ships the same bytes."""
    home, packaged = ROOT / "ontology", ROOT / "kg" / "ontology"
    wanted = globbed(home, PACKAGE_DATA["kg.ontology"])
    assert {"kg.ttl", "shapes.ttl", "queries/punishments.rq"} <= wanted
    copies = globbed(packaged, PACKAGE_DATA["kg.ontology"])
    assert copies == wanted, f"copy ontology/ into kg/ontology/: {sorted(copies ^ wanted)}"
    differ = [name for name in sorted(wanted) if (home / name).read_bytes() != (packaged / name).read_bytes()]
    assert not differ, f"kg/ontology/ differs from ontology/ (copy ontology/ over it): {differ}"


def test_the_tests_import_the_working_tree() -> None:
    assert Path(kg.__file__).resolve().parent == (ROOT / "kg").resolve()
    # and so does every command they start, whatever its working directory
    found = subprocess.run(
        [sys.executable, "-c", "import kg.ontology; print(kg.ontology.__file__)"],
        cwd=ROOT / "tests",
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(found.stdout.strip()).resolve() == (ROOT / "kg" / "ontology" / "__init__.py").resolve()


def test_the_source_tree_imports_kg_ontology_without_help() -> None:
    """`python` started in the repository root, as a reader of the README does: kg/ comes from there."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = "import kg.query; print(kg.query.example_queries())"
    found = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )
    assert found.returncode == 0, found.stderr
    assert "punishments" in found.stdout


def test_an_install_ships_the_package_of_the_working_tree() -> None:
    """In CI, where kg is installed from a wheel: the installed files are the working tree's."""
    purelib = sysconfig.get_paths()["purelib"]
    installed = next(importlib.metadata.distributions(name="kg-news", path=[purelib]), None)
    if installed is None:
        pytest.skip("kg-news is not installed in this environment")
    recorded = {f.as_posix() for f in installed.files or [] if f.parts[0] == "kg" and f.suffix != ".pyc"}
    if not recorded:
        pytest.skip("kg-news is installed in editable mode: the installed package is the working tree")
    assert recorded == wheel_files(), f"reinstall, or fix pyproject.toml: {sorted(recorded ^ wheel_files())}"
