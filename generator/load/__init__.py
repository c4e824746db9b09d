"""Load: strict YAML into plain data that can tell where every value came from.

The clerks' YAML is read with a deliberately small subset of the language:
UTF-8 only, one document, no anchors, aliases, merge keys, tags or directives,
no duplicate keys. Scalars resolve like JSON (``true``/``false``/``null`` and
decimal numbers); everything else stays a string, so ``2026-03-20`` is a string
the schema checks as a date and YAML 1.1 words such as ``yes`` or ``no`` never
turn into booleans.

Positions (the line and column of every mapping value, sequence item and mapping key) serve
error messages only, so a loaded document does not keep them: it keeps its source, and the
first message about it parses that source again, this time noting every position. A file
without findings never pays for its positions (at 4,000 projects they would take ~700 MB).
"""

from __future__ import annotations

from ..limits import MAX_FILE_BYTES as MAX_FILE_BYTES  # re-exported: the history reads blobs
from .document import KEEP_POSITIONS, Document, display_path, parse
from .events import KeyPath, format_key_path
from .files import load_file, read_data_file, symlink_finding
from .reader import FATAL, LoadError, decode
from .scalars import resolve_plain, within_limits

__all__ = ["FATAL", "KEEP_POSITIONS", "MAX_FILE_BYTES", "Document", "KeyPath", "LoadError", "decode",
           "display_path", "format_key_path", "load_file", "parse", "read_data_file", "resolve_plain",
           "symlink_finding", "within_limits"]
