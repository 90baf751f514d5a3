"""Live preview for authors (``usvn preview``, ``make preview``): serve the website on
localhost, rebuild it when a chapter, page, configuration or data file changes (the same
cached build: a prose edit is spliced, only stale chapters execute), and reload the page
in the browser.  The reload script is added to pages as they are served, never to the
built files."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path

from . import render
from .execution import BuildError, files_digest

WATCHED = (
    "_config.yml",
    "_toc.yml",
    "*.md",
    "references.bib",
    "chapters/*.md",
    "chapters/chapters.toml",
    "data/*.csv",
    "data/datapackage.json",
    "_static/*.css",
    "_static/*.js",
    "src/usvn/**/*.py",
)
VERSION_PATH = "/__usvn_preview_version"
RELOAD = (
    b"<script>(function(){let v=null;setInterval(async()=>{try{const r=await fetch('"
    + VERSION_PATH.encode()
    + b"');const t=await r.text();if(v!==null&&t!==v)"
    b"location.reload();v=t;}catch(e){}},1000);})();</script>"
)


class _State:
    def __init__(self) -> None:
        self.version = 0
        self.error = ""


def _handler(site: Path, state: _State):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def _send(self, body: bytes, content_type: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path == VERSION_PATH:
                self._send(str(state.version).encode(), "text/plain")
                return
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                body = path.read_bytes().replace(b"</body>", RELOAD + b"</body>", 1)
                self._send(body, "text/html; charset=utf-8")
                return
            super().do_GET()

    return functools.partial(Handler, directory=str(site))


def serve(root: Path, port: int = 8000, interval: float = 1.0, once: bool = False) -> None:
    """Build, serve ``_build/html`` on 127.0.0.1:``port`` and rebuild on every change."""
    root = root.resolve()
    site = root / "_build" / "html"
    state = _State()

    def rebuild() -> None:
        try:
            render.build(root, progress=False, formats=("html",))
            state.error = ""
        except BuildError as exc:
            state.error = str(exc)
            print(f"usvn preview: the build failed; the last good site is served.\n{exc}", flush=True)
        state.version += 1

    rebuild()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), _handler(site, state))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    print(f"usvn preview: http://127.0.0.1:{httpd.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    seen = files_digest(root, WATCHED)
    try:
        while not once:
            time.sleep(interval)
            now = files_digest(root, WATCHED)
            if now != seen:
                seen = now
                t0 = time.perf_counter()
                rebuild()
                print(f"usvn preview: rebuilt in {time.perf_counter() - t0:.1f} s", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()
