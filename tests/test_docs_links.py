"""The documentation a clone carries is whole: every relative link in README.md and docs/
names a file in the repository, and no contract or guide is sought outside it (../shared is
not part of a clone; only the benchmarks' photographs are read from there, as data)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_names_a_file_here(page):
    text = page.read_text(encoding="utf-8")
    missing = [target for target in LINK.findall(text)
               if "://" not in target and not target.startswith("mailto:")
               and not (page.parent / target).exists()]
    assert missing == []
    assert "../shared/design" not in text and "../shared/reference" not in text
