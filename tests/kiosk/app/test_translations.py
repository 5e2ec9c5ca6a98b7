"""Every text the screens show in Korean has its English in assets/translations, under the
class that shows it: Qt looks a text up by its class's name, so a text moved to another
class needs its translation moved with it."""

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def shown_texts() -> set[tuple[str, str]]:
    """(context, literal) of every tr() / translate() call in the Qt kiosk: a tr()'s context
    is its class, a translate()'s its first argument."""
    texts = set()
    for path in (ROOT / "kiosk" / "app").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef))]:
            for node in ast.walk(cls):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                        node.func.attr in ("tr", "translate")):
                    literals = [a.value for a in node.args if isinstance(a, ast.Constant)]
                    if node.func.attr == "translate":
                        texts.add((literals[0], literals[-1]))
                    elif isinstance(cls, ast.ClassDef):
                        texts.add((cls.name, literals[-1]))
    return texts


def test_every_screen_text_has_an_english_translation():
    tree = ET.parse(ROOT / "assets" / "translations" / "kiosk_en.ts")
    english = {(context.findtext("name"), m.findtext("source")): m.findtext("translation")
               for context in tree.iter("context") for m in context.iter("message")}
    missing = {text for text in shown_texts() if not english.get(text)}
    assert missing == set(), "run pyside6-lupdate and translate these in Qt Linguist"
