"""Content digests: of strings, of files (with a stat cache, as git's index keeps), of the package's modules."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from .. import data

# ----------------------------------------------------------------------------- hashing


def sha(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/usvn


def module_digest(name: str, root: Path) -> str:
    """Digest of one of the package's modules (its source file, found without importing it)."""
    parts = name.split(".")[1:]
    base = PACKAGE_DIR.joinpath(*parts)
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return data.sha256_file(path)
    raise FileNotFoundError(name)


def files_digest(root: Path, patterns, salt: str = "", cache: Path | None = None) -> str:
    """Hash of the paths and contents of the files under ``root`` matching ``patterns``
    (globs; caches left out), in a fixed order.  With ``cache`` (a JSON file), a file
    whose size and modification time are those recorded there is not read again: its
    recorded content hash is used, as git's index does."""
    files = sorted(
        {
            p
            for pattern in patterns
            for p in root.glob(pattern)
            if p.is_file() and "__pycache__" not in p.parts
        }
    )
    known: dict[str, list] = {}
    if cache is not None and cache.is_file():
        try:
            known = json.loads(cache.read_text(encoding="utf-8"))
        except ValueError:
            known = {}
    seen: dict[str, list] = {}
    h = hashlib.sha256(salt.encode())
    for path in files:
        rel = path.relative_to(root).as_posix()
        st = path.stat()
        entry = known.get(rel)
        if not (entry and entry[0] == st.st_size and entry[1] == st.st_mtime_ns):
            entry = [st.st_size, st.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()]
        seen[rel] = entry
        h.update(f"{rel}\0{entry[2]}".encode())
    if cache is not None and seen != known:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(seen), encoding="utf-8")
    return h.hexdigest()


SHARED_INPUTS = ("references.bib", "_config.yml")  # every page reads them (citations, settings)


def drop_stale_environment(root: Path, work: Path) -> tuple[Path, str]:
    """Drop Sphinx's saved environment in ``work`` when a file every page reads (or the
    Sphinx extension) changed
    since the last complete render, so each page is read again; returns the stamp file
    and the digest to write there once the render is complete."""
    # and the book's Sphinx extension, which rewrites every page
    extension = files_digest(Path(__file__).parent, ("sphinxext.py",))
    shared, stamp = files_digest(root, SHARED_INPUTS, salt=extension), work / ".shared"
    if not (stamp.is_file() and stamp.read_text() == shared):
        shutil.rmtree(work / "_build" / ".doctrees", ignore_errors=True)
        stamp.unlink(missing_ok=True)
    return stamp, shared
