"""The trade chapter's live figures: charts whose controls recompute them in the browser."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import charts

LIVE_NOTE = (
    "On the website, the controls below the chart recompute it; printed, it shows the values in the text"
)


WHATIF_CONTROLS = (  # name, label, min, max, step
    ("tariff_rate", "Additional tariff rate (share of value)", 0, 1, 0.01),
    ("exempt_share", "Share of imports exempt (zero rate)", 0, 1, 0.01),
    ("transshipment_share", "Share of the rest judged transshipped", 0, 1, 0.01),
    ("transshipment_rate", "Tariff rate on transshipped goods", 0, 1, 0.01),
    ("elasticity", "Elasticity of imports to price (magnitude)", 0, 10, 0.1),
)


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
    params = [
        alt.param(
            name=n,
            value=float(defaults[n]),
            bind=alt.binding_range(min=lo, max=hi, step=step, name=f"{label} "),
        )
        for n, label, lo, hi, step in WHATIF_CONTROLS
    ]
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
            "item": [
                "US imports from Việt Nam, base year, before the tariff",
                "US imports from Việt Nam, after the tariff (model)",
                "Tariff revenue (model)",
                f"US imports from Việt Nam, {year} (actual)",
            ],
        }
    )
    pick = (
        "datum.order == 1 ? imports_before : datum.order == 2 ? imports_after : "
        f"datum.order == 3 ? revenue : {float(value)!r}"
    )
    y = alt.Y("item:N", sort=list(rows["item"]), title=None, axis=alt.Axis(labelLimit=330))
    base = alt.Chart(rows).transform_calculate(usd_m=pick)
    bars = base.mark_bar().encode(
        x=alt.X("usd_m:Q", title="Million US dollars", axis=alt.Axis(format=",.0f")),
        y=y,
        color=alt.Color(
            "item:N",
            legend=None,
            sort=list(rows["item"]),
            scale=alt.Scale(range=[charts.PALETTE[0], charts.PALETTE[1], charts.PALETTE[3], "#888888"]),
        ),
        tooltip=[
            alt.Tooltip("item:N", title="Item"),
            alt.Tooltip("usd_m:Q", title="$ million", format=",.0f"),
        ],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(
        x="usd_m:Q", y=y, text=alt.Text("usd_m:Q", format="$,.0f")
    )
    readout = (
        alt.Chart(pd.DataFrame({"line": [0, 1]}))
        .transform_calculate(
            text=(
                "datum.line == 0 ? 'Base year ' + base_year + ': effective rate ' + format(effective_rate, '.1%')"
                " : 'Imports change ' + format(change_share, '+.1%') + '; revenue $' + format(revenue, ',.0f') + ' million'"
            )
        )
        .mark_text(align="left", baseline="top", fontSize=12, fontWeight="bold")
        .encode(x=alt.value(0), y=alt.Y("line:O", axis=None), text="text:N")
        .properties(width=charts.WIDTH - 200, height=34)
    )
    chart = alt.vconcat(
        readout, (bars + labels).properties(width=charts.WIDTH - 200, height=alt.Step(34)), spacing=8
    ).add_params(*params)
    return charts.finish(
        chart,
        title=title,
        source=source,
        subtitle=LIVE_NOTE,
        alt_text=(
            "Interactive bar chart of the tariff what-if: US imports from "
            "Vietnam in the base year before and after an additional "
            "tariff, the tariff revenue and the latest actual imports, with "
            "controls for the tariff rate, exempt share, transshipment "
            "share and rate, elasticity and base year."
        ),
    )


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
    chart = (
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
        .transform_filter("datum.year >= first_year && datum.year <= last_year")
        .mark_line(point=alt.OverlayMarkDef(size=20))
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d"), scale=alt.Scale(zero=False, nice=False)),
            y=alt.Y("shown:Q", title="Million US dollars", axis=alt.Axis(format=",.0f")),
            color=alt.Color("flow:N", title=None),
            tooltip=[
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("flow:N", title="Flow"),
                alt.Tooltip("shown:Q", title="$ million", format=",.0f"),
                alt.Tooltip("usd_m:Q", title="$ million, current", format=",.0f"),
            ],
        )
        .properties(width=charts.WIDTH, height=280)
        .add_params(*params)
    )
    return charts.finish(
        chart,
        title=title,
        source=source,
        subtitle=LIVE_NOTE,
        alt_text=(
            "Interactive line chart of US exports to and imports from "
            "Vietnam by year, with controls for current or constant "
            "dollars, the price base year and the years shown."
        ),
    )
