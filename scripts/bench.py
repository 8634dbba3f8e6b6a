#!/usr/bin/env python3
"""Entry point of scripts/bench.sh; the benchmark itself is the scripts/bench/ package (`--help` for what it does)."""

import sys

from bench.cli import main

if __name__ == "__main__":
    sys.exit(main())
