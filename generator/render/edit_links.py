""""编辑此数据": from a page to the data file that feeds it, in the forge's web editor.

The data repository's ``mkdocs.yml`` names its forge as MkDocs does: ``repo_url`` and
``edit_uri``, the editor's path relative to the repository root, e.g.

    GitHub   repo_url: https://github.com/county/touzi      edit_uri: edit/main/
    Gitea    repo_url: https://git.example.gov.cn/fgw/touzi  edit_uri: _edit/main/
    GitLab   repo_url: https://gitlab.example.gov.cn/touzi  edit_uri: -/edit/main/

so a project's link is ``repo_url/edit_uri/data/projects/<id>.yaml``. Without both (or with a
``repo_url`` that is not a plain http(s) address) a page shows the file's path instead. The
build passes neither to MkDocs: the theme would link its own edit button to the generated
Markdown, which is in no repository, and would ask the forge's API for the repository's stars.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .text import safe_url


@dataclass(frozen=True)
class EditLinks:
    base: str | None = None      # repo_url + edit_uri, ending in "/"; None without a forge
    prefix: str = "data/"        # the data folder from the repository root, ending in "/"

    def path(self, file: str) -> str:
        """The data file's path in the repository, e.g. ``data/projects/x.yaml``."""
        return self.prefix + file

    def url(self, file: str) -> str | None:
        """The file in the forge's web editor, or None without a forge."""
        return self.base + quote(self.path(file)) if self.base else None


def edit_links(config: Mapping[str, Any], data_dir: Path, root: Path) -> EditLinks:
    """The links for a build: ``config`` is the data repository's mkdocs.yml (at ``root``)."""
    relative = os.path.relpath(data_dir.resolve(), root.resolve())
    prefix = "" if relative == "." else (data_dir.name if relative.startswith("..") else relative)
    prefix = prefix.replace(os.sep, "/").strip("/")
    prefix = prefix + "/" if prefix else ""
    repo = safe_url(config.get("repo_url"))
    edit_uri = config.get("edit_uri")
    if not repo or not isinstance(edit_uri, str) or not edit_uri.strip("/") or "://" in edit_uri:
        return EditLinks(None, prefix)
    return EditLinks(repo.rstrip("/") + "/" + quote(edit_uri.strip("/")) + "/", prefix)
