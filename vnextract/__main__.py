"""``python -m vnextract FILE [--format json|text]``: the same as ``chidao extract``."""

import sys

from .cli import main

sys.exit(main())
