"""Limits: how big, deep and far-fetched a data file may be, all in one place.

A data repository is edited through pull requests, so its files may come from anyone. Every
limit below is far above what a real file needs, and each breach is one finding with a stable
code (never a traceback, a hang or megabytes of output):

===================  =================================  =====================================
limit                value                              code
===================  =================================  =====================================
file size            ``MAX_FILE_BYTES`` (2 MiB)          ``file-too-large`` (file not read)
nesting depth        ``MAX_DEPTH`` (50 levels)           ``too-deep``
items in a list or   ``MAX_ITEMS`` (10,000)              ``too-long``
mapping
string length        ``MAX_STRING`` (20,000 characters)  ``too-long``
numbers              finite (no overflow to infinity)    ``not-finite``
dates and months     ``MIN_DATE`` .. ``MAX_DATE``         ``date-range`` (schema format check)
same code, one file  ``MAX_SAME_FINDINGS`` (20) shown,    the 21st says how many more
                     then one summary finding
===================  =================================  =====================================

The loader stops building a value at the first breach (``LIMIT_CODES`` are fatal to the
file, like a syntax error), so the schema validator and every later recursive walk only ever
see data at most ``MAX_DEPTH`` deep. YAML's ``.inf`` and ``.nan`` are not numbers in the
strict loader (they stay text, which a number field refuses); a decimal that overflows, such
as ``1e400``, is ``not-finite``. ``-0`` is read as 0: it is the same amount, and refusing it
would only puzzle a clerk.
"""

from __future__ import annotations

import datetime as dt

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 50
MAX_ITEMS = 10_000
MAX_STRING = 20_000
MIN_DATE = dt.date(1990, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
MAX_SAME_FINDINGS = 20

# Findings after which the loader keeps no data of the file.
LIMIT_CODES = frozenset({"too-deep", "too-long", "not-finite"})


def in_date_range(day: dt.date) -> bool:
    return MIN_DATE <= day <= MAX_DATE


DATE_RANGE_TEXT = f"{MIN_DATE.isoformat()} 至 {MAX_DATE.isoformat()}"
