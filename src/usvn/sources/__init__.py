"""The derive step: ``data/raw/`` snapshots -> the derived CSVs in ``data/``.

One module per producer (:mod:`usvn.sources.census`, …) reads its snapshots; this module
knows which resource each derived CSV is, writes it deterministically (same snapshots,
same bytes), records the snapshots it was made from as the resource's sources, re-stamps
the hashes and validates.  ``usvn data validate`` re-derives in memory and reports any
derived CSV that differs from what would be made (an edit by hand).
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

from .. import data
from . import (
    bls,
    census,
    census_checks,
    census_duties,
    foreignassistance,
    history_state,
    sipri,
    sipri_releases,
    snapshots,
    tip,
)

__all__ = ["DERIVED", "derive", "derived_problems", "snapshot_problems", "render"]


def _published(root: Path) -> list[dict]:
    path = data.data_dir(root) / data.resource("trade_published_figures", root)["path"]
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# name -> function(context) -> rows (dicts in the resource's field order)
DERIVED: dict[str, Callable] = {
    "us_vn_trade_annual": lambda ctx: census.vn_annual(ctx.census),
    "us_vn_trade_monthly": lambda ctx: census.vn_monthly(ctx.census),
    "us_trade_by_partner": lambda ctx: census.partner_annual(ctx.census),
    "us_import_duties_monthly": lambda ctx: census_duties.duties_monthly(ctx.root),
    "trade_crosschecks": lambda ctx: census_checks.crosschecks(ctx.census, _published(ctx.root)),
    "sipri_vn_arms_imports": lambda ctx: sipri.vn_imports(ctx.root),
    "sipri_vn_arms_deliveries": lambda ctx: sipri.vn_deliveries(ctx.root),
    "sipri_arms_transfers": lambda ctx: sipri.transfers(ctx.root),
    "sipri_release_changes": lambda ctx: sipri_releases.release_changes(ctx.root),
    "vn_military_expenditure": lambda ctx: sipri.milex(ctx.root),
    "us_aid_vietnam": lambda ctx: foreignassistance.vn_aid(ctx.root),
    "cpi_u_annual": lambda ctx: bls.cpi_annual(ctx.root),
    "visit_crosschecks": lambda ctx: history_state.crosschecks(ctx.root),
    "vn_trafficking_tiers": lambda ctx: tip.tiers(ctx.root),
}
BUILT_ON = {"trade_crosschecks": "trade_published_figures", "vn_trafficking_tiers": "tip_report_narratives"}
CURATED_INPUTS = (
    "trade_published_figures",
    "us_vn_visits",
    "tip_report_narratives",
)  # curated tables a derive reads
PRODUCERS = (
    census,
    sipri,
    sipri_releases,
    foreignassistance,
    bls,
    history_state,
    tip,
)  # each has source_entries(root)


class Context:
    """What the builders share in one derive: the root and the Census rows (read once)."""

    def __init__(self, root: Path):
        self.root = root
        self._census: census.Census | None = None

    @property
    def census(self) -> census.Census:
        if self._census is None:
            self._census = census.Census(self.root)
        return self._census


def render(rows: list[dict], fields: list[str]) -> str:
    """CSV text with ``fields`` as header, Unix line ends: the same rows give the same bytes."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _fields(res: dict) -> list[str]:
    return [f["name"] for f in res["schema"]["fields"]]


# What reading a snapshot of the wrong shape raises (a truncated workbook is a BadZipFile).
DERIVE_ERRORS = (KeyError, ValueError, OSError, IndexError, zipfile.BadZipFile)
_MADE: dict[str, dict[str, str]] = {}  # inputs' digest -> what derive made from them


def _inputs_digest(root: Path) -> str:
    """Digest of everything a derive reads: the snapshots, the curated table it sets them
    against, and the descriptors of the derived resources (their fields)."""
    import hashlib

    h = hashlib.sha256()
    ddir = data.data_dir(root)
    files = sorted(p for p in (ddir / "raw").rglob("*") if p.is_file())
    files += [ddir / data.resource(name, root)["path"] for name in CURATED_INPUTS]
    for path in files:
        h.update(f"{path.relative_to(ddir).as_posix()}\0".encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    for name in DERIVED:
        h.update(repr(_fields(data.resource(name, root))).encode())
    for code in sorted(Path(__file__).parent.glob("*.py")):  # and the code that derives
        h.update(hashlib.sha256(code.read_bytes()).digest())
    return h.hexdigest()


def _disk_cache(key: str) -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "usvn" / f"derived-{key}.json"


def made(root: Path, names: list[str] | None = None) -> dict[str, str]:
    """The CSV text each derived resource would have, made from the snapshots now: made
    once per content of the inputs (snapshots, the table they are checked against, the
    descriptors and the deriving code), and kept under the user's cache folder by that
    digest, so a check and a derive, in one process or several, share it."""
    for name in names or []:
        if name not in DERIVED:
            raise KeyError(f"{name!r} is not a derived resource; derived: {', '.join(DERIVED)}")
    key = _inputs_digest(root)
    if key not in _MADE:
        import json

        cache = _disk_cache(key)  # what another process made from exactly these inputs
        try:
            texts = json.loads(cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            ctx = Context(root)
            texts = {name: render(DERIVED[name](ctx), _fields(data.resource(name, root))) for name in DERIVED}
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_text(json.dumps(texts), encoding="utf-8")
                os.replace(tmp, cache)
            except OSError:
                pass
        _MADE.clear()
        _MADE[key] = texts
    return {name: text for name, text in _MADE[key].items() if not names or name in names}


def snapshot_problems(root: Path) -> list:
    return snapshots.problems(root)


def derived_problems(root: Path) -> list:
    """A derived CSV that differs from what derive makes (rule ``derived-edited``), naming
    the first line that differs."""
    try:
        expected = made(root)
    except DERIVE_ERRORS as exc:
        return [data.Problem("data/raw", "derive-failed", f"cannot derive from the snapshots: {exc}")]
    problems = []
    for name, text in expected.items():
        res = data.resource(name, root)
        path = data.data_dir(root) / res["path"]
        if not path.is_file():
            continue  # reported as missing-file
        have = path.read_text(encoding="utf-8")
        if have != text:
            line = next(
                (i + 1 for i, (a, b) in enumerate(zip(have.splitlines(), text.splitlines())) if a != b),
                min(len(have.splitlines()), len(text.splitlines())) + 1,
            )
            problems.append(
                data.Problem(
                    f"data/{res['path']}",
                    "derived-edited",
                    "differs from what `usvn data derive` makes from "
                    "data/raw/ (edited by hand?); run `usvn data derive "
                    f"{name}` to remake it",
                    line=line,
                )
            )
    return problems


def derive(root: Path, names: list[str] | None = None) -> list[str]:
    """Rewrite the derived CSVs (default: all) and their sources and hashes, then
    validate; all or nothing: on any problem every file is restored and DataError
    raised.  Returns the names whose CSV changed."""
    ddir = data.data_dir(root)
    broken = snapshot_problems(root)  # a snapshot whose bytes or record are wrong: nothing is made
    if broken:
        raise data.DataError(broken)
    saved: dict[Path, bytes | None] = dict(data.package_files(root))
    changed = []
    try:
        try:
            texts = made(root, names)
        except DERIVE_ERRORS as exc:
            raise data.DataError(
                [data.Problem("data/raw", "derive-failed", f"cannot derive from the snapshots: {exc}")]
            ) from None
        pkg = data.read_package(root)
        for res in pkg["resources"]:
            if res["name"] not in texts:
                continue
            path = ddir / res["path"]
            saved.setdefault(path, path.read_bytes() if path.is_file() else None)
            if not path.is_file() or path.read_text(encoding="utf-8") != texts[res["name"]]:
                changed.append(res["name"])
                path.write_text(texts[res["name"]], encoding="utf-8")
            res["sources"] = _sources(root, res["name"], texts[res["name"]], res.get("sources", []))
        data.write_package(pkg, root)
        data.stamp(root, names=list(texts))
        problems = validate(root, derived=False)
        if problems:
            raise data.DataError(problems)
    except BaseException:
        data.restore(saved)
        raise
    return changed


def _sources(root: Path, name: str, text: str, current: list[dict]) -> list[dict]:
    """The sources a derived resource cites: one per snapshot source id its rows name,
    plus, for a resource built on a curated one, the curated sources its rows name."""
    cited = {i for row in csv.DictReader(io.StringIO(text)) for i in row["source"].split(";") if i}
    entries = {e["id"]: e for mod in PRODUCERS for e in mod.source_entries(root)}
    if name in BUILT_ON:
        entries.update({s["id"]: s for s in data.sources(BUILT_ON[name], root)})
    missing = cited - set(entries)
    if missing:
        raise KeyError(f"{name}: rows cite source ids with no entry: {', '.join(sorted(missing))}")
    return [entries[i] for i in sorted(cited)]


def validate(root: Path | None = None, derived: bool = True) -> list:
    """Every problem :func:`usvn.data.validate` finds, plus snapshots whose bytes or origin
    records are wrong, and (with ``derived``) derived CSVs that differ from what
    ``usvn data derive`` makes from the snapshots."""
    root = root or data.find_root()
    problems = data.validate(root) + snapshot_problems(root)
    if derived and not any(
        p.rule in ("snapshot-changed", "missing-snapshot", "invalid-origin") for p in problems
    ):
        problems += derived_problems(root) + _missing_trips(root)
    return problems


def _missing_trips(root: Path) -> list:
    """A visit the Office of the Historian lists that the record of trips lacks."""
    try:
        rows = list(csv.DictReader(io.StringIO(made(root, ["visit_crosschecks"])["visit_crosschecks"])))
    except DERIVE_ERRORS:
        return []  # reported as derive-failed
    return [
        data.Problem(
            "data/us_vn_visits.csv",
            "missing-trip",
            f"the Office of the Historian lists a visit with no trip in the record: {what}; "
            "add the trip (or correct its date), then `usvn data derive visit_crosschecks`",
        )
        for what in history_state.missing(rows)
    ]
