"""`returnstats rekey`: rotate the pseudonymisation key in one transaction.

The national identifiers are not kept, so pseudonyms cannot be recomputed from them; the
new key is applied on top of the old pseudonyms (pseudonym' = HMAC(new key, pseudonym)) and
appended to the key file, which becomes a chain (oldest key first). Later deliveries are
pseudonymised through the whole chain, so they link to the stored persons; a leaked old key
alone matches nothing any more.

Order: the new chain is written beside the key file (`<key file>.rotating`), the warehouse
is re-pseudonymised and its fingerprint replaced in one transaction, then the new chain
is renamed over the key file (the old one is kept as `<key file>.previous`). A crash
between the commit and the rename leaves the `.rotating` file, which is the right key.
"""

from __future__ import annotations

import os
from pathlib import Path

from returnstats.ingest.pseudonym import (
    KeyChain,
    KeyProblem,
    check_key,
    hmac_sql,
    key_file,
    load_key,
    parse_chain,
    stored_fingerprint,
)
from returnstats.ingest.schema import migrate_to_person_keys
from returnstats.warehouse import connect_writer


def rekey(db: Path, new_key_path: Path, lock_timeout_s: float = 60.0) -> int:
    """Re-pseudonymise every stored person with a new key; returns the number of persons."""
    if os.environ.get("RETURNSTATS_KEY") is not None:
        raise KeyProblem("rekey rotates the key file: unset RETURNSTATS_KEY and point RETURNSTATS_KEY_FILE at the "
                         "warehouse's key file")
    if not db.exists():
        raise KeyProblem(f"no warehouse at {db}")
    chain = load_key()
    try:
        new = parse_chain(new_key_path.read_text(encoding="utf-8"), str(new_key_path))
    except (OSError, UnicodeDecodeError) as e:
        raise KeyProblem(f"cannot read the new key {new_key_path}: {e}") from None
    if len(new.keys) != 1 or new.keys[0] in chain.keys:
        raise KeyProblem(f"{new_key_path} must hold one new key, different from the current ones")
    rotated = KeyChain(chain.keys + new.keys, chain.source)
    path = key_file()
    staged = path.with_name(path.name + ".rotating")
    _write_private(staged, b"".join(k + b"\n" for k in rotated.keys))
    con = connect_writer(db, lock_timeout_s)
    try:
        check_key(con, chain)
        if stored_fingerprint(con) is None:
            raise KeyProblem("this warehouse has no key fingerprint yet (load a delivery first)")
        con.execute("begin transaction")
        migrate_to_person_keys(con)  # a warehouse of an earlier version gets its person dimension first
        persons = _repseudonymise(con, new)
        con.execute("update audit.key_fingerprint set fingerprint = ?, bound_at = current_timestamp",
                    [rotated.fingerprint])
        con.execute("commit")
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    finally:
        con.close()
    previous = path.with_name(path.name + ".previous")
    os.replace(path, previous)
    os.replace(staged, path)
    return persons


def _repseudonymise(con, new: KeyChain) -> int:
    step, params = hmac_sql(new, "person_id")
    # The pseudonym lives in the person dimension and in persons; every other table holds the key.
    for table in ("persons", "person_keys"):
        con.execute(f"update landing.{table} set person_id = {step}", params)
    record, params = hmac_sql(new, "record_id")
    value, value_params = hmac_sql(new, "offending_value")
    con.execute(f"update audit.quarantine set record_id = {record} where table_name = 'persons'", params)
    con.execute(f"update audit.quarantine set offending_value = {value} where column_name = 'person_id'",
                value_params)
    con.execute(f"update audit.superseded_rows set record_id = {record} where table_name = 'persons'", params)
    return con.execute("select count(*) from landing.persons").fetchone()[0]


def _write_private(path: Path, payload: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
