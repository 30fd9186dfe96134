"""The weather core (a subpackage the top-level isolation test does not glob) and the
`sinmun weather` command never load Textual."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_weather_modules_load_no_textual() -> None:
    weather = sorted(
        f"reader.core.weather.{p.stem}" for p in (ROOT / "reader/core/weather").glob("*.py")
    )
    modules = [*weather, "reader.core.regions", "reader.core.kma_grid", "reader.weather_command"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
    assert len(weather) >= 6
