"""An Atom feed (RFC 4287) of data changes, site-wide or for one lead unit.

Built with ElementTree, so every value is escaped by the serializer; characters that
XML 1.0 cannot carry at all (control characters in a commit message) are dropped
first. Links are absolute, built from ``site_url``; entry ids are ``urn:uuid:``
names derived from the commit and the project, so they survive a change of domain.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import quote, urlsplit

from .model import History, Revision

ATOM = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# Fixed namespace for entry ids: uuid5(namespace, "<commit>/<project id>").
ENTRY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://jimsar-portal/history/revision")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MAX_TITLE = 80

ET.register_namespace("", ATOM)


def project_url(site_url: str, project_id: str) -> str:
    """The absolute address of a project page: ``{site_url}projects/{id}/``."""
    return f"{base_url(site_url)}{directory_page(project_id)}"


def directory_page(project_id: str) -> str:
    """A project page's path below ``site_url`` with directory URLs: ``projects/{id}/``."""
    return f"projects/{quote(project_id, safe='')}/"


def base_url(site_url: str) -> str:
    """``site_url`` checked (http or https, with a host) and ending with "/"."""
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"site_url must be an absolute http(s) address, not {site_url!r}")
    return site_url if site_url.endswith("/") else site_url + "/"


def entry_id(revision: Revision) -> str:
    return f"urn:uuid:{uuid.uuid5(ENTRY_NAMESPACE, f'{revision.commit}/{revision.project_id}')}"


def unit_revisions(history: History, unit: str | None,
                   project_units: Mapping[str, str] | None = None) -> list[Revision]:
    """Revisions of one lead unit's projects (all when ``unit`` is None), newest first.

    A project belongs to the unit ``project_units`` gives (the current data), else to
    the lead unit recorded in the revision itself.
    """
    if unit is None:
        return list(history.revisions)
    units = project_units or {}
    return [r for r in history.revisions if units.get(r.project_id, r.lead_unit) == unit]


def atom_feed(
    history: History,
    site_url: str,
    title: str,
    *,
    unit: str | None = None,
    project_units: Mapping[str, str] | None = None,
    feed_path: str = "feed.xml",
    page_path: str = "",
    max_entries: int = 50,
    subtitle: str | None = None,
    project_page: Callable[[str], str] = directory_page,
    list_page: str = "projects/",
) -> bytes:
    """The feed as UTF-8 XML bytes, newest entries first.

    ``feed_path`` is where the renderer writes the feed, relative to ``site_url`` (its
    absolute address is the feed's id and ``rel="self"`` link); ``page_path`` is the
    page the feed belongs to (the home page, or a unit's page). ``unit`` restricts the
    feed to the projects of that lead unit. ``project_page`` gives a project page's path
    below ``site_url`` (``projects/{id}/`` by default; a site built with
    ``use_directory_urls: false`` passes its own), ``list_page`` the project list's, which
    entries of deleted projects link to.
    """
    root_url = base_url(site_url)
    revisions = unit_revisions(history, unit, project_units)[:max(max_entries, 0)]
    feed = ET.Element(f"{{{ATOM}}}feed", {f"{{{XML_NS}}}lang": "zh-CN"})
    _text(feed, "id", root_url + feed_path)
    _text(feed, "title", title)
    if subtitle or history.message:
        _text(feed, "subtitle", " ".join(s for s in (subtitle, history.message) if s))
    newest = max((r.date for r in revisions), default=None) or _newest(history.revisions)
    _text(feed, "updated", newest.isoformat())
    _link(feed, root_url + feed_path, "self", "application/atom+xml")
    _link(feed, root_url + page_path, "alternate", "text/html")
    _text(feed, "generator", "jimsar-portal")
    for revision in revisions:
        feed.append(_entry(revision, root_url, project_units, project_page, list_page))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _entry(revision: Revision, root_url: str, project_units: Mapping[str, str] | None,
           project_page: Callable[[str], str], list_page: str) -> ET.Element:
    entry = ET.Element(f"{{{ATOM}}}entry")
    name = revision.project_name or revision.project_id
    lines = revision.changes_zh
    headline = lines[0] if len(lines) == 1 else f"{lines[0]} 等 {len(lines)} 处修改"
    _text(entry, "id", entry_id(revision))
    _text(entry, "title", _clip(f"{name}：{headline}", MAX_TITLE))
    _text(entry, "updated", revision.date.isoformat())
    _text(entry, "published", revision.date.isoformat())
    author = ET.SubElement(entry, f"{{{ATOM}}}author")
    _text(author, "name", revision.author or "未署名")
    href = root_url + (list_page if revision.deleted else project_page(revision.project_id))
    _link(entry, href, "alternate", "text/html")
    unit = (project_units or {}).get(revision.project_id, revision.lead_unit)
    if unit:
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": _clean(unit)})
    reason = revision.summary
    _text(entry, "summary", "；".join(lines) + (f"（{reason}）" if reason else ""))
    _text(entry, "content", _content_html(revision, name, lines), type="html")
    return entry


def _content_html(revision: Revision, name: str, lines: Iterable[str]) -> str:
    """A small HTML fragment, itself built as a tree so data cannot become markup."""
    div = ET.Element("div")
    ET.SubElement(div, "p").text = _clean(f"项目：{name}（{revision.project_id}）")
    if revision.message:
        ET.SubElement(div, "p").text = _clean(f"修改原因：{revision.message}")
    ul = ET.SubElement(div, "ul")
    for line in lines:
        ET.SubElement(ul, "li").text = _clean(line)
    ET.SubElement(div, "p").text = _clean(
        f"提交 {revision.short}，{revision.author}，{revision.date:%Y-%m-%d %H:%M}（北京时间）")
    return ET.tostring(div, encoding="unicode", method="html")


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = _clean(text)
    return element


def _link(parent: ET.Element, href: str, rel: str, kind: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"rel": rel, "type": kind, "href": _clean(href)})


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _newest(revisions: Iterable[Revision]) -> dt.datetime:
    return max((r.date for r in revisions), default=EPOCH)
