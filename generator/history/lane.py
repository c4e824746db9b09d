"""The helper process of ``lanes.HelperLane``: ``python -m generator.history.lane``."""

import os
import sys

from .lanes import serve

if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
    # The reply is flushed and the cat-file process waited for: exit at once rather than
    # free every object of the read one by one (a quarter of a second the reading process
    # would spend waiting).
    os._exit(0)
