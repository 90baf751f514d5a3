"""Chart pieces every chapter uses: date precision labels and a chart that states why there is no chart."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .style import finish

PRECISION_LABEL = {"day": "exact day", "month": "month only", "year": "year only"}


def at_precision(frame: pd.DataFrame, date: str = "date", precision: str = "date_precision") -> pd.DataFrame:
    """Dates drawn at their precision: a month-only date in mid-month, a year-only date at
    mid-year (never on 1 January), with the date as it is known for the tooltip."""
    out = frame.copy()
    when = pd.to_datetime(out[date])
    kind = out[precision].fillna("day") if precision in out else pd.Series("day", index=out.index)
    shown = when.where(kind == "day", when + pd.Timedelta(days=14))
    shown = shown.where(kind != "year", when + pd.Timedelta(days=181))
    out["plot_date"] = shown.dt.strftime("%Y-%m-%d")
    out["known"] = [
        f"{w:%-d %B %Y}" if k == "day" else f"{w:%B %Y}" if k == "month" else f"{w:%Y}"
        for w, k in zip(when, kind)
    ]
    out["precision"] = kind.map(PRECISION_LABEL)
    return out


def note_chart(text: str) -> alt.TopLevelMixin:
    """A chart that says why there is nothing to draw (a re-run outside the data)."""
    frame = pd.DataFrame({"text": [text]})
    return finish(
        alt.Chart(frame).mark_text(size=13).encode(text="text:N"), title=text, source="—", alt_text=text
    )
