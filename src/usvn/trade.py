"""Trade analysis: pure functions over the frames ``usvn.data`` returns."""
from __future__ import annotations

import pandas as pd


def between(frame: pd.DataFrame, start: int, end: int, column: str = "year") -> pd.DataFrame:
    """Rows with ``start <= column <= end``."""
    return frame[(frame[column] >= start) & (frame[column] <= end)].reset_index(drop=True)


def balance(frame: pd.DataFrame) -> pd.Series:
    """Goods balance from the US side: exports minus imports (negative = US deficit)."""
    return frame["exports_usd_m"] - frame["imports_usd_m"]


def deflate(frame: pd.DataFrame, cpi: pd.DataFrame, base_year: int,
            columns: list[str]) -> pd.DataFrame:
    """``columns`` in constant ``base_year`` dollars using an annual price index
    (``year``, ``cpi_u``).  Years without an index value become missing, never guessed."""
    index = cpi.set_index("year")["cpi_u"]
    if base_year not in index.index or pd.isna(index.get(base_year)):
        raise ValueError(f"base_year {base_year} is not in the price index "
                         f"({int(index.index.min())}–{int(index.index.max())})")
    factor = index.loc[base_year] / frame["year"].map(index)
    out = frame.copy()
    for col in columns:
        out[col] = frame[col] * factor
    return out


def growth_multiple(frame: pd.DataFrame, column: str, start: int, end: int) -> float:
    """How many times larger ``column`` was in ``end`` than in ``start``."""
    values = frame.set_index("year")[column]
    return float(values.loc[end] / values.loc[start])


def long_format(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Year × series table for charts: ``columns`` maps column name -> series label."""
    out = frame.melt(id_vars="year", value_vars=list(columns), var_name="series",
                     value_name="usd_m")
    out["series"] = out["series"].map(columns)
    return out
