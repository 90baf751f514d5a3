"""The data package: finding the book, reading and writing ``datapackage.json``, digests,
sources and source notes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


PACKAGE_FILE = "datapackage.json"
REGISTRY_FILE = Path("chapters") / "chapters.toml"  # marks the book's root (usvn.registry)


DEPS_ENV = "USVN_DEPS_FILE"  # set by the build: every load() is recorded there


ROOT_ENV = "USVN_ROOT"


# Keys of a resource descriptor that describe the file's bytes rather than its meaning.
_VOLATILE_KEYS = ("hash", "bytes")


@dataclass(frozen=True)
class Problem:
    file: str
    rule: str
    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: [{self.rule}] {self.message}"


class DataError(ValueError):
    """One or more data files break their declared rules."""

    SHOWN = 30  # problems listed in the message; all are in ``.problems``

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [f"{len(self.problems)} data problem(s):"]
        lines += [f"  - {p}" for p in self.problems[: self.SHOWN]]
        if len(self.problems) > self.SHOWN:
            rules = sorted({p.rule for p in self.problems[self.SHOWN :]})
            lines.append(f"  ... and {len(self.problems) - self.SHOWN} more ({', '.join(rules)})")
        if any(p.rule == "hash-mismatch" for p in self.problems):
            lines.append(
                "  After a deliberate edit of a hand-curated CSV, run `usvn data stamp NAME` to "
                "record the new hash; derived CSVs are remade by `usvn data derive`."
            )
        super().__init__("\n".join(lines))


# ----------------------------------------------------------------------------- locating


def find_root(start: Path | None = None) -> Path:
    """The book's root: $USVN_ROOT, else the nearest parent of ``start`` (default: cwd)
    holding ``data/datapackage.json`` and the chapter registry (a render root such as
    ``_build/executed``, which holds a copy of the data for download, is not one)."""
    if os.environ.get(ROOT_ENV):
        return Path(os.environ[ROOT_ENV]).resolve()
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "data" / PACKAGE_FILE).is_file() and (candidate / REGISTRY_FILE).is_file():
            return candidate
    raise FileNotFoundError(f"no data/{PACKAGE_FILE} in {here} or any parent; set ${ROOT_ENV}")


def data_dir(root: Path | None = None) -> Path:
    return (root or find_root()) / "data"


def read_package(root: Path | None = None) -> dict:
    with open(data_dir(root) / PACKAGE_FILE, encoding="utf-8") as fh:
        return json.load(fh)


def write_package(pkg: dict, root: Path | None = None) -> None:
    text = json.dumps(pkg, indent=2, ensure_ascii=False) + "\n"
    (data_dir(root) / PACKAGE_FILE).write_text(text, encoding="utf-8")


_INDEX: dict[tuple, dict[str, dict]] = {}


def _index(root: Path | None) -> dict[str, dict]:
    """Resource name -> descriptor, parsed once per version of the package file (its
    path, size and modification time); descriptors are shared, not to be changed."""
    path = data_dir(root) / PACKAGE_FILE
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key not in _INDEX:
        _INDEX.clear()
        _INDEX[key] = {r["name"]: r for r in read_package(root)["resources"]}
    return _INDEX[key]


def resource(name: str, root: Path | None = None) -> dict:
    index = _index(root)
    if name in index:
        return index[name]
    raise KeyError(f"no resource named {name!r} in data/{PACKAGE_FILE}; known: {', '.join(index)}")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def resource_digest(name: str, root: Path | None = None) -> str:
    """Content hash of what a reader of ``name`` depends on: the file's bytes and the
    descriptor's meaning (schema, units, sources), not its recorded hash."""
    res = resource(name, root)
    meaning = {k: v for k, v in res.items() if k not in _VOLATILE_KEYS}
    h = hashlib.sha256(json.dumps(meaning, sort_keys=True).encode())
    h.update(sha256_file(data_dir(root) / res["path"]).encode())
    return h.hexdigest()


def sources(name: str, root: Path | None = None) -> list[dict]:
    return resource(name, root).get("sources", [])


# ----------------------------------------------------------------------------- stamping


def stamp(root: Path | None = None, accessed: str | None = None, names: list[str] | None = None) -> list[str]:
    """Re-record sha256 and size of each resource (after a deliberate edit).  With
    ``accessed`` (YYYY-MM-DD, or 'today'), also set the sources' access date."""
    if accessed == "today":
        accessed = dt.date.today().isoformat()
    pkg = read_package(root)
    changed = []
    for res in pkg["resources"]:
        if names and res["name"] not in names:
            continue
        path = data_dir(root) / res["path"]
        new = {"hash": f"sha256:{sha256_file(path)}", "bytes": path.stat().st_size}
        if any(res.get(k) != v for k, v in new.items()) or accessed:
            changed.append(res["name"])
        res.update(new)
        if accessed:
            for src in res.get("sources", []):
                src["date_accessed"] = accessed
    write_package(pkg, root)
    return changed


def producer(publisher: str) -> str:
    """The original producer named in a publisher field: 'X (copy in GitHub repo Y)' and
    'X, copy in GitHub repo Y' both give 'X'."""
    return re.split(r",? \(?(?:copy in|compiled in|file mirrored in|mirrored in) ", publisher, maxsplit=1)[
        0
    ].strip()


def source_note(name: str, root: Path | None = None, most: int = 3, rows: pd.DataFrame | None = None) -> str:
    """Short attribution for a chart: the resource's publishers, most-cited first; with
    ``rows``, only the sources those rows cite."""
    counts: dict[str, int] = {}
    frame_sources = resource(name, root).get("sources", [])
    if rows is not None:
        cited = {i for cell in rows["source"].dropna() for i in str(cell).split(";")}
        frame_sources = [s for s in frame_sources if s.get("id") in cited]
    for src in frame_sources:
        pub = producer(src.get("publisher") or src.get("title") or "unknown publisher")
        counts[pub] = counts.get(pub, 0) + 1
    pubs = sorted(counts, key=lambda p: (-counts[p], p))
    note = "; ".join(pubs[:most])
    if len(pubs) > most:
        note += f" and {len(pubs) - most} other sources"
    return note + " (see Data and sources)"


def restore(saved: dict[Path, bytes | None]) -> None:
    """Put files back as they were (None: the file did not exist), after a failed update."""
    for path, content in saved.items():
        if content is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(content)
