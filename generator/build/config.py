"""The MkDocs configuration a build runs with: the data repository's mkdocs.yml (or the tool's
own), plus what offline use and the portal's pages require."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml

from ..findings import PortalError
from ..render import NAV, Audience
from ..render.accountability import INTERNAL_ONLY

PACKAGE = Path(__file__).resolve().parent.parent
PROJECT_ROOT = PACKAGE.parent
ASSETS = PACKAGE / "assets"
THEME_DIR = PACKAGE / "templates" / "theme"
ASSET_PATH = "assets/portal"

# Material's search plugin segments Chinese text with jieba's default tokenizer and joins the
# words with U+200B (hence the separator). jieba knows 吉木萨尔县 as one word, so the index
# would hold only that token and a search for 吉木萨尔 would miss it: split the county name
# (frequency 0 removes a word) and keep a few local and industry words whole.
SEARCH_WORDS = (
    ("吉木萨尔", 200000), ("吉木萨尔县", 0), ("北庭", 50000), ("三台", 20000), ("泉子街", 20000),
    ("庆阳湖", 20000), ("准东", 50000), ("光伏", 50000), ("储能", 50000), ("煤化工", 50000),
    ("风电", 50000), ("分布式", 50000), ("新能源", 50000), ("五通一平", 50000), ("一事一议", 50000),
)
SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；]+"


def prepare_jieba() -> None:
    """Teach jieba our words (process-wide, as Material's own ``jieba_dict_user`` would)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it announces its dictionary on stderr otherwise
    for word, frequency in SEARCH_WORDS:
        if frequency:
            jieba.add_word(word, frequency)
        else:
            jieba.del_word(word)



def site_sources(data_dir: Path) -> tuple[Path, Path | None]:
    """The MkDocs config and hand-written docs: beside the data folder, else the tool's own."""
    root = data_dir.resolve().parent
    config = root / "mkdocs.yml"
    if not config.is_file():
        config = PROJECT_ROOT / "mkdocs.yml"
    docs = root / "docs" if (root / "docs").is_dir() else PROJECT_ROOT / "docs"
    return config, docs if docs.is_dir() else None


def default_config() -> dict[str, Any]:
    """What a data repository without its own mkdocs.yml gets (the tool installed alone)."""
    return {
        "site_name": "吉木萨尔县社会投资项目公开平台",
        "theme": {"name": "material", "language": "zh"},
        "plugins": ["search"],
        "markdown_extensions": [{"toc": {"permalink": True}}, "tables", "admonition"],
        "not_in_nav": "/projects/*.md\n/units/*.md\n/leaders/*.md\n",
        "nav": [{title: path} for title, path in NAV],
    }


def load_base_config(path: Path) -> dict[str, Any]:
    if path.is_symlink():   # it could point at any file outside the data repository
        raise PortalError(f"{path} 是符号链接：为免读取仓库以外的文件，mkdocs.yml 必须是文件本身")
    if not path.is_file():
        return default_config()
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PortalError(f"{path} 无法读取：{exc}") from exc
    if not isinstance(loaded, dict):
        raise PortalError(f"{path} 应为“键: 值”映射")
    return loaded


def _search_plugin(plugins: list[Any]) -> list[Any]:
    out: list[Any] = []
    found = False
    for entry in plugins:
        name = entry if isinstance(entry, str) else next(iter(entry), "") if isinstance(entry, dict) else ""
        if name in ("search", "material/search"):
            options = dict(entry[name] or {}) if isinstance(entry, dict) else {}
            options.setdefault("separator", SEPARATOR)
            entry, found = {name: options}, True
        out.append(entry)
    if not found:
        out.insert(0, {"search": {"separator": SEPARATOR}})
    return out


def site_config(base: dict[str, Any], *, docs_dir: Path, site_dir: Path,
                audience: Audience) -> dict[str, Any]:
    """The MkDocs configuration actually built: the base plus what offline use requires."""
    config = dict(base)
    # The forge serves the "编辑此数据" links (render.edit_links), not the theme: its edit
    # button would point at generated Markdown, and its repository link asks the forge's API.
    for key in ("repo_url", "repo_name", "edit_uri", "edit_uri_template"):
        config.pop(key, None)
    # Without an explicit nav MkDocs lists every page, which is quadratic in the projects.
    nav = config.get("nav") or [{title: path} for title, path in NAV]
    if audience == "public":    # the internal edition's own pages are not built for the public
        nav = [e for e in nav if not (isinstance(e, dict) and set(map(str, e.values())) & INTERNAL_ONLY)]
    config["nav"] = nav
    theme = dict(config.get("theme") or {})
    theme.setdefault("name", "material")
    theme.setdefault("language", "zh")
    theme["font"] = False                       # never Google Fonts
    theme["custom_dir"] = str(THEME_DIR)        # the internal-edition banner
    extra = dict(config.get("extra") or {})
    extra["generator"] = False                  # no link to the theme's website
    extra["portal"] = {**(extra.get("portal") or {}), "audience": audience}
    # Search from a folder (file://): Material's worker through the iframe-worker shim.
    extra["polyfills"] = [*(extra.get("polyfills") or []), f"{ASSET_PATH}/vendor/iframe-worker-shim.js"]
    config.update(
        docs_dir=str(docs_dir), site_dir=str(site_dir), theme=theme, extra=extra,
        use_directory_urls=False,               # the generated links point at .html files
        plugins=_search_plugin(list(config.get("plugins") or ["search"])),
        extra_css=[*(config.get("extra_css") or []), f"{ASSET_PATH}/portal.css"],
        extra_javascript=[*(config.get("extra_javascript") or []), f"{ASSET_PATH}/portal.js"],
        strict=True,
    )
    return config

