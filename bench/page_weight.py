"""Page weights as a phone on a first visit sees them: bytes transferred, in Chromium.

Starts `tadamun serve` (the production server: gunicorn, compressed static files) on a
fresh SQLite database with demo data, loads each page with the browser cache disabled and
prints, per page, the bytes that crossed the network (Chrome DevTools' encodedDataLength,
headers included), the decoded size and the number of requests.

    .venv/bin/python bench/page_weight.py [--actors 3000]
"""

import argparse
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browser import CHROMIUM_ARGS, page_weight

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    ("home (ar)", "/ar/"),
    ("directory (ar)", "/ar/directory/"),
    ("directory search (fr)", "/fr/directory/?q=cooperative+amal&country=MA"),
    ("actor page (en)", "/en/directory/1/"),
    ("atlas (fr)", "/fr/atlas/"),
    ("atlas, women-led (ar)", "/ar/atlas/?women_led=true"),
    ("atlas embed (en)", "/en/atlas/embed/?legal_form=cooperative"),
    ("request form (ar)", "/ar/ask/"),
    ("support services (fr)", "/fr/services/"),
    ("support services search (ar)", "/ar/services/?q=%D8%AA%D8%B3%D9%88%D9%8A%D9%82"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=3000)
    args = parser.parse_args()
    tadamun = [sys.executable, "-m", "tadamun"]
    with tempfile.TemporaryDirectory() as var:
        env = {
            **os.environ,
            "TADAMUN_VAR_DIR": var,
            "DEBUG": "0",
            "DATABASE_URL": f"sqlite:///{var}/weight.sqlite3",
            # Tiles aside: the map's weight without a base map (a tile server's is its own).
            "TADAMUN_TILE_URL": "",
        }
        subprocess.run([*tadamun, "migrate", "-v0"], env=env, check=True)
        subprocess.run(
            [*tadamun, "demo", "--actors", str(args.actors)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        port = free_port()
        server = subprocess.Popen(
            [*tadamun, "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.3)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
                )
                print(
                    f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
                    f"Python {platform.python_version()}; {args.actors:,} demo actors; "
                    f"tadamun serve (gunicorn + WhiteNoise), first visit, cache disabled.\n"
                )
                print(f"| {'page':<24} | {'transferred':>11} | {'decoded':>9} | requests |")
                print(f"|{'-' * 26}|{'-' * 12}:|{'-' * 10}:|{'-' * 9}:|")
                for label, path in PAGES:
                    context = browser.new_context(viewport={"width": 390, "height": 844})
                    page = context.new_page()
                    transferred, decoded, requests = page_weight(page, base + path)
                    context.close()
                    print(
                        f"| {label:<24} | {transferred / 1024:>8.1f} KB | "
                        f"{decoded / 1024:>6.1f} KB | {requests:>8} |"
                    )
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
