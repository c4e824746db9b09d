"""Build: the rendered pages through MkDocs (Material) into the site folder, with the feeds,
schemas and downloads published beside them (``publish``), MkDocs' configuration and plugins
(``config``, ``plugins``), the HTML kept away from Markdown (``stash``), the work folder kept
between builds (``sitecache``) and the swap into place (``place``)."""

from .config import default_config, site_sources
from .place import swap_into_place
from .session import Session
from .site import BuildResult, build_site

__all__ = ["BuildResult", "Session", "build_site", "default_config", "site_sources", "swap_into_place"]
