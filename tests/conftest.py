"""The suite tests the working tree, also where kg is installed from a copy of it.

CI installs with `pip install ".[test]"`, which copies kg into site-packages;
pyproject.toml's `pythonpath` puts the repository first for pytest itself, and
PYTHONPATH does the same for every command a test starts (`kg serve`,
`python -c ...`, the notebook's kernel), so no test runs the installed copy.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
