"""PDF/A-2b from .docx through one long-lived LibreOffice (unoserver), started on demand and reused.

LibreOffice's ``uno`` module belongs to the system Python (Debian's python3-uno), not to the project's venv, so
the converter *server* runs under ``SANXIANG_DOCUMENT_UNO_PYTHON`` (/usr/bin/python3) with the venv's
unoserver package appended to its path; the *client* here speaks XML-RPC on loopback and needs no ``uno``.
That is unoserver's standard set-up. ``sanxiang documents converter`` runs the server in the foreground (for a
service manager); :func:`to_pdfa` starts one in the background when none answers, guarded by a file lock so
that several processes start only one, and reuses it afterwards.

PDF/A-2b: LibreOffice's ``writer_pdf_Export`` with FilterData ``SelectPdfVersion=2`` (1 = PDF/A-1b,
2 = PDF/A-2b, 3 = PDF/A-3b); the equivalent one-shot command line is
``soffice --headless --convert-to 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'``.
"""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import socket
import subprocess
import time
import xmlrpc.client
from pathlib import Path

from sanxiang.documents import conf

logger = logging.getLogger(__name__)
HOST = "127.0.0.1"
START_TIMEOUT = 90.0
STOP_TIMEOUT = 5.0  # seconds a stopping converter gets before it is killed
PDF_FILTER_OPTIONS = ["SelectPdfVersion=2"]


class ConverterUnavailable(RuntimeError):
    """LibreOffice or its Python bridge is missing, or the converter did not start."""


def available() -> bool:
    """Can this machine convert (LibreOffice and the system Python's ``uno`` installed)?"""
    if conf.soffice() is None or not Path(conf.uno_python()).exists():
        return False
    probe = subprocess.run([conf.uno_python(), "-c", "import uno"], capture_output=True, check=False)
    return probe.returncode == 0


def _unoserver_path() -> str:
    import unoserver

    return str(Path(unoserver.__file__).resolve().parent.parent)


def server_command(*, port: int | None = None, uno_port: int | None = None) -> list[str]:
    """The command that runs the converter server (unoserver under the system Python)."""
    soffice = conf.soffice()
    if soffice is None:
        raise ConverterUnavailable("找不到 LibreOffice（soffice）：请安装 libreoffice-writer-nogui。")
    profile = conf.work_dir() / "libreoffice-profile"
    bootstrap = (
        "import sys; sys.path.append(sys.argv.pop(1)); "
        "from unoserver.server import main; sys.argv[0] = 'unoserver'; sys.exit(main())"
    )
    return [
        conf.uno_python(), "-c", bootstrap, _unoserver_path(),
        "--interface", HOST, "--uno-interface", HOST,
        "--port", str(port or conf.converter_port()), "--uno-port", str(uno_port or conf.uno_port()),
        "--executable", soffice, "--user-installation", str(profile), "--conversion-timeout", "120",
    ]  # fmt: skip


def _proxy(port: int) -> xmlrpc.client.ServerProxy:
    return xmlrpc.client.ServerProxy(f"http://{HOST}:{port}", allow_none=True)


def is_running(port: int | None = None) -> bool:
    port = port or conf.converter_port()
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            pass
        with _proxy(port) as proxy:
            proxy.info()
        return True
    except (OSError, xmlrpc.client.Error):
        return False


def ensure_running(port: int | None = None, timeout: float = START_TIMEOUT) -> None:
    """Start the converter in the background unless one answers on the port; wait until it does."""
    port = port or conf.converter_port()
    if is_running(port):
        return
    if not available():
        raise ConverterUnavailable(
            "无法生成 PDF：缺少 LibreOffice 或其 Python 桥接（请安装 libreoffice-writer-nogui、python3-uno）。"
        )
    work = conf.work_dir()
    with open(work / "converter.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one starter at a time; the others find it running
        if is_running(port):
            return
        log = open(work / "converter.log", "ab")  # noqa: SIM115 - handed to the child process
        process = subprocess.Popen(
            server_command(port=port),
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True, close_fds=True,
        )  # fmt: skip
        log.close()
        _pid_file(port).write_text(str(process.pid))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if is_running(port):
                logger.info("document converter started on %s:%s", HOST, port)
                return
            time.sleep(0.5)
    raise ConverterUnavailable(f"PDF 转换服务未能在 {timeout:.0f} 秒内启动，见 {work / 'converter.log'}。")


def _pid_file(port: int) -> Path:
    return conf.work_dir() / f"converter-{port}.pid"


def stop(port: int | None = None) -> bool:
    """Stop a converter that :func:`ensure_running` started (its process group: unoserver and LibreOffice)."""
    path = _pid_file(port or conf.converter_port())
    try:
        pid = int(path.read_text())
    except (OSError, ValueError):
        return False
    path.unlink(missing_ok=True)
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    # unoserver does not always exit on SIGTERM (it waits for a LibreOffice that is already gone): give it a
    # few seconds, then kill the whole group, so that nothing is left holding the port.
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    return True


def to_pdfa(docx: bytes, *, port: int | None = None) -> bytes:
    """The PDF/A-2b rendering of a .docx, by the running converter (started when needed)."""
    port = port or conf.converter_port()
    ensure_running(port)
    with _proxy(port) as proxy:
        try:
            result = proxy.convert(
                None, xmlrpc.client.Binary(docx), None, "pdf", None, PDF_FILTER_OPTIONS, False, None, None
            )
        except (OSError, xmlrpc.client.Error) as exc:
            raise ConverterUnavailable(f"PDF 转换失败：{exc}") from exc
    return result.data if isinstance(result, xmlrpc.client.Binary) else bytes(result)


def run_foreground(port: int | None = None) -> int:
    """``sanxiang documents converter``: run the server until stopped (SIGTERM/SIGINT stop LibreOffice too)."""
    command = server_command(port=port)
    os.execv(command[0], command)
    return 0  # pragma: no cover - execv does not return
