"""A throwaway PostgreSQL cluster in a temporary folder, on a free loopback port.

For the tests, the load benchmark and ``deploy/run-local.sh`` (never for production):
Debian's ``postgresql`` package gives ``initdb``/``pg_ctl`` in ``/usr/lib/postgresql/N/bin``;
no Docker, no system service. ``initdb`` refuses to run as root, so as root the cluster
runs as the ``postgres`` user (``runuser``) in a folder it owns.

    python -m storage.pgcluster start DIR   # prints the URL; the cluster keeps running
    python -m storage.pgcluster stop DIR
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

USER = "sim"


def pg_bindir() -> Path:
    """The newest ``/usr/lib/postgresql/N/bin`` with ``initdb`` (or ``$PG_BINDIR``)."""
    env = os.environ.get("PG_BINDIR")
    if env:
        return Path(env)
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if not found:
        raise FileNotFoundError(
            "PostgreSQL server binaries not found: install Debian's 'postgresql' package "
            "(bash scripts/setup.sh --test does it)"
        )
    return Path(found[-1]).parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _as_owner(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@dataclass
class Cluster:
    root: Path
    port: int

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{dbname}"

    def psql(self, sql: str, dbname: str = "postgres") -> str:
        out = subprocess.run(
            [
                str(pg_bindir() / "psql"),
                "-XAtq",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                sql,
                self.url(dbname),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        return out.stdout

    def create_database(self, name: str) -> str:
        """A new empty database (``name``: letters, digits, underscore); its URL."""
        if not name.replace("_", "").isalnum():
            raise ValueError(f"bad database name {name!r}")
        self._client("createdb", name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self._client("dropdb", "--force", "--if-exists", name)

    def _client(self, tool: str, *args: str) -> None:
        """Run the client program ``tool`` (createdb, dropdb) against this cluster."""
        subprocess.run(
            [str(pg_bindir() / tool), "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, *args],
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        r = subprocess.run(
            _as_owner(
                [str(pg_bindir() / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
            ),
            check=False,
            capture_output=True,
        )
        pid_file = self.data / "postmaster.pid"
        try:
            pid = int(pid_file.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return
        if r.returncode != 0 or _alive(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)  # the postmaster: its children exit with it


def start(root: Path | None = None, port: int | None = None) -> Cluster:
    """initdb (if ``root`` has no cluster yet) and start; returns when it takes connections."""
    bindir = pg_bindir()
    if root is None:
        root = Path(tempfile.mkdtemp(prefix="simulator-pg-"))
    root.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        root.chmod(0o700)
    port = port or free_port()
    cluster = Cluster(root, port)
    if not (cluster.data / "PG_VERSION").exists():
        subprocess.run(
            _as_owner(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(cluster.data),
                    "-A",
                    "trust",
                    "-U",
                    USER,
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
        )
    opts = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=on "
        "-c max_connections=200 -c shared_buffers=64MB"
    )
    subprocess.run(
        _as_owner(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(cluster.data),
                "-o",
                opts,
                "-l",
                str(root / "log"),
                "-w",
                "-t",
                "30",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ok = subprocess.run(
            [str(bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
            capture_output=True,
            check=False,
        )
        if ok.returncode == 0:
            return cluster
        time.sleep(0.1)
    raise TimeoutError(f"PostgreSQL did not start; see {root / 'log'}")


@contextlib.contextmanager
def running() -> Iterator[Cluster]:
    """A cluster for the duration of the ``with`` block; removed afterwards."""
    cluster = start()

    def cleanup() -> None:
        cluster.stop()
        shutil.rmtree(cluster.root, ignore_errors=True)

    atexit.register(cleanup)  # also when the block is never left (an interrupted test run)
    try:
        yield cluster
    finally:
        cleanup()
        atexit.unregister(cleanup)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("start", "stop"):
        print("usage: python -m storage.pgcluster start|stop DIR [PORT]", file=sys.stderr)
        return 2
    root = Path(argv[1]).resolve()
    if argv[0] == "start":
        cluster = start(root, int(argv[2]) if len(argv) > 2 else None)
        print(cluster.url())
        return 0
    pid = root / "data" / "postmaster.pid"
    if pid.exists():
        Cluster(root, 0).stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
