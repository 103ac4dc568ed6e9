"""Keyed pseudonymisation of person identifiers (HMAC-SHA-256).

The warehouse never stores a national system's `person_id`: ingestion replaces it by
HMAC-SHA-256(key, person_id) in hex. The same key gives the same pseudonym, so
redeliveries and references across tables stay linked; without the key the national
identifier cannot be recovered or confirmed by guessing.

The key comes from `RETURNSTATS_KEY` (hex or any text) or from a key file
(`RETURNSTATS_KEY_FILE`, default `~/.config/returnstats/pseudonym.key`) created with
owner-only permissions on first use.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

_BLOCK = 64  # SHA-256 block size in bytes


def default_key_file() -> Path:
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "returnstats" / "pseudonym.key"


def load_key() -> bytes:
    """The pseudonymisation key; creates the key file (mode 0600) when none exists yet."""
    env = os.environ.get("RETURNSTATS_KEY")
    if env:
        return env.encode("utf-8")
    path = Path(os.environ.get("RETURNSTATS_KEY_FILE") or default_key_file())
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    return path.read_text(encoding="utf-8").strip().encode("utf-8")


def hmac_sql(key: bytes, column: str) -> str:
    """A DuckDB expression computing hex(HMAC-SHA-256(key, column)) for every row at once.

    HMAC(K, m) = H((K' xor opad) || H((K' xor ipad) || m)), with K' the key hashed when
    longer than a block and zero-padded to the block size (RFC 2104).
    """
    import hashlib

    block_key = hashlib.sha256(key).digest() if len(key) > _BLOCK else key
    block_key = block_key.ljust(_BLOCK, b"\0")
    inner = bytes(b ^ 0x36 for b in block_key).hex()
    outer = bytes(b ^ 0x5C for b in block_key).hex()
    return (
        f"case when {column} is not null then "
        f"sha256(unhex('{outer}') || unhex(sha256(unhex('{inner}') || encode({column})))) end"
    )
