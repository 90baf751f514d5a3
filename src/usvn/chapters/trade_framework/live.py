"""The trade chapter's live figures: charts whose controls recompute them in the browser."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import charts
from ...charts import palette

LIVE_NOTE = "The controls below the chart recompute it in the browser"
PRINTED_NOTE = "Drawn at the chapter's setting: the values in the text"


WHATIF_CONTROLS = (  # name, label, min, max, step, scale: the slider shows value x scale
    ("tariff_rate", "Additional tariff rate, %", 0, 100, 0.5, 100),  # half points: statutory 12.5%
    ("exempt_share", "Share of imports exempt (zero rate), %", 0, 100, 1, 100),
    ("transshipment_share", "Share of the rest judged transshipped, %", 0, 100, 1, 100),
    ("transshipment_rate", "Tariff rate on transshipped goods, %", 0, 100, 1, 100),
    ("elasticity", "Elasticity of imports to price (magnitude)", 0, 10, 0.1, 1),
)
CONTROL_SUFFIX = "_pct"  # a slider in per cent is named <parameter>_pct; the model reads <parameter>
WHATIF_ITEMS = {
    "US imports from Việt Nam, base year, before the tariff": "actual, base year",
    "US imports from Việt Nam, after the tariff (model)": "model",
    "Tariff revenue (model)": "revenue",
}
BILLIONS = "'$' + format(datum.usd_m / 1000, ',.1f') + 'bn'"


def control(name: str, scale: float) -> str:
    """The name of the slider that sets model parameter ``name``."""
    return name + CONTROL_SUFFIX if scale != 1 else name


def whatif_live(
    series: pd.DataFrame,
    defaults: dict,
    actual: tuple[int, float],
    *,
    formulas: dict[str, str],
    title: str,
    source: str,
) -> alt.TopLevelMixin:
    """The tariff what-if computed in the reader's browser: sliders for the tariff
    parameters and the elasticity, a select for the base year, the model's formulas
    (``formulas``, the same strings Python evaluates) as Vega expressions, bars for imports
    before and after, the revenue and the latest actual imports, and a readout."""
    years = [int(y) for y in series["year"]]
    if years != list(range(years[0], years[-1] + 1)):
        raise ValueError("the what-if needs one value per year, without gaps")
    params = []
    for n, label, lo, hi, step, scale in WHATIF_CONTROLS:
        params.append(
            alt.param(
                name=control(n, scale),
                value=round(float(defaults[n]) * scale, 10),
                bind=alt.binding_range(min=lo, max=hi, step=step, name=f"{label} "),
            )
        )
        if scale != 1:  # the model's parameter, a share, from the slider's per cent
            params.append(alt.param(name=n, expr=f"{control(n, scale)} / {scale}"))
    params += [
        alt.param(
            name="base_year",
            value=int(defaults["scenario_year"]),
            bind=alt.binding_select(options=years, name="Base year (imports before the tariff) "),
        ),
        alt.param(name="imports_by_year", value=[float(v) for v in series["imports_usd_m"]]),
        alt.param(name="imports_before", expr=f"imports_by_year[base_year - {years[0]}]"),
    ]
    params += [alt.param(name=n, expr=e) for n, e in formulas.items()]
    year, value = actual
    rows = pd.DataFrame(
        {
            "order": [1, 2, 3, 4],
            "item": [*WHATIF_ITEMS, f"US imports from Việt Nam, {year} (actual)"],
        }
    )
    pick = (
        "datum.order == 1 ? imports_before : datum.order == 2 ? imports_after : "
        f"datum.order == 3 ? revenue : {float(value)!r}"
    )
    meanings = {**WHATIF_ITEMS, rows["item"].iloc[-1]: "actual, latest"}
    y = alt.Y("item:N", sort=list(rows["item"]), title=None, axis=alt.Axis(labelLimit=330))
    base = alt.Chart(rows).transform_calculate(usd_m=pick, label=BILLIONS)
    bars = base.mark_bar().encode(
        x=alt.X("usd_m:Q", title="US dollars", axis=charts.money_axis()),
        y=y,
        color=alt.Color("item:N", legend=None, scale=palette.scale(rows["item"], meanings)),
        tooltip=[
            alt.Tooltip("item:N", title="Item"),
            alt.Tooltip("usd_m:Q", title="$ million", format=",.0f"),
        ],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(x="usd_m:Q", y=y, text="label:N")
    readout = (  # one short line each, so it reads on a phone
        alt.Chart(pd.DataFrame({"line": [0, 1, 2, 3]}))
        .transform_calculate(
            text=(
                "datum.line == 0 ? 'Base year ' + base_year"
                " : datum.line == 1 ? 'Effective rate ' + format(effective_rate, '.1%')"
                " : datum.line == 2 ? 'Imports change ' + format(change_share, '+.1%')"
                " : 'Revenue $' + format(revenue / 1000, ',.1f') + 'bn'"
            )
        )
        .mark_text(align="left", baseline="top", fontSize=12, fontWeight="bold")
        .encode(x=alt.value(0), y=alt.Y("line:O", axis=None), text="text:N")
        .properties(width=charts.WIDTH - 200, height=64)
    )
    chart = alt.vconcat(
        readout, (bars + labels).properties(width=charts.WIDTH - 200, height=alt.Step(34)), spacing=8
    ).add_params(*params)
    return charts.finish(
        chart,
        title=title,
        source=source,
        subtitle=LIVE_NOTE,
        printed=PRINTED_NOTE,
        alt_text=(
            "Interactive bar chart of the tariff what-if: US imports from "
            "Vietnam in the base year before and after an additional "
            "tariff, the tariff revenue and the latest actual imports, with "
            "controls for the tariff rate, exempt share, transshipment "
            "share and rate, elasticity and base year."
        ),
    )


REAL_FLOWS = {"US exports to Việt Nam": "exports", "US imports from Việt Nam": "imports"}
# What the line is measured in, stated on the chart as the controls change it.
DOLLARS = "dollars == 'constant' ? 'In constant ' + price_base + ' dollars' : 'In current dollars'"


def real_live(
    flows: pd.DataFrame, cpi: pd.DataFrame, defaults: dict, *, formula: str, title: str, source: str
) -> alt.TopLevelMixin:
    """US exports to and imports from Việt Nam by year, in current dollars or constant
    dollars of a chosen base year (CPI-U joined in the browser with ``formula``, the
    expression Python's deflate() evaluates), over the years the reader picks."""
    long = flows.melt(
        id_vars="year", value_vars=["exports_usd_m", "imports_usd_m"], var_name="flow", value_name="usd_m"
    ).dropna(subset=["usd_m"])
    long["flow"] = long["flow"].map(
        {"exports_usd_m": "US exports to Việt Nam", "imports_usd_m": "US imports from Việt Nam"}
    )
    index = cpi.dropna(subset=["cpi_u"]).sort_values("year")
    cpi_years = [int(y) for y in index["year"]]
    if cpi_years != list(range(cpi_years[0], cpi_years[-1] + 1)):
        raise ValueError("the price index needs one value per year, without gaps")
    first, last = int(long["year"].min()), int(long["year"].max())
    params = [
        alt.param(
            name="dollars",
            value="constant" if defaults["real_dollars"] else "current",
            bind=alt.binding_radio(options=["current", "constant"], name="Dollars "),
        ),
        alt.param(
            name="price_base",
            value=int(defaults["base_year"]),
            bind=alt.binding_select(options=cpi_years, name="Price base year (constant dollars) "),
        ),
        alt.param(
            name="first_year",
            value=int(defaults["start_year"]),
            bind=alt.binding_range(min=first, max=last, step=1, name="First year shown "),
        ),
        alt.param(
            name="last_year",
            value=int(defaults["end_year"]),
            bind=alt.binding_range(min=first, max=last, step=1, name="Last year shown "),
        ),
        alt.param(name="cpi_by_year", value=[float(v) for v in index["cpi_u"]]),
        alt.param(name="base_cpi", expr=f"cpi_by_year[price_base - {cpi_years[0]}]"),
    ]
    shown = formula.replace("usd_m", "datum.usd_m").replace("cpi_u", "datum.cpi_u")
    lines = (
        alt.Chart(long)
        .transform_lookup(
            lookup="year",
            from_=alt.LookupData(
                data=alt.InlineData(values=index[["year", "cpi_u"]].to_dict("records")),
                key="year",
                fields=["cpi_u"],
            ),
        )
        .transform_calculate(shown=f"dollars == 'constant' ? {shown} : datum.usd_m")
        # the two year sliders bound the years in either order: no setting draws nothing
        .transform_filter(
            "datum.year >= min(first_year, last_year) && datum.year <= max(first_year, last_year)"
        )
        .mark_line(point=alt.OverlayMarkDef(size=20))
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d"), scale=alt.Scale(zero=False, nice=False)),
            y=alt.Y("shown:Q", title="US dollars", axis=charts.money_axis()),
            color=alt.Color("flow:N", title=None, scale=palette.scale(REAL_FLOWS, REAL_FLOWS)),
            tooltip=[
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("flow:N", title="Flow"),
                alt.Tooltip("shown:Q", title="$ million", format=",.0f"),
                alt.Tooltip("usd_m:Q", title="$ million, current", format=",.0f"),
            ],
        )
    )
    stated = (
        alt.Chart(pd.DataFrame({"x": [0]}))
        .transform_calculate(text=DOLLARS)
        .mark_text(align="left", baseline="top", fontSize=12, fontWeight="bold", color=palette.DARK)
        .encode(x=alt.value(4), y=alt.value(4), text="text:N")
    )
    chart = (lines + stated).properties(width=charts.WIDTH, height=280).add_params(*params)
    return charts.finish(
        chart,
        title=title,
        source=source,
        subtitle=LIVE_NOTE,
        printed=PRINTED_NOTE,
        alt_text=(
            "Interactive line chart of US exports to and imports from "
            "Vietnam by year, with controls for current or constant "
            "dollars, the price base year and the years shown."
        ),
    )
