"""Render: evaluated facts -> the site's pages as Markdown (Jinja2, autoescaped).

The pipeline's fourth stage. ``render_pages`` knows nothing of MkDocs; ``generator.build``
hands its pages to MkDocs.
"""

from .audience import AUDIENCES, Audience, for_audience, strip_internal
from .pages import NAV, iter_pages, render_pages

__all__ = ["AUDIENCES", "NAV", "Audience", "for_audience", "iter_pages", "render_pages",
           "strip_internal"]
