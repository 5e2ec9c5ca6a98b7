"""Imports flow one way: kiosk may use payments and hardware; they never use each other,
kiosk, or Qt (architecture.md). Checked on the source, so a stray import fails here."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"payments": {"kiosk", "hardware", "wallet", "PySide6"},
             "hardware": {"kiosk", "payments", "wallet", "PySide6"},
             "wallet": {"kiosk", "hardware", "PySide6"}}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_flow_one_way(package):
    offenders = {str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
                 for path in (ROOT / package).rglob("*.py")}
    assert {path: bad for path, bad in offenders.items() if bad} == {}
