"""Editions: the book's facts as published on a date (``editions/<date>/facts.json``,
committed), and the page of corrections and changes since the latest one."""

from __future__ import annotations

import json
from pathlib import Path

from .. import data
from . import kinds

CHAPTER_TITLES = {
    "diplomatic_upgrade": "The diplomatic upgrade",
    "trade_framework": "The trade framework",
    "defence_ties": "Defence ties",
    "claims": "The claims checked",
}
EDITIONS = "editions"


def current(load=None) -> dict[str, dict[str, str]]:
    """Chapter -> fact -> text printed, at the chapters' default parameters."""
    from .. import facts

    load = load or data.cached(data.load)
    return {c: facts.compute(c, load).texts() for c in CHAPTER_TITLES}


def record(root: Path, name: str, load=None) -> Path:
    """Write the current facts as edition ``name`` (a date, YYYY-MM-DD)."""
    import datetime as dt

    from .. import facts
    from . import export

    dt.date.fromisoformat(name)  # an edition is named by its date
    load = load or data.cached(data.load)
    rows = []
    for chapter in CHAPTER_TITLES:
        for r in export.records(facts.compute(chapter, load), load, root):
            rows.append(
                {k: r[k] for k in ("id", "chapter", "text", "value", "unit", "kind", "precision", "as_of")}
            )
    path = root / EDITIONS / name / "facts.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"edition": name, "facts": rows}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return path


def latest(root: Path, before: str | None = None) -> tuple[str, dict[str, dict[str, str]]]:
    """The latest recorded edition (before ``before`` if given): its name and its texts."""
    names = sorted(
        p.parent.name
        for p in (root / EDITIONS).glob("*/facts.json")
        if before is None or p.parent.name < before
    )
    if not names:
        raise FileNotFoundError(f"no edition recorded in {root / EDITIONS}")
    payload = json.loads((root / EDITIONS / names[-1] / "facts.json").read_text(encoding="utf-8"))
    out: dict[str, dict[str, str]] = {}
    for row in payload["facts"]:
        out.setdefault(row["chapter"], {})[row["id"]] = row["text"]
    return names[-1], out


def changes(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]) -> list[dict]:
    """Every fact whose text changed, was added or was withdrawn, by chapter."""
    rows = []
    for chapter in CHAPTER_TITLES:
        before, after = old.get(chapter, {}), new.get(chapter, {})
        for key in sorted(set(before) | set(after)):
            if key.endswith("_md") or key.endswith("_rerun_md"):
                continue  # tables and boxes: their facts are listed one by one
            a, b = before.get(key), after.get(key)
            if a != b:
                rows.append({"chapter": chapter, "fact": key, "old": a, "new": b})
    return rows


def corrections_markdown(root: Path | None = None) -> str:
    """The page body: what changed since the latest edition, grouped by chapter."""

    root = root or data.find_root()
    name, old = latest(root)
    rows = changes(old, current())
    if not rows:
        return f"No stated fact has changed since the edition of {name}."
    parts = [
        f"Compared with the edition of **{name}**, {len(rows)} stated values changed, "
        "were added or were withdrawn. Each row gives the fact's identifier in the "
        "facts export (`facts.json`), the text printed then and the text printed now."
    ]
    for chapter, title in CHAPTER_TITLES.items():
        mine = [r for r in rows if r["chapter"] == chapter]
        if not mine:
            continue
        parts += ["", f"**{title}** ({len(mine)})", "", "| Fact | Then | Now |", "|---|---|---|"]
        parts += [
            f"| `{r['fact']}` | {kinds.cell(r['old'] if r['old'] is not None else '(new)', limit=160)} | "
            f"{kinds.cell(r['new'] if r['new'] is not None else 'withdrawn', limit=160)} |"
            for r in mine
        ]
    return "\n".join(parts)
