"""The fast reading of simple pieces agrees with the strict loader, or steps aside."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.history.pieces import Pieces
from generator.history.simple import simple_piece
from generator.history.snapshot import Cut, cut_file
from generator.load import Document, parse

ROOT = Path(__file__).resolve().parents[2]
YAML_FILES = sorted([*(ROOT / "data").rglob("*.yaml"), *(ROOT / "tests" / "fixtures").rglob("*.yaml")])


def strict(text: str, *, item: bool) -> Any:
    """What the strict loader reads, or None when it has any finding (or another shape)."""
    doc = Document(path=Path("<piece>"), display="<piece>", data=None)
    if parse(text, doc) or not isinstance(doc.data, list if item else dict):
        return None
    return doc.data


def pieces_of(cut: Cut, px: Pieces) -> list[tuple[bytes, bool]]:
    """Every piece and list item of a cut, through the nested cuts."""
    if cut.items is not None:
        return [(chunk, True) for chunk in cut.items]
    found: list[tuple[bytes, bool]] = []
    for piece in (cut.mapping or {}).values():
        nested = px.nested(piece, cut.indent)
        found += pieces_of(nested, px) if nested is not None else [(piece, False)]
    return found


def all_pieces() -> list[tuple[bytes, bool]]:
    found = []
    for path in YAML_FILES:
        cut = cut_file(path.read_bytes())
        if cut is not None:
            found += pieces_of(cut, Pieces())
    return found


def test_every_piece_of_the_sample_data_and_fixtures_reads_as_the_strict_loader_reads_it():
    pieces = all_pieces()
    read = 0
    for raw, item in pieces:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        fast = simple_piece(text, item=item)
        if fast is not None:
            read += 1
            assert fast == strict(text, item=item), text
            assert [type(v) for v in (fast[0] if item else fast).values()] == \
                [type(v) for v in (strict(text, item=item)[0] if item else strict(text, item=item)).values()]
    # the fast path is not a dead letter: most pieces of real project files are simple
    assert read > len(pieces) / 2


TRICKY = [
    "a: b #c\n", "a: b: c\n", "a: b:\n", 'a: "x"\n', "a: 'x'\n", "a: -5\n", "a: - x\n", "a: x \n",
    "a:  x\n", "a: x\n  b: y\n", "a: [1, 2]\n", "a: {b: 1}\n", "a: &x 1\n", "a: *x\n", "a: !t 1\n",
    "a: |\n  b\n", "a: >\n  b\n", "a: %x\n", "a: @x\n", "a: `x\n", "a: ?x\n", "a: ,x\n", "a: x\tz\n",
    "a: x\r\n", "a: x\u2028y\n", "a: x\x85y\n", "a: x\x07\n", "a: x\u202ey\n", "a: x\ufeff\n",
    "a: 1\na: 2\n", "a: yes\n", "a: no\n", "a: null\n", "a: ~\n", "a: true\n", "a: 0x1F\n",
    "a: 1e3\n", "a: 01\n", "a: 1.50\n", "a: .5\n", "a: 2026-03-20\n", "a: 12:30\n", "a: a#b\n",
    "a: http://x.cn/a?b=1#c\n", "a: 吉木萨尔县 光伏\n", "a: x y  z\n", "a: x\u3000\n", "a: x\n\n",
    "a: x\n# c\n", "a: x\n---\n", "a: x\n...\n", "- a: 1\n", "  - a: 1\n    b: 2\n",
    "  - a: 1\n     b: 2\n", "  - a: 1\n   b: 2\n", "  - a: 1\n  - b: 2\n", "  - a: 1\n    a: 2\n",
    "  -  a: 1\n", "  - a: x\n    b: [y]\n", "  - a: 1\n    b:\n      - c\n", "a: x", "",
    "a: \"x\n", "a: x\n  - y\n", "<<: x\n", "a b: x\n", "a: 'x'y\n",
    'a: "x" #c\n', 'a: "x"y\n', 'a: "x\\"y"\n', 'a: "x\\ty"\n', 'a: "x\ty"\n', 'a: "吉木萨尔"\n',
    '  - a: "1"\n    b: "2"\n', 'a: "x\n  y"\n', 'a: ""\n', 'a: "2026-03-20"\n', 'a: "true"\n',
    'a: "x:y#z"\n', 'a: "x y"\n', 'a: "x"\n  b: 1\n', 'a: "\u202ex"\n', 'a: "x\x85"\n',
]


@pytest.mark.parametrize("item", [False, True])
@pytest.mark.parametrize("text", TRICKY)
def test_tricky_lines_are_read_exactly_or_left_to_the_strict_loader(text, item):
    fast = simple_piece(text, item=item)
    if fast is not None:
        assert fast == strict(text, item=item)
        inner = fast[0] if item else fast
        assert [type(v) for v in inner.values()] == \
            [type(v) for v in (strict(text, item=item)[0] if item else strict(text, item=item)).values()]


@pytest.mark.parametrize(("text", "item", "expected"), [
    ("  - month: 2026-03\n    invested: 400\n    progress_percent: 10.5\n    note: 按计划推进\n", True,
     [{"month": "2026-03", "invested": 400, "progress_percent": 10.5, "note": "按计划推进"}]),
    ("stage: production\n", False, {"stage": "production"}),
    ('    phone: "15732912726"\n', False, {"phone": "15732912726"}),
    ("verified: true\n", False, {"verified": True}),
    ("url: https://example.gov.cn/a:b\n", False, {"url": "https://example.gov.cn/a:b"}),
])
def test_a_report_or_a_one_line_piece_takes_the_fast_path(text, item, expected):
    assert simple_piece(text, item=item) == expected == strict(text, item=item)
