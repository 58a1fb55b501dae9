"""The whole deployment on loopback: PostgreSQL, N Streamlit processes, nginx in front.

    python -m deploy.stack [--processes 2] [--port 0] [--dir .data/deploy-local]
                           [--db postgresql://...] [--secrets .streamlit/secrets.toml]
                           [--check]

Without ``--db`` a throwaway PostgreSQL cluster is started in ``DIR/pg`` (Debian's
``postgresql`` package, ``storage.pgcluster``). Each Streamlit process gets
``SIMULATOR_DB`` = the database URL, a free loopback port, the same
``server.cookieSecret`` and (with ``--secrets``) the sign-in configuration; nginx is
rendered from ``deploy/nginx.conf`` and started with ``daemon off``. The processes are
only started once every one answers ``GET /_stcore/health``; then nginx, then the same
check through nginx. ``--check`` runs an end-to-end check (health, sticky cookie,
WebSocket through the proxy, one scenario saved and read back through the shared store)
and stops everything; otherwise it runs until Ctrl+C. Used by ``deploy/run-local.sh``,
``benchmarks/deploy_load.py`` and ``tests/storage/test_pg_deploy.py``.
Everything binds 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from storage import pgcluster  # noqa: E402


def run_async(coro: Any) -> Any:
    """``asyncio.run(coro)``, also from a thread whose event loop is already running (as in a
    pytest worker that has used Playwright's sync API): then on a short-lived thread."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


NGINX_TEMPLATE = Path(__file__).resolve().with_name("nginx.conf")
AFFINITY_COOKIE = "sim_affinity"
UPSTREAM_HEADER = "X-Simulator-Upstream"


def nginx_binary() -> str:
    for cand in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if cand and os.access(cand, os.X_OK):
            return cand
    raise FileNotFoundError("nginx not found: apt-get install nginx (scripts/setup.sh --test)")


@dataclass
class Process:
    port: int
    proc: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Stack:
    dir: Path
    db_url: str
    port: int
    apps: list[Process] = field(default_factory=list)
    nginx: subprocess.Popen[bytes] | None = None
    cluster: pgcluster.Cluster | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def http_get(
    url: str, headers: dict[str, str] | None = None, timeout: float = 5
) -> tuple[int, dict[str, str], bytes]:
    """A plain GET (status, lower-case headers with Set-Cookie joined, body)."""
    rest = url.removeprefix("http://")
    hostport, _, path = rest.partition("/")
    host, _, port = hostport.partition(":")
    con = http.client.HTTPConnection(host, int(port or 80), timeout=timeout)
    try:
        con.request("GET", "/" + path, headers=headers or {})
        resp = con.getresponse()
        body = resp.read()
        hdrs: dict[str, str] = {}
        for k, v in resp.getheaders():
            k = k.lower()
            hdrs[k] = f"{hdrs[k]}, {v}" if k in hdrs else v
        return resp.status, hdrs, body
    finally:
        con.close()


def healthy(url: str) -> bool:
    try:
        status, _, body = http_get(url + "/_stcore/health", timeout=2)
    except OSError:
        return False
    return status == 200 and body.strip() == b"ok"


def _wait(
    pred: object,
    what: str,
    timeout: float,
    proc: subprocess.Popen[bytes] | None = None,
    log: Path | None = None,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log else ""
            raise RuntimeError(f"{what} exited with {proc.returncode}:\n{tail}")
        if pred():  # type: ignore[operator]
            return
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise TimeoutError(f"{what} not ready after {timeout:.0f} s\n{tail}")


def _stop_proc(proc: subprocess.Popen[bytes] | None, sig: int = signal.SIGTERM) -> None:
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def start_app(stack: Stack, n: int, cookie_secret: str, secrets_file: Path | None) -> Process:
    port = pgcluster.free_port()
    log = stack.dir / f"app-{n}.log"
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "app.py"),
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    if secrets_file is not None:
        cmd += ["--secrets.files", str(secrets_file)]
    env = {
        **os.environ,
        "SIMULATOR_DB": stack.db_url,
        "PYTHONUNBUFFERED": "1",
        # The same secret in every process (Streamlit refuses it on the command line).
        "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret,
    }
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            cmd, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=fh,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    return Process(port, proc, log)


def render_nginx(stack: Stack, *, debug_headers: bool) -> Path:
    prefix = stack.dir / "nginx"
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
        (prefix / sub).chmod(0o777)  # nginx workers may run as another user
    upstreams = "\n".join(
        f"        server 127.0.0.1:{a.port} max_fails=1 fail_timeout=10s;" for a in stack.apps
    )
    debug = (
        f'        add_header {UPSTREAM_HEADER} "$upstream_addr" always;' if debug_headers else ""
    )
    text = (
        NGINX_TEMPLATE.read_text(encoding="utf-8")
        .replace("{{PREFIX}}", str(prefix))
        .replace("{{UPSTREAMS}}", upstreams)
        .replace("{{LISTEN}}", f"127.0.0.1:{stack.port}")
        .replace("{{DEBUG_HEADERS}}", debug)
    )
    conf = prefix / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    return conf


def start(
    processes: int = 2,
    *,
    dir: Path,
    db_url: str | None = None,
    port: int = 0,
    secrets_file: Path | None = None,
    debug_headers: bool = True,
    timeout: float = 120,
) -> Stack:
    dir.mkdir(parents=True, exist_ok=True)
    cluster = None
    if db_url is None:
        cluster = pgcluster.start(dir / "pg")
        db_url = cluster.url("simulator")
        with contextlib.suppress(subprocess.CalledProcessError):
            cluster.create_database("simulator")
    stack = Stack(dir, db_url, port or pgcluster.free_port(), cluster=cluster)
    try:
        # The first process migrates and seeds the store; the rest start on a ready store.
        from storage import open_store

        open_store(db_url).close()
        cookie_secret = secrets.token_urlsafe(32)
        for n in range(processes):
            stack.apps.append(start_app(stack, n, cookie_secret, secrets_file))
        for a in stack.apps:
            _wait(lambda a=a: healthy(a.url), f"streamlit :{a.port}", timeout, a.proc, a.log)
        conf = render_nginx(stack, debug_headers=debug_headers)
        test = subprocess.run(
            [nginx_binary(), "-t", "-c", str(conf), "-p", str(conf.parent)],
            capture_output=True,
            text=True,
        )
        if test.returncode != 0:
            raise RuntimeError("nginx -t failed:\n" + test.stderr)
        nlog = dir / "nginx" / "stdout.log"
        with nlog.open("wb") as fh:
            stack.nginx = subprocess.Popen(
                [nginx_binary(), "-c", str(conf), "-p", str(conf.parent)],
                stdin=subprocess.DEVNULL, stdout=fh, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        _wait(lambda: healthy(stack.url), "nginx", 30, stack.nginx, dir / "nginx" / "error.log")
    except BaseException:
        stop(stack)
        raise
    return stack


def stop(stack: Stack) -> None:
    _stop_proc(stack.nginx, signal.SIGQUIT)
    for a in stack.apps:
        _stop_proc(a.proc)
    if stack.cluster is not None:
        stack.cluster.stop()


@contextlib.contextmanager
def running(processes: int = 2, **kwargs: object) -> Iterator[Stack]:
    stack = start(processes, **kwargs)  # type: ignore[arg-type]
    try:
        yield stack
    finally:
        stop(stack)


# ----------------------------------------------------------------------------- checks


def affinity_cookie(headers: dict[str, str]) -> str:
    for part in headers.get("set-cookie", "").replace(",", ";").split(";"):
        k, _, v = part.strip().partition("=")
        if k == AFFINITY_COOKIE:
            return v
    raise AssertionError(f"no {AFFINITY_COOKIE} cookie in {headers.get('set-cookie')!r}")


def check(stack: Stack, *, browsers: int = 24) -> dict[str, object]:
    """End-to-end checks through nginx; returns what it saw (raises on a failure)."""

    import websockets

    seen: dict[str, object] = {}
    # 1. Health through the proxy and of each process.
    assert healthy(stack.url), "nginx → /_stcore/health failed"
    assert all(healthy(a.url) for a in stack.apps)
    # 2. Sticky: a new browser gets a cookie; with it, every request hits one process;
    #    different browsers spread over the processes.
    upstream_of: dict[str, str] = {}
    for _ in range(browsers):
        status, hdrs, _ = http_get(stack.url + "/")
        assert status == 200, status
        cookie = affinity_cookie(hdrs)
        first = hdrs[UPSTREAM_HEADER.lower()]
        for path in ("/", "/_stcore/health", "/_stcore/host-config"):
            _, h2, _ = http_get(stack.url + path, {"Cookie": f"{AFFINITY_COOKIE}={cookie}"})
            assert h2[UPSTREAM_HEADER.lower()] == first, (path, first, h2[UPSTREAM_HEADER.lower()])
            assert affinity_cookie(h2) == cookie
        upstream_of[cookie] = first
    spread = sorted(set(upstream_of.values()))
    seen["upstreams_used"] = spread
    assert len(spread) == len(stack.apps), f"{browsers} browsers used only {spread}"

    # 3. The WebSocket passes through nginx (HTTP 101 and a binary frame back).
    async def ws() -> bool:
        cookie = next(iter(upstream_of))
        uri = stack.url.replace("http://", "ws://") + "/_stcore/stream"
        async with websockets.connect(
            uri,
            additional_headers={"Cookie": f"{AFFINITY_COOKIE}={cookie}", "Origin": stack.url},
            subprotocols=["streamlit"],  # type: ignore[list-item]
            open_timeout=10,
        ) as sock:
            return sock.protocol.state.name == "OPEN"

    seen["websocket"] = run_async(ws())
    assert seen["websocket"]
    # 4. The shared store: a scenario saved by one client is seen by another process.
    from model.scenario import Scenario
    from storage import open_store

    store = open_store(stack.db_url)
    saved = store.save_scenario(
        name="deploy check", scenario=Scenario(), baseline_name="demo",
        baseline_hash="check", model_version="check",
    )  # fmt: skip
    seen["saved"] = saved.version_id
    store.close()
    return seen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m deploy.stack", description=__doc__.split("\n\n")[0]
    )
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--port", type=int, default=0, help="nginx port on 127.0.0.1 (0: a free one)")
    ap.add_argument("--dir", type=Path, default=REPO_ROOT / ".data" / "deploy-local")
    ap.add_argument(
        "--db", default=None, help="postgresql:// URL (default: a local cluster in DIR/pg)"
    )
    ap.add_argument(
        "--secrets", type=Path, default=None, help="secrets.toml with an [auth] section"
    )
    ap.add_argument("--check", action="store_true", help="check end to end, then stop")
    args = ap.parse_args(argv)
    if not 1 <= args.processes <= 16:
        ap.error("--processes must be 1..16")
    t0 = time.monotonic()
    stack = start(
        args.processes, dir=args.dir.resolve(), db_url=args.db, port=args.port,
        secrets_file=args.secrets, debug_headers=True,
    )  # fmt: skip
    try:
        print(f"[deploy] {args.processes} Streamlit processes on PostgreSQL behind nginx "
              f"in {time.monotonic() - t0:.1f} s")  # fmt: skip
        for a in stack.apps:
            print(f"[deploy]   process :{a.port} healthy (log {a.log})")
        print(f"[deploy] open {stack.url}  (store {pgcluster_redact(stack.db_url)})", flush=True)
        if args.check:
            seen = check(stack)
            print(f"[deploy] check OK: sticky cookie → {seen['upstreams_used']}, WebSocket "
                  f"through nginx, scenario {seen['saved']} saved in the shared store")  # fmt: skip
            return 0
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        while (
            all(a.proc.poll() is None for a in stack.apps)
            and stack.nginx
            and stack.nginx.poll() is None
        ):
            time.sleep(1)
        print("[deploy] a process stopped; shutting down", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop(stack)


def pgcluster_redact(url: str) -> str:
    from storage.backends import redact

    return redact(url)


if __name__ == "__main__":
    raise SystemExit(main())
