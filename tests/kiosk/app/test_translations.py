"""Every text the screens show in Korean has its English in assets/translations."""

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def shown_texts() -> set[str]:
    """The literal of every tr() / translate() call in the Qt kiosk."""
    texts = set()
    for path in (ROOT / "kiosk" / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                    node.func.attr in ("tr", "translate")):
                literals = [a.value for a in node.args if isinstance(a, ast.Constant)]
                texts.add(literals[-1])
    return texts


def test_every_screen_text_has_an_english_translation():
    tree = ET.parse(ROOT / "assets" / "translations" / "kiosk_en.ts")
    english = {m.findtext("source"): m.findtext("translation") for m in tree.iter("message")}
    missing = {text for text in shown_texts() if not english.get(text)}
    assert missing == set(), "run pyside6-lupdate and translate these in Qt Linguist"

