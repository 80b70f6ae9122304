"""A headless Chromium driven over the DevTools protocol, with the standard library only.

Chromium's `--remote-debugging-pipe` reads protocol messages on file descriptor 3 and writes
them on 4, each a JSON object ended by a NUL byte: no websocket, no extra dependency. A test
opens a page, reads what happened while it loaded (console messages, exceptions, network
requests), evaluates expressions in it and takes screenshots.

The browser is Debian's `chromium` (`apt-get install chromium`); `find_chromium` says why it
cannot be used when it cannot, for the tests to skip with that reason.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

TIMEOUT = 60.0

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-pipe",
)


def find_chromium() -> tuple[str | None, str]:
    """The browser's path, or None and the reason it is missing."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found, ""
    return None, "chromium not installed: .ci/run installs it with `apt-get install chromium`"


class BrowserError(RuntimeError):
    pass


class Chromium:
    """One headless browser process; use as a context manager."""

    def __init__(self, executable: str, profile: Path) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def fds() -> None:  # in the child: the protocol's descriptors 3 and 4, inherited
            read, write = os.dup(to_child_r), os.dup(from_child_w)  # out of 3 and 4's way
            os.dup2(read, 3)
            os.dup2(write, 4)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=fds,  # a test helper: no threads are running
            close_fds=False,  # (Python's own descriptors are not inheritable: only 3 and 4 are)
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close", timeout=5)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_child, self._from_child):
            with contextlib.suppress(OSError):
                os.close(fd)

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("no answer from the browser in time")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 16)
                if not chunk:
                    raise BrowserError("the browser closed the protocol pipe")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        found: dict[str, Any] = json.loads(message)
        return found

    def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        timeout: float = TIMEOUT,
    ) -> dict[str, Any]:
        """Call a protocol method and return its result; events that arrive meanwhile are
        kept in `events`."""
        self._next += 1
        ident = self._next
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == ident:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str, session: str, timeout: float = TIMEOUT) -> dict[str, Any]:
        """The first event `method` of the session (kept or still to come)."""
        deadline = time.monotonic() + timeout
        while True:
            for e in self.events:
                if e["method"] == method and e.get("sessionId") == session:
                    return e
            event = self._read(deadline)
            if "method" in event:
                self.events.append(event)

    def open(self, url: str, width: int = 1400, height: int = 1000) -> Page:
        """A new tab that loads `url`, watched from before the first request."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session=session)
        page = Page(self, session, width, height)
        page.viewport(height)
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_for("Page.loadEventFired", session)
        page.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
        return page


class Page:
    def __init__(self, browser: Chromium, session: str, width: int, height: int) -> None:
        self.browser = browser
        self.session = session
        self.width = width

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, session=self.session)

    def viewport(self, height: int, dark: bool = False) -> None:
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": self.width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        scheme = "dark" if dark else "light"
        self.send(
            "Emulation.setEmulatedMedia",
            {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
        )

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (DevTools evaluates it; the page's
        own policy forbids scripts)."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def events(self, method: str) -> list[dict[str, Any]]:
        return [
            e["params"]
            for e in self.browser.events
            if e["method"] == method and e.get("sessionId") == self.session
        ]

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions and log errors (a Content
        Security Policy violation is one) seen so far."""
        found = [
            f"console.{p['type']}: {p.get('args')}"
            for p in self.events("Runtime.consoleAPICalled")
            if p["type"] in ("error", "warning", "assert")
        ]
        found += [
            f"exception: {p['exceptionDetails']}" for p in self.events("Runtime.exceptionThrown")
        ]
        found += [
            f"log {p['entry']['level']}: {p['entry'].get('text')}"
            for p in self.events("Log.entryAdded")
            if p["entry"]["level"] in ("error", "warning")
        ]
        return found

    def requests(self) -> list[str]:
        """The URL of every request the page made."""
        return [p["request"]["url"] for p in self.events("Network.requestWillBeSent")]

    def screenshot(self, path: Path, dark: bool = False) -> Path:
        """A PNG of the whole page (its full height), in light or dark colours."""
        height = int(self.evaluate("document.documentElement.scrollHeight"))
        self.viewport(height, dark=dark)
        self.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def print_pdf(self, path: Path) -> Path:
        """The page printed to PDF on A4 (its print stylesheet applies)."""
        data = self.send(
            "Page.printToPDF",
            {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True},
        )["data"]
        path.write_bytes(base64.b64decode(data))
        return path


def clip_of(page: Page, selector: str) -> dict[str, float]:
    """The page rectangle of the first element matching `selector`."""
    rect = page.evaluate(
        f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
        ".getBoundingClientRect(); return [r.x + scrollX, r.y + scrollY, r.width, r.height] })()"
    )
    x, y, w, h = rect
    return {"x": x, "y": y, "width": w, "height": h, "scale": 1}
