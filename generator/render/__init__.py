"""Render: evaluated facts -> the site's pages as Markdown (Jinja2, autoescaped).

The pipeline's fourth stage. ``render_pages`` knows nothing of MkDocs; ``generator.build``
hands its pages to MkDocs.
"""

from .audience import AUDIENCES, Audience, for_audience, strip_internal
from .pages import DOWNLOADS_PAGE, NAV, iter_pages, render_downloads, render_pages

__all__ = ["AUDIENCES", "DOWNLOADS_PAGE", "NAV", "Audience", "for_audience", "iter_pages",
           "render_downloads", "render_pages", "strip_internal"]
