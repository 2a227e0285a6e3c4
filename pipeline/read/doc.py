"""Legacy Word (.doc, .wps): converted to .docx by LibreOffice headless, then read as .docx.

LibreOffice is a system package (Debian: ``libreoffice-writer-nogui``); without
it a .doc gets a clear error saying so.  The conversion runs in a private
temporary folder with its own LibreOffice profile, removed afterwards, so
reading writes nowhere else.

A reader never touches the network, and a .doc can make LibreOffice fetch a URL
(a linked picture, ``INCLUDEPICTURE "http://…"``, sent OPTIONS, HEAD and GET).  So:

* LibreOffice runs where no network is reachable: in a network namespace of its
  own (``unshare --net``, with ``--map-root-user`` where an unprivileged user may
  make one), when this machine allows it;
* its fresh profile blocks what it can: linked content from untrusted documents
  (``BlockUntrustedRefererLinks``), macros, and every HTTP, HTTPS and FTP request
  through a proxy that does not exist (in LibreOffice 7.4 only this stops the
  linked picture); where no namespace can be made this is the only guard;
* it runs in a session of its own, and its whole process group is killed when
  the conversion ends or runs out of time, so no ``soffice.bin`` outlives it; and
  should this process itself be killed (the batch kills a worker at its deadline),
  LibreOffice dies with it: ``setpriv --pdeathsig KILL`` before ``unshare``, and
  ``unshare --pid --fork --kill-child`` after, so the kernel ends all it started.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from ..errors import MissingDependencyError, ReadError, UnsupportedFormatError
from ..limits import Limits
from ..model import Format
from .document import sha256

CONVERT_SECONDS = 120
WORD_STREAM = "WordDocument".encode("utf-16-le")  # the stream every Word (and WPS-saved) .doc holds

_SCRIPTING = "/org.openoffice.Office.Common/Security/Scripting"
_INET = "/org.openoffice.Inet/Settings"
_DEAD_PROXY = ("127.0.0.1", 9)  # the discard port: nothing answers a request sent there


def _item(path: str, prop: str, value) -> str:
    return f'<item oor:path="{path}"><prop oor:name="{prop}" oor:op="fuse"><value>{value}</value></prop></item>\n'


PROFILE_SETTINGS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
    + _item(_SCRIPTING, "BlockUntrustedRefererLinks", "true")
    + _item(_SCRIPTING, "MacroSecurityLevel", 3)
    + _item(_SCRIPTING, "DisableMacrosExecution", "true")
    + _item(_INET, "ooInetProxyType", 1)  # a manual proxy, for every host
    + _item(_INET, "ooInetNoProxy", "")
    + "".join(_item(_INET, f"ooInet{kind}ProxyName", _DEAD_PROXY[0]) + _item(_INET, f"ooInet{kind}ProxyPort", _DEAD_PROXY[1])
              for kind in ("HTTP", "HTTPS", "FTP"))
    + "</oor:items>\n")

_NO_NETWORK: list[str] | None = None  # the command prefix that cuts the network, once found ([] for none)
_DIES_WITH_US: list[str] | None = None  # the command prefix that kills LibreOffice when this process dies


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _works(prefix: list[str]) -> bool:
    true = shutil.which("true")
    if true is None:
        return False
    try:
        done = subprocess.run(prefix + [true], stdin=subprocess.DEVNULL, capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def no_network_prefix() -> list[str]:
    """``unshare`` arguments that run a command with no network, or [] where this machine
    allows no network namespace (tried once per process).  With a PID namespace too where
    one can be made: LibreOffice is then its first process, and when it dies (``--kill-child``:
    when ``unshare`` dies) the kernel ends every process it started."""
    global _NO_NETWORK
    if _NO_NETWORK is None:
        _NO_NETWORK = []
        unshare = shutil.which("unshare")
        for flags in (["--net", "--map-root-user", "--pid", "--fork", "--kill-child"],
                      ["--net", "--pid", "--fork", "--kill-child"], ["--net", "--map-root-user"], ["--net"]):
            if unshare and _works([unshare] + flags):
                _NO_NETWORK = [unshare] + flags
                break
    return _NO_NETWORK


def dies_with_us_prefix() -> list[str]:
    """``setpriv --pdeathsig KILL``, where it works: the batch kills a worker past its deadline
    with SIGKILL, and what the worker started must not run on (an orphan ``soffice.bin`` at
    100 % CPU for minutes); [] where there is no such tool."""
    global _DIES_WITH_US
    if _DIES_WITH_US is None:
        setpriv = shutil.which("setpriv")
        prefix = [setpriv, "--pdeathsig", "KILL", "--"] if setpriv else []
        _DIES_WITH_US = prefix if prefix and _works(prefix) else []
    return _DIES_WITH_US


def read(path: Path, data: bytes, limits: Limits):
    """Convert a legacy Word file to .docx with LibreOffice and read that."""
    if WORD_STREAM not in data[:1_000_000] and WORD_STREAM not in data[-1_000_000:]:
        # an OLE container (also Excel, PowerPoint, MSI …) without a Word stream: no use converting it
        raise UnsupportedFormatError("an OLE file that is not a Word document", str(path))
    office = _office()
    if office is None:
        raise MissingDependencyError("a legacy Word file needs LibreOffice to convert it "
                                     "(apt-get install libreoffice-writer-nogui)", str(path))
    with tempfile.TemporaryDirectory(prefix="policy-pipeline-") as tmp:
        tmp = Path(tmp)
        source = tmp / ("input" + (path.suffix.lower() if path.suffix.lower() in (".doc", ".wps") else ".doc"))
        source.write_bytes(data)
        profile = tmp / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(PROFILE_SETTINGS, encoding="utf-8")
        (tmp / "home").mkdir()
        (tmp / "tmp").mkdir()
        command = dies_with_us_prefix() + no_network_prefix() + [
            office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nologo",
            "--nodefault", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML",
            "--outdir", str(tmp / "out"), str(source)]
        # its home and temporary files stay in the folder that is removed afterwards
        env = dict(os.environ, HOME=str(tmp / "home"), TMPDIR=str(tmp / "tmp"), TMP=str(tmp / "tmp"),
                   TEMP=str(tmp / "tmp"))
        if not run_in_own_group(command, CONVERT_SECONDS, env=env, cwd=str(tmp)):
            raise ReadError(f"LibreOffice did not convert the file within {CONVERT_SECONDS} s", str(path))
        converted = tmp / "out" / "input.docx"
        if not converted.exists():
            raise ReadError("LibreOffice could not convert the file (damaged or not a Word document)", str(path))
        from .docx import read as read_docx

        doc = read_docx(path, converted.read_bytes(), limits)
    # the record names the file as given and its own bytes
    return replace(doc, format=Format.DOC, sha256=sha256(data))


def run_in_own_group(command: list[str], seconds: float, **popen) -> bool:
    """Run ``command`` in a new session; whether it ended within ``seconds``.  Its whole process
    group is killed afterwards in every case (done, timed out, or this process interrupted by
    the batch's deadline), so nothing it started keeps running."""
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True, **popen)
    try:
        return _wait(proc, seconds)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the leader is not reaped yet: its group id is still its own
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()


def _wait(proc: subprocess.Popen, seconds: float) -> bool:
    """Wait for ``proc`` to end without reaping it (so its process group id cannot be reused
    before the group is killed); whether it ended in time."""
    if not hasattr(os, "waitid"):
        try:
            proc.wait(timeout=seconds)
            return True
        except subprocess.TimeoutExpired:
            return False
    deadline = time.monotonic() + seconds
    pause = 0.01
    while True:
        if os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(min(pause, max(deadline - time.monotonic(), 0)))
        pause = min(pause * 2, 0.1)
