"""delivery.json: what a delivery is, when it was extracted, and what it replaces.

Optional. Without it a delivery replaces rows by id (contract v1's meaning) and carries no
extraction time. With it:

    {"extracted_at": "2025-07-02T10:00:00Z",
     "replaces": "scope",
     "scope": [{"reporting_country": "FR", "period_from": "2025-Q1", "period_to": "2025-Q2",
                "tables": ["return_decisions", "returns"]}]}

- `extracted_at` (required): when the case system produced the extract. A delivery extracted
  before one already loaded for the same reporting country is refused unless forced, so an old
  extract can never silently overwrite a newer one.
- `replaces`: `rows` (default: a row replaces the stored row with its id) or `scope`: for each
  (reporting country, table) of the scope, the stored rows dated in the periods of the scope
  that this delivery does not contain are *retracted* — moved to `audit.retracted_rows` and
  no longer counted. That is how a deletion at source, or a case moved to another Member
  State, reaches the warehouse.

Any problem refuses the delivery (exit 2): a declaration is valid as a whole or not at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from returnstats import clock
from returnstats.ingest.contract import CODE_ALIASES, DECLARATION_FILE, EVENT_DATE_COLUMN, REPORTING_COUNTRIES
from returnstats.ingest.readers import StructuralError
from returnstats.periods import PeriodError, parse_quarter


@dataclass(frozen=True)
class ScopeEntry:
    reporting_country: str
    start: date
    end: date
    tables: tuple[str, ...]


@dataclass
class Declaration:
    extracted_at: datetime | None = None
    replaces: str = "rows"  # rows | scope
    scope: list[ScopeEntry] = field(default_factory=list)


def _refuse(problem: str) -> StructuralError:
    return StructuralError(f"{DECLARATION_FILE}: {problem}")


def read_declaration(path: Path | None) -> Declaration:
    if path is None:
        return Declaration()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise _refuse(f"not a readable JSON object ({str(e).splitlines()[0]})") from None
    if not isinstance(raw, dict):
        raise _refuse("must be a JSON object")
    unknown = sorted(set(raw) - {"extracted_at", "replaces", "scope"})
    if unknown:
        raise _refuse(f"unknown key(s) {', '.join(unknown)} (the keys are extracted_at, replaces, scope)")
    declaration = Declaration(extracted_at=_timestamp(raw.get("extracted_at")), replaces=raw.get("replaces", "rows"))
    if declaration.replaces not in ("rows", "scope"):
        raise _refuse("replaces must be \"rows\" or \"scope\"")
    if declaration.replaces == "scope":
        entries = raw.get("scope")
        if not isinstance(entries, list) or not entries:
            raise _refuse("replaces = scope needs a non-empty scope list")
        declaration.scope = [_scope_entry(e, i) for i, e in enumerate(entries, 1)]
    elif "scope" in raw:
        raise _refuse("a scope is given but replaces is not \"scope\"")
    return declaration


def _timestamp(value) -> datetime:
    if not isinstance(value, str):
        raise _refuse("extracted_at is required: the time the extract was produced, e.g. 2025-07-02T10:00:00Z")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _refuse(f"extracted_at {value!r} is not an ISO 8601 date-time") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if moment > clock.now():
        raise _refuse(f"extracted_at {value} is in the future")
    return moment


def _scope_entry(entry, position: int) -> ScopeEntry:
    where = f"scope entry {position}"
    if not isinstance(entry, dict):
        raise _refuse(f"{where} must be an object")
    geo = str(entry.get("reporting_country", "")).strip().upper()
    geo = CODE_ALIASES.get(geo, geo)
    if geo not in REPORTING_COUNTRIES:
        raise _refuse(f"{where}: reporting_country {entry.get('reporting_country')!r} is not a reporting country")
    try:
        first = parse_quarter(str(entry.get("period_from", "")))
        last = parse_quarter(str(entry.get("period_to") or entry.get("period_from", "")))
    except PeriodError as e:
        raise _refuse(f"{where}: {e}") from None
    if last.end < first.start:
        raise _refuse(f"{where}: period_to is before period_from")
    tables = entry.get("tables")
    if not isinstance(tables, list) or not tables or any(t not in EVENT_DATE_COLUMN for t in tables):
        raise _refuse(f"{where}: tables must list dated tables among {', '.join(EVENT_DATE_COLUMN)} "
                      "(persons have no period and are never retracted)")
    return ScopeEntry(geo, first.start, last.end, tuple(tables))
