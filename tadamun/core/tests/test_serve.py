"""`tadamun serve` runs the production server and serves the static files itself."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

TADAMUN = [sys.executable, "-m", "tadamun"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    env = {
        **os.environ,
        "TADAMUN_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'serve.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": "test-serve-secret-key-that-is-long-enough-for-django-checks-0123",
    }
    subprocess.run([*TADAMUN, "migrate", "-v0"], env=env, check=True)  # noqa: S603
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [*TADAMUN, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            get(base + "/healthz")
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail("tadamun serve stopped:\n" + process.stdout.read().decode())
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("tadamun serve did not answer within 60 seconds")
    yield base, var
    process.terminate()
    process.wait(timeout=20)


def test_serve_answers_with_gunicorn_not_the_development_server(server):
    base, _var = server
    status, headers, body = get(base + "/healthz")
    assert status == 200
    assert b'"status": "ok"' in body
    assert "gunicorn" in headers.get("Server", "")


def test_serve_serves_fingerprinted_compressed_static_files(server):
    base, var = server
    status, _headers, html = get(base + "/en/", **{"Accept-Language": "en"})
    assert status == 200
    page = html.decode()
    start = page.index("/static/core/tadamun.")
    css_url = page[start : page.index('"', start)]
    assert css_url.endswith(".css") and css_url != "/static/core/tadamun.css"  # hashed name
    status, headers, _css = get(base + css_url, **{"Accept-Encoding": "br, gzip"})
    assert status == 200
    assert headers.get("Content-Encoding") in ("br", "gzip")
    assert "immutable" in headers.get("Cache-Control", "")
    assert Path(var, "static", "core").is_dir()
