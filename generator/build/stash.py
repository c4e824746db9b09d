"""The generated pages' HTML, kept away from Python-Markdown and the search plugin.

A generated page is Markdown headings between raw HTML blocks that hold the data (tables, lists,
the chart: see ``render/text.py``). Python-Markdown passes such a block through unchanged, but
only after running ``html.parser`` over it twice (MkDocs' anchor scan and Markdown's own block
extraction), and Material's search plugin parses it once more and segments every Chinese word
with jieba. For a thousand projects that was most of the build and a 16 MB search index.

So, before a generated page is written for MkDocs, ``split`` replaces its top-level raw HTML
blocks by one-line placeholders, HTML comments carrying a token that is random for every build
(one placeholder for each run of blocks with nothing but blank lines between them: one per
section), and ``restore`` puts the blocks back into the final HTML of the page
(``on_post_page``, after the search plugin has indexed it). The site's HTML stays byte for byte what MkDocs would
have written (tests/acceptance/test_build_stash.py builds both ways and compares every page),
while Markdown and the search index see only the headings, the placeholders and the blocks a
template marks as search text:

    <div data-portal-search>北庭镇 · 新能源 · ...</div>

on a line of its own, followed by a blank line: indexed, then removed from the page. So in a
generated page the search index holds the title, the headings and the search blocks, nothing
else: a template decides what is searchable by writing a search block.

Data cannot forge a placeholder or a search block: data reaches a page HTML-escaped and on one
line (``multiline``), so it never writes ``<`` nor starts a line, and the token is unknown
before the build. A block is only replaced when its extent is certain: it starts at the start
of a line after a blank line with a block-level tag, its tags balance (with the same stack
rules as Python-Markdown's ``HTMLExtractor``), and a blank line or the end of the page follows
its closing tag. At the first block that does not fit, the rest of the page is left as it
is, which Markdown then handles as before.
"""

from __future__ import annotations

import html
import pickle
import re
import secrets
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markdown.util import BLOCK_LEVEL_ELEMENTS

SEARCH_OPEN = "<div data-portal-search>"
_BLOCK_LEVEL = frozenset(BLOCK_LEVEL_ELEMENTS) - {"hr", "pre", "script", "style", "textarea"}
_START = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)")
# What html.parser may read otherwise than as tags and escaped text: comments, declarations,
# processing instructions and the elements whose content is raw text. Templates write none.
_RISKY = re.compile(r"<(?:!|\?|script|style|xmp|plaintext|iframe|noembed|noframes|noscript)", re.IGNORECASE)
_BLANK_TO_END = re.compile(r"\n*\Z")          # nothing but newlines left
_SPACE_TO_END = re.compile(r"\s*\Z")          # nothing but whitespace left
# Attributes: data never holds a raw quote (it is escaped), so ' id="' is a template's id
# (templates separate attributes with one space).
_ID = re.compile(r"""[ ]id="([^"<>]*)\"""")
_NAME = re.compile(r"""<a\s[^<>]*?\bname="([^"<>]*)\"""")
_FRONT_MATTER = re.compile(r"---\n.*?\n---\n", re.DOTALL)


def placeholder(token: str, number: int) -> str:
    return f"<!--portal-stash {token} {number}-->"


@dataclass
class Split:
    """A page for MkDocs, and what ``restore`` needs to turn its HTML into the full page."""

    markdown: str
    blocks: list[str] = field(default_factory=list)     # placeholder n -> block n
    search: list[str] = field(default_factory=list)     # search blocks as written, to remove
    anchors: set[str] = field(default_factory=set)      # ids inside the blocks (link checks)


@lru_cache(maxsize=64)
def _same_tag(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^<>]*?(/?)>", re.IGNORECASE)


def _block_end(text: str, start: int, name: str) -> int | None:
    """End of the raw HTML block that opens at ``start`` with a ``name`` element, or None.

    Python-Markdown ends the block when its stack of open tags empties, and an end tag pops the
    stack down to the innermost open element of its name: so the stack empties exactly when the
    ``name`` elements opened since ``start`` are all closed. Only those tags need counting
    (a self-closing one does not open anything)."""
    depth = 0
    for match in _same_tag(name).finditer(text, start):
        if match.group(1):
            depth -= 1
            if depth == 0:
                return match.end()
        elif not match.group(2):
            depth += 1
    return None


def _run_end(text: str, start: int) -> int | None:
    """End of the raw HTML that starts at ``start``: a block, and the blocks that follow it on
    the next lines without a blank line between (Markdown writes them out the same way, each on
    its own line). None when a line of it does not open a block."""
    begin = start
    while True:
        opening = _START.match(text, begin)
        if opening is None or opening.group(1).lower() not in _BLOCK_LEVEL:
            return None
        end = _block_end(text, begin, opening.group(1))
        if end is None or not text.startswith("\n<", end):
            return end
        begin = end + 1


def split(text: str, token: str, *, stash: bool = True) -> Split:
    """``text`` with its top-level raw HTML blocks replaced by placeholders and its search
    blocks kept for indexing. With ``stash=False`` only the search blocks are taken out (the
    page as it looks without stashing, for comparison)."""
    out: list[str] = []
    result = Split("")
    runs: list[list[str]] = []     # the blocks behind each placeholder
    run_at = -1                    # where in ``out`` the last placeholder is, while only blank
                                   # lines follow it (a block then joins it: fewer placeholders)
    front = _FRONT_MATTER.match(text)
    pos = front.end() if front else 0
    out.append(text[:pos])
    at_blank = True            # the previous line was blank (or this is the start)
    size = len(text)
    while pos < size:
        eol = text.find("\n", pos)
        eol = size if eol < 0 else eol
        line = text[pos:eol]
        if line.lstrip(" ").startswith("<"):
            if not at_blank:
                break              # not a block this module is sure of: leave the rest alone
            end = _run_end(text, pos)
            # A blank line (or the end of the page) must follow the closing tag.
            if end is None or (text[end:end + 2] != "\n\n" and not _BLANK_TO_END.match(text, end)):
                break
            block = text[pos:end]
            if _RISKY.search(block) or (SEARCH_OPEN in block and not _search_block(text, block, end)):
                break
            if SEARCH_OPEN in block:
                if stash:
                    result.search.append(block)
                    out.append(block + "\n\n")
                pos = end + 2      # without stashing, the block and its blank line go
                at_blank, run_at = True, -1
                continue
            if stash:
                result.anchors |= _anchors(block)
                if run_at >= 0:
                    # Only blank lines since the last placeholder: Markdown writes raw blocks
                    # separated by blank lines as the blocks joined by one blank line.
                    del out[run_at + 1:]
                    runs[-1].append(block)
                else:
                    run_at = len(out)
                    out.append(placeholder(token, len(runs)))
                    runs.append([block])
            else:
                out.append(block)
            pos = end
            at_blank = False
            continue
        out.append(text[pos:eol + 1])
        at_blank = line.strip() == ""
        if not at_blank:
            run_at = -1
        pos = eol + 1
    out.append(text[pos:])
    result.markdown = "".join(out)
    result.blocks = ["\n\n".join(run) for run in runs]
    return result


def _anchors(block: str) -> set[str]:
    """The ids and the ``<a name>`` values inside a block (MkDocs checks links to #anchors)."""
    found = {html.unescape(m) for m in _ID.findall(block)}
    if ' name="' in block:
        found.update(html.unescape(m) for m in _NAME.findall(block))
    return found


def _search_block(text: str, block: str, end: int) -> bool:
    """A search block is a line of its own, with more of the page after it."""
    return block.startswith(SEARCH_OPEN) and "\n" not in block and not _SPACE_TO_END.match(text, end)


class StashError(Exception):
    """The HTML of a page did not come back as it went out (a bug, never a data error)."""


def restore(page_html: str, token: str, blocks: list[str], search: list[str]) -> str:
    """The page's HTML with its blocks back in place and its search blocks taken out."""
    text = page_html
    for block in search:       # Markdown wrote each as itself plus a blank line
        if block + "\n\n" not in text:
            raise StashError("a search block was not found in the page")
        text = text.replace(block + "\n\n", "", 1)
    if not blocks:
        return text
    found: set[int] = set()

    def put(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number >= len(blocks) or number in found:
            raise StashError(f"placeholder {number} unknown or repeated")
        found.add(number)
        return blocks[number]

    text = re.sub(rf"<!--portal-stash {re.escape(token)} (\d+)-->", put, text)
    if len(found) != len(blocks):
        raise StashError(f"{len(blocks) - len(found)} of {len(blocks)} blocks lost")
    return text


def new_token() -> str:
    return secrets.token_hex(8)


@dataclass
class Stash:
    """The HTML blocks that ``stash.split`` took out of the generated pages, until MkDocs has
    written each page: compressed (a 40 KB page keeps about 6 KB), so that thousands of pages
    stay small in memory.

    A late page's blocks come only after the build (the 数据下载 page, whose file sizes are
    known once the downloads are made): MkDocs writes it with its placeholders, and
    ``finish_late`` puts the blocks of the page rendered again into the written HTML."""

    token: str = field(default_factory=new_token)
    pages: dict[str, bytes] = field(default_factory=dict)        # docs path -> blocks, searches
    anchors: dict[str, set[str]] = field(default_factory=dict)   # docs path -> ids in its blocks
    late: dict[str, str] = field(default_factory=dict)           # docs path -> Markdown written
    written: dict[str, str] = field(default_factory=dict)        # late docs path -> site path

    def keep(self, path: str, parts: Split, *, late: bool = False) -> None:
        if late:
            self.late[path] = parts.markdown
        elif parts.blocks or parts.search:
            packed = pickle.dumps((parts.blocks, parts.search), pickle.HIGHEST_PROTOCOL)
            self.pages[path] = zlib.compress(packed, 1)
        if parts.anchors:
            self.anchors[path] = parts.anchors

    def retain(self, paths: set[str]) -> None:
        """Forget the blocks of every page but ``paths`` (those MkDocs will build)."""
        for path in [p for p in self.pages if p not in paths]:
            del self.pages[path]

    def take(self, path: str) -> tuple[list[str], list[str]] | None:
        packed = self.pages.pop(path, None)
        if packed is None:
            return None
        blocks, search = pickle.loads(zlib.decompress(packed))   # our own bytes, from keep()
        return blocks, search

    def finish_late(self, path: str, text: str, site_dir: Path) -> None:
        """Put the blocks of ``text``, the late page ``path`` rendered again, into its HTML in
        ``site_dir``. Its Markdown must be what MkDocs built (the search index holds it)."""
        parts = split(text, self.token)
        if parts.markdown != self.late.get(path) or path not in self.written:
            raise StashError(f"{path}: the page rendered again differs outside its HTML blocks")
        target = site_dir / self.written[path]
        target.write_text(restore(target.read_text(encoding="utf-8"), self.token, parts.blocks,
                                  parts.search), encoding="utf-8")


__all__ = ["SEARCH_OPEN", "Split", "Stash", "StashError", "new_token", "placeholder", "restore", "split"]
