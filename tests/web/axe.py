"""axe-core (the WCAG audit engine, from the npm registry) for the browser tests, kept outside the repo.

Found at ``$CABLEBASE_AXE_JS``, or in the cache (``$XDG_CACHE_HOME/cablebase/axe-core``, where ``.ci/run``
installs it); failing both, installed there with npm. None when it cannot be had (no npm, no network).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

VERSION = "4"  # major version of axe-core the audit expects
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "cablebase" / "axe-core"
SCRIPT = CACHE / "node_modules" / "axe-core" / "axe.min.js"


def axe_script() -> tuple[Path | None, str]:
    """The path of ``axe.min.js`` and, when there is none, why."""
    given = os.environ.get("CABLEBASE_AXE_JS")
    if given:
        return (Path(given), "") if Path(given).is_file() else (None, f"CABLEBASE_AXE_JS={given} is not a file")
    if SCRIPT.is_file():
        return SCRIPT, ""
    npm = shutil.which("npm")
    if not npm:
        return None, "no axe-core and no npm to install it (.ci/run installs it into " + str(CACHE) + ")"
    CACHE.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(CACHE),
                        f"axe-core@{VERSION}"], check=True, capture_output=True, timeout=300)
    except (subprocess.SubprocessError, OSError) as exc:
        return None, f"npm could not install axe-core into {CACHE}: {exc}"
    return (SCRIPT, "") if SCRIPT.is_file() else (None, f"npm installed no {SCRIPT}")


def violations(page, url: str, axe: str) -> list[str]:  # type: ignore[no-untyped-def]
    """WCAG 2 A and AA violations (link-in-text-block among them) of the page at ``url``, its folded
    sections opened first: one line each, empty when there is none."""
    page.goto(url)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.add_script_tag(content=axe)
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, rules: {'link-in-text-block': {enabled: true}}})""")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})" for v in result["violations"]]
