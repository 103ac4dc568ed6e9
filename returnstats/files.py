"""Writing files and folders so that a reader, or a crash, never sees half of them.

- `write_atomically` (or `temporary_sibling` + `replace_file` when something else writes the
  temporary file, such as DuckDB's COPY): one file, written under a hidden temporary name,
  fsynced, renamed. Every file returnstats publishes is written this way.
- `staged_folder` / `publish_folder`: a whole output folder (an export, an assessment pack)
  is written into a hidden sibling and then exchanged with the target in one atomic
  `renameat2(RENAME_EXCHANGE)`; the old content is removed afterwards. A kill at any point
  leaves the target holding either the previous complete folder or the new complete one;
  leftovers of a killed run are hidden siblings, removed by the next run.
"""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temporary_sibling(target: Path) -> Path:
    """Where a file is written before it replaces `target`: hidden, and one per process."""
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def write_atomically(target: Path, payload: bytes | str) -> None:
    """Write a whole file so that a reader or a crash sees the old content or the new, never half."""
    tmp = temporary_sibling(target)
    tmp.write_bytes(payload.encode("utf-8") if isinstance(payload, str) else payload)
    replace_file(tmp, target)


def replace_file(tmp: Path, target: Path) -> None:
    """Rename a finished temporary file over its target: the data reach the disk before the
    rename, and the rename itself (the folder's entry) after it."""
    fsync_path(tmp)
    os.replace(tmp, target)
    fsync_path(target.parent)


def _leftovers(target: Path) -> list[Path]:
    return list(target.parent.glob(f".{target.name}.staging-*")) if target.parent.exists() else []


def staged_folder(target: Path) -> Path:
    """A new, empty hidden sibling of `target` to write into; leftovers of killed runs removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in _leftovers(target):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = target.with_name(f".{target.name}.staging-{os.getpid()}")
    staging.mkdir()
    return staging


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result != 0:
        err = ctypes.get_errno()
        if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not supported here
            return False
        raise OSError(err, os.strerror(err), str(b))
    return True


def publish_folder(staging: Path, target: Path) -> None:
    """Make `staging` the content of `target`: one atomic exchange, then the old content goes."""
    for path in staging.rglob("*"):
        if path.is_file():
            fsync_path(path)
    fsync_path(staging)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OSError(f"{target} exists and is not a folder")
    if not target.exists():
        os.rename(staging, target)
    elif not _exchange(staging, target):
        old = target.with_name(f".{target.name}.staging-old-{os.getpid()}")
        os.rename(target, old)  # not atomic: a kill here leaves the previous export in `old`
        os.rename(staging, target)
        staging = old
    fsync_path(target.parent)
    shutil.rmtree(staging, ignore_errors=True)  # after the exchange it holds the previous content
