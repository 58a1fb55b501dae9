"""The deployment recipe, run for real on loopback: a PostgreSQL cluster, two Streamlit
processes of the app on it, nginx in front (``deploy/nginx.conf`` rendered by
``deploy.stack``), then: health, cookie-sticky sessions, the WebSocket through the proxy,
browser sessions moving a slider and saving through nginx with nothing lost (a short smoke
run of ``benchmarks.deploy_load``), and a process killed with its sessions moving to the
other one. Nothing is mocked."""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import deploy_load
from deploy import stack as deploy_stack
from storage import open_store


@pytest.fixture(scope="module")
def stack() -> Iterator[deploy_stack.Stack]:
    tmp = Path(tempfile.mkdtemp(prefix="deploy-test-"))
    tmp.chmod(0o755)  # the cluster runs as the postgres user inside it
    try:
        with deploy_stack.running(2, dir=tmp) as st:
            yield st
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_rendered_config_is_valid_and_sticky_by_cookie(stack: deploy_stack.Stack) -> None:
    conf = (stack.dir / "nginx" / "nginx.conf").read_text()
    assert "hash $sim_affinity consistent;" in conf
    assert "ip_hash" not in conf and "$remote_addr consistent" not in conf
    assert conf.count("server 127.0.0.1:") == 2
    assert not re.search(r"{{[A-Z_]+}}", conf)  # every placeholder filled


def test_health_sticky_websocket_and_shared_store(stack: deploy_stack.Stack) -> None:
    seen = deploy_stack.check(stack, browsers=16)
    assert seen["upstreams_used"] == sorted(f"127.0.0.1:{a.port}" for a in stack.apps)
    assert seen["websocket"] is True
    # Saved through one client, visible in the shared store the processes use.
    with open_store(stack.db_url) as store:
        assert store.dialect == "postgres"
        assert store.load_version(str(seen["saved"])).name == "deploy check"


def test_the_same_cookie_from_many_addresses_stays_on_one_process(
    stack: deploy_stack.Stack,
) -> None:
    # A workshop room behind one NAT address: what matters is the cookie, not the IP.
    status, headers, _ = deploy_stack.http_get(stack.url + "/")
    cookie = deploy_stack.affinity_cookie(headers)
    first = headers["x-simulator-upstream"]
    for i in range(10):
        _, h, _ = deploy_stack.http_get(
            stack.url + "/",
            {"Cookie": f"sim_affinity={cookie}", "X-Forwarded-For": f"10.0.0.{i}"},
        )
        assert h["x-simulator-upstream"] == first


def test_browser_sessions_move_and_save_through_nginx_losing_nothing(
    stack: deploy_stack.Stack,
) -> None:
    result = deploy_load.drive(
        stack.url,
        stack.db_url,
        processes=2,
        sessions=2,
        seconds=4,
        interval=1.5,
        save_every=2,
        min_moves=3,  # each session: warm-up move, 2 timed moves, a save after move 2
    )
    assert not result.failures, result.failures
    assert result.moves >= 4 and result.timeouts == 0
    assert all(0 < ms < 60_000 for ms in result.latencies_ms)
    assert len(result.confirmed) >= 2 and not result.save_errors, result.save_errors
    assert result.lost == []
    assert sum(result.upstreams.values()) == 2
    with open_store(stack.db_url) as store:
        names = {s.name for s in store.list_scenarios()}
    assert set(result.confirmed) <= names


def test_a_killed_process_is_skipped_and_its_sessions_move(stack: deploy_stack.Stack) -> None:
    # Find a browser cookie that lives on process 0, then kill process 0 with SIGKILL.
    victim = stack.apps[0]
    target = f"127.0.0.1:{victim.port}"
    cookie = None
    for _ in range(64):
        _, h, _ = deploy_stack.http_get(stack.url + "/")
        if h["x-simulator-upstream"] == target:
            cookie = deploy_stack.affinity_cookie(h)
            break
    assert cookie is not None
    os.killpg(victim.proc.pid, signal.SIGKILL)
    victim.proc.wait(timeout=10)
    assert not deploy_stack.healthy(victim.url)
    for _ in range(3):
        status, h, body = deploy_stack.http_get(
            stack.url + "/_stcore/health", {"Cookie": f"sim_affinity={cookie}"}
        )
        assert status == 200 and body.strip() == b"ok"
        assert h["x-simulator-upstream"].split(", ")[-1] == f"127.0.0.1:{stack.apps[1].port}"
