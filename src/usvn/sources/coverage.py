"""The update guard: a new vintage must cover at least what the data cover now."""

from __future__ import annotations

import csv
from pathlib import Path

from .. import data

# What a new vintage must keep: the partners and years of the partner table, and the
# months of Việt Nam's monthly series (a vintage that drops any of them is refused).
COVERAGE = {
    "us_trade_by_partner": ("partner", "year"),
    "us_vn_trade_monthly": ("month",),
}


def coverage(root: Path) -> dict[str, set[str]]:
    """``resource.column`` -> the values the derived tables hold now."""
    out: dict[str, set[str]] = {}
    for name, columns in COVERAGE.items():
        rows = _read_dicts(data.data_dir(root) / data.resource(name, root)["path"])
        for column in columns:
            out[f"{name}.{column}"] = {r[column] for r in rows}
    return out


def _read_dicts(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def shrinkage(before: dict[str, set[str]], after: dict[str, set[str]]) -> list[str]:
    """What ``after`` lacks of ``before``, one line per column ('' when nothing)."""
    lines = []
    for key, had in before.items():
        lost = sorted(had - after.get(key, set()))
        if lost:
            shown = ", ".join(lost[:12]) + (f" and {len(lost) - 12} more" if len(lost) > 12 else "")
            lines.append(f"{key}: {len(lost)} of {len(had)} values would be lost ({shown})")
    return lines
