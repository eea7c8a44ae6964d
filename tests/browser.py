"""Debian's Chromium driven by Playwright, shared by the browser tests and bench/."""

import os

CHROMIUM = os.environ.get("TADAMUN_CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium keeps calling Google services that the closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
]


def page_weight(page, url: str) -> tuple[int, int, int]:
    """(bytes transferred, bytes decoded, requests) to load `url` with the cache disabled,
    as Chrome DevTools counts them (transferred includes headers)."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    transferred: dict[str, int] = {}
    decoded: dict[str, int] = {}
    session.on(
        "Network.loadingFinished",
        lambda e: transferred.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    session.on(
        "Network.dataReceived",
        lambda e: decoded.__setitem__(
            e["requestId"], decoded.get(e["requestId"], 0) + e["dataLength"]
        ),
    )
    page.goto(url, wait_until="networkidle")
    session.detach()
    return sum(transferred.values()), sum(decoded.values()), len(transferred)
