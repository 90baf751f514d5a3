"""Snapshots: files as a producer published them, kept in ``data/raw/`` and never edited.

Each folder ``data/raw/<producer>/<vintage>/`` holds an ``origin.json`` that describes
its files (the OWID "origin" contract)::

    {"producer": ..., "title": ..., "vintage": ..., "date_published": ...,
     "date_accessed": ..., "url_main": ..., "url_download": ..., "licence": ...,
     "citation": ..., "files": [{"path": ..., "sha256": ..., "bytes": ...,
                                 "copy": {"repository": ..., "path": ..., "commit": ...},
                                 "exact": true | false, "notes": ...}]}

A file entry may override any folder field (a folder can hold files of two producers).
``exact`` says whether the file is byte-for-byte the copy read (a file brought with git)
or a transcription of it (read as text and written out again), which ``notes`` explain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..data import Problem

ORIGIN = "origin.json"
REQUIRED = (
    "producer",
    "title",
    "vintage",
    "date_published",
    "date_accessed",
    "url_main",
    "url_download",
    "licence",
    "citation",
)
COPY_FIELDS = ("repository", "path", "commit")


@dataclass(frozen=True)
class Snapshot:
    """One raw file with its origin record (folder fields merged with the file's)."""

    path: Path  # absolute
    rel: str  # relative to the book's root, e.g. data/raw/census/2024-08/country.xlsx
    origin: dict


def raw_dir(root: Path) -> Path:
    return root / "data" / "raw"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def origins(root: Path) -> list[Path]:
    return sorted(raw_dir(root).rglob(ORIGIN))


def snapshots(root: Path, found: list | None = None) -> list[Snapshot]:
    """Every declared snapshot; unreadable origin records are skipped (and reported into
    ``found`` when given).  Checks are in :func:`problems`."""

    out = []
    for origin_file in origins(root):
        rel_origin = origin_file.relative_to(root).as_posix()
        try:
            record = json.loads(origin_file.read_text(encoding="utf-8"))
        except ValueError as exc:
            if found is not None:
                found.append(Problem(rel_origin, "invalid-origin", f"not valid JSON ({exc})"))
            continue
        folder = {k: v for k, v in record.items() if k != "files"}
        for i, entry in enumerate(record.get("files", [])):
            if not isinstance(entry, dict) or not entry.get("path"):
                if found is not None:
                    found.append(Problem(rel_origin, "invalid-origin", f"files[{i}] has no path"))
                continue
            path = origin_file.parent / entry["path"]
            out.append(Snapshot(path, path.relative_to(root).as_posix(), {**folder, **entry}))
    return out


def find(root: Path, rel: str) -> Snapshot:
    """The snapshot at ``rel`` (relative to ``data/raw``)."""
    for snap in snapshots(root):
        if snap.rel == f"data/raw/{rel}":
            return snap
    raise KeyError(f"no snapshot data/raw/{rel} declared in any {ORIGIN}")


@dataclass(frozen=True)
class Release:
    """One producer's snapshot folder: its path under data/raw and its origin's vintage."""

    folder: str  # e.g. "sipri/arms-2026-02"
    vintage: str  # e.g. "2026-02"

    @property
    def tag(self) -> str:
        """The vintage as it appears in source ids ("2026_02")."""
        return self.vintage.replace("-", "_")


def newest(root: Path, pattern: str) -> Release:
    """The newest release among the snapshot folders matching ``pattern`` (a glob under
    data/raw, e.g. "sipri/arms-*"), by the vintage in each origin record: a new release
    is picked up by adding its folder, with no code change."""
    found = []
    for folder in sorted(raw_dir(root).glob(pattern)):
        origin = folder / ORIGIN
        if origin.is_file():
            vintage = str(json.loads(origin.read_text(encoding="utf-8")).get("vintage", ""))
            found.append(Release(folder.relative_to(raw_dir(root)).as_posix(), vintage))
    if not found:
        raise KeyError(f"no snapshot folder data/raw/{pattern} with an {ORIGIN}")
    return max(found, key=lambda r: (r.vintage, r.folder))


def problems(root: Path) -> list:
    """Every snapshot problem: undeclared or missing files, changed bytes, incomplete
    origin records.  Returns :class:`usvn.data.Problem` objects."""

    found: list[Problem] = []
    declared: set[str] = set()
    for snap in snapshots(root, found):
        declared.add(snap.rel)
        missing = [k for k in REQUIRED if not snap.origin.get(k)]
        copy = snap.origin.get("copy") or {}
        if not snap.origin.get("downloaded"):  # else: a copy read elsewhere, named in full
            missing += [f"copy.{k}" for k in COPY_FIELDS if not copy.get(k)]
        if not snap.origin.get("sha256"):
            missing.append("sha256")
        if missing:
            found.append(Problem(snap.rel, "incomplete-origin", f"origin record lacks {', '.join(missing)}"))
        if not snap.path.is_file():
            found.append(Problem(snap.rel, "missing-snapshot", f"declared in an {ORIGIN} but not found"))
            continue
        actual = sha256(snap.path)
        if snap.origin.get("sha256") and actual != snap.origin["sha256"]:
            found.append(
                Problem(
                    snap.rel,
                    "snapshot-changed",
                    f"sha256 is {actual[:12]}…, the origin record says "
                    f"{snap.origin['sha256'][:12]}…; snapshots are never edited: "
                    "restore the file (git checkout) or add a new vintage",
                )
            )
    for path in sorted(raw_dir(root).rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and path.name != ORIGIN and rel not in declared:
            found.append(
                Problem(rel, "undeclared-snapshot", f"file in data/raw/ is not listed in any {ORIGIN}")
            )
    return found


def of_file(root: Path, rel: str) -> list[Snapshot]:
    """The snapshots declared for one file under data/raw (``rel``, e.g.
    "sipri/register-2026-05/trade-register.csv")."""
    return [s for s in snapshots(root) if s.rel == f"data/raw/{rel}"]


def as_source(source_id: str, snaps: list[Snapshot], table_or_page: str) -> dict:
    """A ``datapackage.json`` source entry for snapshots of one origin: the producer, the
    live file, and every copy read (repository, paths, commits; exact or transcribed)."""
    if not snaps:
        raise KeyError(f"source {source_id}: no snapshot declared for it")
    o = snaps[0].origin
    if all(s.origin.get("downloaded") for s in snaps):
        return {
            "id": source_id,
            "title": o["title"],
            "publisher": o["producer"],
            "path": o["url_download"],
            "date_accessed": o["date_accessed"],
            "date_published": o["date_published"],
            "table_or_page": table_or_page,
            "notes": f"Vintage {o['vintage']}. Downloaded from the producer into "
            f"{', '.join(s.rel for s in snaps)}. {o.get('notes', '')}".strip(),
        }
    repos = sorted({s.origin["copy"]["repository"] for s in snaps})
    commits = sorted({s.origin["copy"]["commit"] for s in snaps})
    exact = sorted({bool(s.origin.get("exact")) for s in snaps})
    kinds: dict[tuple[bool, ...], str] = {
        (True,): "byte-exact copies",
        (False,): "transcriptions (read as text and written out again, checked by the data's own identities)",
    }
    how = kinds.get(tuple(exact), "copies (see each origin record)")
    folders = sorted({Path(s.rel).parent.as_posix() for s in snaps})
    read = (
        f"Read: {len(snaps)} file(s) in {', '.join(folders)}, {how} of files in GitHub "
        f"repo {', '.join(repos)} at commit {', '.join(c[:12] for c in commits)}; each "
        "file's path, commit and sha256 are in its origin.json."
    )
    return {
        "id": source_id,
        "title": o["title"],
        "publisher": f"{o['producer']} (copy in GitHub repo {', '.join(repos)})",
        "path": o["url_download"],
        "date_accessed": max(s.origin["date_accessed"] for s in snaps),
        "date_published": o["date_published"],
        "table_or_page": table_or_page,
        "notes": " ".join(x for x in (f"Vintage {o['vintage']}.", read, o.get("notes", "")) if x),
    }
