"""The helper process of ``lanes.HelperLane``: ``python -m generator.history.lane``."""

import sys

from .lanes import serve

if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
