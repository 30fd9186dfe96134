"""The core must not know about the screen: importing it may never load Textual."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# In a fresh interpreter: every module under reader.core, subpackages included (found by
# walking the package, so a new module or subpackage is covered without touching this test).
CHILD = """
import importlib, json, pkgutil, sys
import reader.core

names = ["reader.core"] + sorted(
    m.name for m in pkgutil.walk_packages(reader.core.__path__, "reader.core.")
)
for name in names:
    importlib.import_module(name)
bad = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(json.dumps({"imported": names, "textual": bad}))
"""


def test_importing_every_core_module_loads_no_textual():
    out = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout)
    assert result["textual"] == []
    # The walk reached every module on disk, subpackages included, not just the top level.
    core = ROOT / "reader" / "core"
    on_disk = set()
    for path in core.rglob("*.py"):
        dotted = ".".join(("reader", "core", *path.relative_to(core).with_suffix("").parts))
        on_disk.add(dotted.removesuffix(".__init__"))
    assert on_disk <= set(result["imported"]), sorted(on_disk - set(result["imported"]))
    assert {"reader.core.extract.pipeline", "reader.core.weather.service"} <= on_disk
