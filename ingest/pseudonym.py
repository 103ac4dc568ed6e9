"""Keyed pseudonymisation of person identifiers (HMAC-SHA-256), and the key's binding to a warehouse.

The warehouse never stores a national system's `person_id`: ingestion replaces it by
HMAC-SHA-256(key, person_id) in hex. The same key gives the same pseudonym, so
redeliveries and references across tables stay linked; without the key the national
identifier cannot be recovered or confirmed by guessing.

The key comes from `RETURNSTATS_KEY` or from a key file (`RETURNSTATS_KEY_FILE`, default
`~/.config/returnstats/pseudonym.key`, owner-only). A key is at least 32 bytes. After a
rotation (`returnstats rekey`) the key is a *chain*, one key per line, oldest first: the
pseudonym is HMAC(k_n, … HMAC(k_1, person_id)), so rows loaded before and after the
rotation stay linked, and a leaked old key alone no longer matches anything.

A warehouse stores a fingerprint of its key chain (a keyed hash, never the key) at its first
load; every writing command refuses a different or missing key, so a changed key can never
silently split every person in two.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import duckdb

from returnstats import environment

MIN_KEY_BYTES = 32
_BLOCK = 64  # SHA-256 block size in bytes
_FINGERPRINT_MESSAGE = b"returnstats key fingerprint v1"


class KeyProblem(Exception):
    """The key is missing, unreadable, too short, or not the warehouse's key (exit 2)."""


@dataclass(frozen=True)
class KeyChain:
    keys: tuple[bytes, ...]
    source: str  # where it came from, for messages (never the key itself)

    @property
    def fingerprint(self) -> str:
        """A keyed hash of the whole chain: equal chains give equal fingerprints; it reveals no key."""
        parts = [hmac.new(k, _FINGERPRINT_MESSAGE, hashlib.sha256).hexdigest() for k in self.keys]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def pseudonymise(self, value: str) -> str:
        """The pseudonym of one identifier, in Python (tests and single values)."""
        text = value
        for k in self.keys:
            text = hmac.new(k, text.encode("utf-8"), hashlib.sha256).hexdigest()
        return text


def key_file() -> Path:
    return Path(environment.KEY_FILE.value() or environment.default_key_file())


def parse_chain(text: str, source: str) -> KeyChain:
    keys = tuple(line.strip().encode("utf-8") for line in text.splitlines() if line.strip())
    if not keys:
        raise KeyProblem(f"the pseudonymisation key in {source} is empty")
    for k in keys:
        if len(k) < MIN_KEY_BYTES:
            raise KeyProblem(f"the pseudonymisation key in {source} is too short ({len(k)} bytes; at least "
                             f"{MIN_KEY_BYTES} are needed, e.g. 64 hexadecimal characters)")
    return KeyChain(keys, source)


def load_key(create_if_missing: bool = False) -> KeyChain:
    """The key chain. A missing key file is created (mode 0600) only when `create_if_missing`
    (a warehouse that holds no data yet); otherwise a missing key is refused."""
    env = os.environ.get(environment.KEY.name)  # set but empty is refused, not ignored
    if env is not None:
        return parse_chain(env, "RETURNSTATS_KEY")
    path = key_file()
    if not path.exists() and not path.is_symlink():
        if not create_if_missing:
            raise KeyProblem(f"no pseudonymisation key at {path} (nor RETURNSTATS_KEY), but the warehouse holds "
                             "data pseudonymised with a key: restore the key file or set RETURNSTATS_KEY")
        _create_key_file(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except IsADirectoryError:
        raise KeyProblem(f"the key file {path} is a directory") from None
    except UnicodeDecodeError:
        raise KeyProblem(f"the key file {path} is not UTF-8 text") from None
    except OSError as e:
        raise KeyProblem(f"cannot read the key file {path}: {e.strerror}") from None
    return parse_chain(text, str(path))


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as e:
        raise KeyProblem(f"cannot create the key file {path}: {e.strerror}") from None
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _pads(key: bytes) -> tuple[str, str]:
    """The inner and outer HMAC pads of a key, hex (RFC 2104)."""
    block_key = hashlib.sha256(key).digest() if len(key) > _BLOCK else key
    block_key = block_key.ljust(_BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in block_key).hex(), bytes(b ^ 0x5C for b in block_key).hex()


def hmac_sql(chain: KeyChain, column: str) -> tuple[str, dict[str, str]]:
    """A DuckDB expression computing the chained hex HMAC-SHA-256 of `column` for every row at
    once, and its parameters: the key material reaches SQL only as parameters, never as text
    (DuckDB error messages quote the SQL text)."""
    expr, params = column, {}
    for i, key in enumerate(chain.keys):
        inner, outer = _pads(key)
        params |= {f"hmac_inner_{i}": inner, f"hmac_outer_{i}": outer}
        expr = f"sha256(unhex($hmac_outer_{i}) || unhex(sha256(unhex($hmac_inner_{i}) || encode({expr}))))"
    return f"case when {column} is not null then {expr} end", params


# --- binding to a warehouse ----------------------------------------------------------

FINGERPRINT_DDL = "create table if not exists audit.key_fingerprint (fingerprint varchar, bound_at timestamp)"


def stored_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    exists = con.execute("select count(*) from information_schema.tables where table_schema = 'audit' "
                         "and table_name = 'key_fingerprint'").fetchone()[0]
    if not exists:
        return None
    row = con.execute("select fingerprint from audit.key_fingerprint").fetchone()
    return row[0] if row else None


def check_key(con: duckdb.DuckDBPyConnection, chain: KeyChain) -> None:
    """Refuse a key that is not the one the warehouse was built with."""
    stored = stored_fingerprint(con)
    if stored is not None and stored != chain.fingerprint:
        raise KeyProblem(f"the pseudonymisation key ({chain.source}) is not the key this warehouse was built with: "
                         "its persons would not match the stored ones. Use the warehouse's key, or rotate it "
                         "with `returnstats rekey`")


def bind_key(con: duckdb.DuckDBPyConnection, chain: KeyChain) -> None:
    """Record the key's fingerprint (inside the caller's transaction), once."""
    con.execute(FINGERPRINT_DDL)
    if stored_fingerprint(con) is None:
        con.execute("insert into audit.key_fingerprint values (?, current_timestamp)", [chain.fingerprint])


def warehouse_holds_data(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether any delivery was loaded (then a key must already exist, and is never created anew)."""
    exists = con.execute("select count(*) from information_schema.tables where table_schema = 'audit' "
                         "and table_name = 'deliveries'").fetchone()[0]
    return bool(exists and con.execute("select count(*) from audit.deliveries").fetchone()[0])
