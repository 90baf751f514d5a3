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


class BookNotFound(FileNotFoundError):
    """The command was run outside a book and without ``--root``."""


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
    raise BookNotFound(
        f"{here} is not inside a book (no folder holding data/{PACKAGE_FILE} and "
        f"{REGISTRY_FILE}): run the command in the book's folder, or pass --root DIR "
        f"(or set ${ROOT_ENV})"
    )


def data_dir(root: Path | None = None) -> Path:
    return (root or find_root()) / "data"


# The metadata of each resource lives beside its CSV, in data/<name>.meta.yaml (title,
# description, licence, schema, completeness, sources, hash), and the package's own in
# data/package.meta.yaml (with the resources' order); data/datapackage.json is generated
# from them (write_package) and a hand edit of it is reported (package_problems).
META_SUFFIX = ".meta.yaml"
PACKAGE_META = "package.meta.yaml"


def _yaml_load(path: Path) -> dict:
    """A metadata file; one that cannot be read or parsed is a :class:`DataError` naming it."""
    import yaml

    rel = f"data/{path.name}"
    try:
        with open(path, encoding="utf-8") as fh:
            value = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError:
        raise DataError(
            [
                Problem(
                    rel,
                    "missing-metadata",
                    "the metadata file does not exist; "
                    f"every resource listed in data/{PACKAGE_META} needs one",
                )
            ]
        ) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(
            [
                Problem(
                    rel,
                    "invalid-metadata",
                    f"not valid YAML: {getattr(exc, 'problem', exc)}",
                    line=mark.line + 1 if mark else None,
                )
            ]
        ) from None
    if not isinstance(value, dict):
        raise DataError([Problem(rel, "invalid-metadata", "expected a mapping of fields")])
    return value


def _yaml_text(value: dict) -> str:
    import yaml

    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100)


def meta_path(name: str, root: Path | None = None) -> Path:
    return data_dir(root) / f"{name}{META_SUFFIX}"


def read_package(root: Path | None = None) -> dict:
    """The data package, composed from the metadata files (a fresh copy: callers may
    change it and write it back with :func:`write_package`)."""
    ddir = data_dir(root)
    head = _yaml_load(ddir / PACKAGE_META)
    names = head.pop("resources")
    return {**head, "resources": [_yaml_load(meta_path(n, root)) for n in names]}


def package_files(root: Path | None = None) -> dict[Path, bytes]:
    """The data package's files (datapackage.json and every metadata file) with their
    bytes, to restore after a failed derive or update."""
    ddir = data_dir(root)
    files = [ddir / PACKAGE_FILE, *sorted(ddir.glob(f"*{META_SUFFIX}"))]
    return {f: f.read_bytes() for f in files if f.is_file()}


def package_text(pkg: dict) -> str:
    """``datapackage.json`` as generated from ``pkg``."""
    return json.dumps(pkg, indent=2, ensure_ascii=False) + "\n"


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def write_package(pkg: dict, root: Path | None = None) -> None:
    """Write the metadata files of ``pkg`` and generate ``datapackage.json`` from them."""
    ddir = data_dir(root)
    head = {k: v for k, v in pkg.items() if k != "resources"}
    head["resources"] = [r["name"] for r in pkg["resources"]]
    _write_if_changed(ddir / PACKAGE_META, _yaml_text(head))
    for res in pkg["resources"]:
        _write_if_changed(meta_path(res["name"], root), _yaml_text(res))
    _write_if_changed(ddir / PACKAGE_FILE, package_text(read_package(root)))


_INDEX: dict[tuple, dict[str, dict]] = {}


def _index(root: Path | None) -> dict[str, dict]:
    """Resource name -> descriptor, parsed once per version of the package file (its
    path, size and modification time); descriptors are shared, not to be changed."""
    ddir = data_dir(root)
    key = tuple(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(ddir.glob(f"*{META_SUFFIX}"))
    ) + (str(ddir.resolve()),)
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
