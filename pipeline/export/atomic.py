"""Atomic writes: a temporary file beside the target, then a rename.

A crash or a full disk leaves either the old file or the new one, never half of one.
The temporary file (``.<target>.<8 random>.tmp``) is locked (``flock``) by its writer
for as long as it is written, so a run sweeping what a killed run left behind
(:func:`abandoned`) never takes the file another run sharing the folder is writing.
It gets the mode an ordinary ``open`` would give (0644 under umask 022), not mkstemp's 0600.
"""
from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import ExportError

try:
    import fcntl
except ImportError:  # no flock (Windows): temporary files are swept by age only
    fcntl = None

TEMP = re.compile(r"^\.(?P<target>.+)\.[a-z0-9_]{8}\.tmp$")  # as mkstemp names them below
UNLOCKED_AGE = 24 * 3600  # where locks do not work, a temporary file this old is abandoned


def umask() -> int:
    """The process's umask, read without changing it where the system tells (Linux)."""
    try:
        with open("/proc/self/status", "rb") as f:
            for line in f:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and put back (a race only with another thread doing the same)
    os.umask(mask)
    return mask


def _locked_temp(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``, locked, with the umask's mode: (fd, name)."""
    mode = 0o666 & ~umask()
    for _ in range(5):
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            os.fchmod(fd, mode)
        except OSError:
            pass  # a file system without modes
        if fcntl is None:
            return fd, tmp
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            return fd, tmp  # no locks on this file system: go on without
        try:
            if os.stat(tmp).st_ino == os.fstat(fd).st_ino:
                return fd, tmp
        except FileNotFoundError:
            pass  # a sweep took it between mkstemp and the lock: make another
        os.close(fd)
    raise OSError("temporary files keep disappearing")


@contextmanager
def atomic_path(path: str | Path):
    """Yield a temporary path to write; it replaces ``path`` only if the block succeeds."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _locked_temp(path)
    except OSError as exc:
        raise ExportError(f"cannot write here ({exc.strerror or exc})", str(path)) from None
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise ExportError(f"cannot write ({exc.strerror or exc})", str(path)) from None
    finally:
        try:
            if os.path.exists(tmp):
                os.unlink(tmp)
        finally:
            os.close(fd)  # releases the lock


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding)
    return Path(path)


def abandoned(tmp: str | Path, targets=None) -> bool:
    """Remove the temporary file ``tmp`` if its writer is gone (nobody holds its lock); whether it did.

    Only names this module makes are considered, and with ``targets`` only those of one of
    these target names: a user's own ``.notes.tmp`` is left alone."""
    tmp = Path(tmp)
    m = TEMP.match(tmp.name)
    if not m or (targets is not None and m.group("target") not in targets):
        return False
    try:
        fd = os.open(tmp, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return False
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False  # a live writer
            except OSError:
                if time.time() - info.st_mtime < UNLOCKED_AGE:
                    return False
        elif time.time() - info.st_mtime < UNLOCKED_AGE:
            return False
        if os.stat(tmp, follow_symlinks=False).st_ino != info.st_ino:
            return False  # renamed into place, and a new one made under the same name meanwhile
        os.unlink(tmp)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
