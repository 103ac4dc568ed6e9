"""No behaviour change (issue 17): every transmission file of the small demo — each quarter's
flows and the 2024 annual flows with ART25A_A — is byte for byte what the code of 2026-11-24
(commit bd73a45, before the marts became incremental and the populations views) wrote.
tests/data/small_demo_export_hashes.json holds their SHA-256. A change that moves a figure, a
code, a column, a quote or a line ending fails here; one that means to must say so by
updating the stored hashes in the same commit."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from tests.conftest import run_cli

STORED = Path(__file__).resolve().parent.parent / "data" / "small_demo_export_hashes.json"


def _digest(path: Path) -> str:
    content = path.read_bytes()
    if path.suffix == ".xml":  # the SDMX header's preparation time is the only moving part
        content = re.sub(rb"<mes:Prepared>[^<]*</mes:Prepared>", b"", content)
    return hashlib.sha256(content).hexdigest()


def export_hashes(db: Path, out: Path) -> dict[str, str]:
    for args in (["--all-quarters", "--out", str(out)], ["--year", "2024", "--out", str(out / "2024")]):
        result = run_cli("export", *args, "--db", str(db))
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    return {path.relative_to(out).as_posix(): _digest(path)
            for path in sorted(out.rglob("*")) if path.is_file() and path.name != "manifest.json"}


def test_every_transmission_file_of_the_small_demo_is_unchanged(small_demo, tmp_path):
    stored = json.loads(STORED.read_text())
    written = export_hashes(small_demo, tmp_path / "exports")
    assert sorted(written) == sorted(stored)
    changed = [name for name in stored if written[name] != stored[name]]
    assert not changed, f"{len(changed)} transmission file(s) changed, e.g. {changed[:5]}"
