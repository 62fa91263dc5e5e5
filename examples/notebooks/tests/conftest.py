"""Makes the helper beside the notebooks importable as ``forcesim``."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
