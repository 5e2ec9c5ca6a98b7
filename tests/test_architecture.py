"""Imports flow one way (docs/architecture.md), checked on the source so a stray import
fails here:

- `payments` and `hardware` use neither each other, the kiosk, the wallet nor Qt;
- the wallet and the testbed build on `payments` only; a chain's server on `payments` and
  the wallet's web helpers;
- the testbed is reached only by the composition root and the testers' `sim` commands;
- no module imports itself back through others (no cycles).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kiosk", "payments", "hardware", "wallet", "testbed", "server")
FORBIDDEN = {"payments": {"kiosk", "hardware", "wallet", "testbed", "server", "PySide6",
                          "psycopg"},
             "hardware": {"kiosk", "payments", "wallet", "testbed", "server", "PySide6"},
             "wallet": {"kiosk", "hardware", "testbed", "server", "PySide6"},
             "testbed": {"kiosk", "hardware", "wallet", "server", "PySide6"},
             "server": {"kiosk", "hardware", "testbed", "PySide6"}}
# Where the kiosk may reach the testbed: the demo's wiring, and the commands that exist to
# drive the testbed (`kiosk sim bank`, `kiosk sim code`).
TESTBED_USERS = {"kiosk/bootstrap.py", "kiosk/commands/sim_bank.py", "kiosk/commands/sim_code.py"}


def sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Modules `path` imports when it is loaded: what sits under `if TYPE_CHECKING:` is
    for the type checker only, and is left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            node.body = []
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def top_level(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_flow_one_way(package):
    offenders = {str(path.relative_to(ROOT)): sorted(top_level(imports(path)) & FORBIDDEN[package])
                 for path in sources(package)}
    assert {path: bad for path, bad in offenders.items() if bad} == {}


def test_only_the_composition_root_reaches_the_testbed():
    users = {str(path.relative_to(ROOT)) for path in sources("kiosk")
             if "testbed" in top_level(imports(path))}
    assert users <= TESTBED_USERS


def cycles_in(graph: dict[str, set[str]]) -> list[str]:
    """Each cycle met walking `graph` depth first, as "a -> b -> a"."""
    found = []
    state: dict[str, str] = {}  # "open" while on the path being walked, then "done"

    def walk(name: str, path: list[str]) -> None:
        state[name] = "open"
        for other in sorted(graph[name]):
            if state.get(other) == "open":
                found.append(" -> ".join([*path[path.index(other):], other]))
            elif other not in state:
                walk(other, [*path, other])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            walk(name, [name])
    return found


def test_a_cycle_is_found_where_there_is_one():
    assert cycles_in({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a -> b -> c -> a"]
    assert cycles_in({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_there_are_no_import_cycles():
    modules = {module_name(path): path for package in PACKAGES for path in sources(package)}
    graph = {name: {other for other in imports(path) if other in modules and other != name}
             for name, path in modules.items()}
    assert cycles_in(graph) == []
