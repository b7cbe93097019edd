"""Allow ``python -m sanclab``."""

import sys

from sanclab.cli import main

sys.exit(main())
