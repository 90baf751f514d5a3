"""The tariff what-if: one formula chain, evaluated here and compiled into the live chart's Vega expressions."""

from __future__ import annotations

import pandas as pd

# ----------------------------------------------------------------------------- what-if

# The what-if model, written once.  Python evaluates these formulas (effective_rate(),
# scenario()) and the website's live figure compiles the same strings into Vega
# expressions (vega_expressions()), so the page and the book cannot compute differently.
# Inputs: the four tariff parameters, the elasticity and the base year's imports.
WHATIF = (
    (
        "effective_rate",
        "(1 - exempt_share) * ((1 - transshipment_share) * tariff_rate"
        " + transshipment_share * transshipment_rate)",
    ),
    ("imports_after", "imports_before * pow(1 + effective_rate, -elasticity)"),
    ("change_share", "imports_after / imports_before - 1"),
    ("revenue", "effective_rate * imports_after"),
)


WHATIF_INPUTS = (
    "tariff_rate",
    "exempt_share",
    "transshipment_rate",
    "transshipment_share",
    "elasticity",
    "imports_before",
)


def evaluate(formula: str, values: dict):
    """A formula of WHATIF or DEFLATE: + - * / and pow() of names and numbers, nothing
    else; names may be numbers or pandas Series (evaluated element-wise)."""
    import ast
    import operator

    ops = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name):
            value = values[node.id]
            return float(value) if isinstance(value, (int, float)) else value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in ops:
            return ops[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "pow":
            return ev(node.args[0]) ** ev(node.args[1])
        raise ValueError(f"not allowed in a formula: {ast.dump(node)}")

    return ev(ast.parse(formula, mode="eval"))


def whatif(values: dict, upto: str | None = None) -> dict:
    """Evaluate the WHATIF formulas in order (stopping after ``upto``); ``values`` holds the
    inputs (and may hold a formula's result, e.g. a given ``effective_rate``)."""
    out = dict(values)
    for name, formula in WHATIF:
        if name not in values:
            out[name] = evaluate(formula, out)
        if name == upto:
            break
    return out


def vega_expressions() -> dict[str, str]:
    """The WHATIF formulas as Vega expressions over signals of the same names."""
    return dict(WHATIF)


def effective_rate(
    tariff_rate: float,
    exempt_share: float = 0.0,
    transshipment_rate: float = 0.0,
    transshipment_share: float = 0.0,
) -> float:
    """Average additional tariff on the import bill: exempt goods pay zero; of the rest,
    the share judged transshipped pays ``transshipment_rate`` instead of ``tariff_rate``."""
    values = {
        "tariff_rate": tariff_rate,
        "exempt_share": exempt_share,
        "transshipment_rate": transshipment_rate,
        "transshipment_share": transshipment_share,
    }
    for name, value in values.items():
        if not 0 <= value <= 1:
            raise ValueError(f"{name} must be between 0 and 1, got {value}")
    return whatif(values, upto="effective_rate")["effective_rate"]


def scenario(imports_usd_m: float, rate: float, elasticity: float) -> dict:
    """Partial-equilibrium response of an import bill to an additional ad valorem tariff.

    Assumes complete pass-through (the tariff-inclusive price rises by the full rate) and
    constant-elasticity import demand: imports (at pre-tariff prices) scale by
    ``(1 + rate) ** -elasticity``.  Revenue is ``rate`` times the new import value.
    """
    if elasticity < 0:
        raise ValueError(f"elasticity is a magnitude and must be ≥ 0, got {elasticity}")
    if rate < 0:
        raise ValueError(f"rate must be ≥ 0, got {rate}")
    v = whatif(
        {
            "imports_before": float(imports_usd_m),
            "effective_rate": float(rate),
            "elasticity": float(elasticity),
        },
        upto="imports_after",
    )
    after = v["imports_after"]
    change = whatif(v, upto="change_share")["change_share"] if imports_usd_m else 0.0
    return {
        "rate": rate,
        "elasticity": elasticity,
        "imports_before_usd_m": imports_usd_m,
        "imports_after_usd_m": after,
        "change_usd_m": after - imports_usd_m,
        "change_share": change,
        "revenue_usd_m": whatif(v, upto="revenue")["revenue"],
    }


def sensitivity(imports_usd_m: float, rates: list[float], elasticities: list[float]) -> pd.DataFrame:
    """:func:`scenario` over a grid of rates and elasticities."""
    return pd.DataFrame([scenario(imports_usd_m, r, e) for e in elasticities for r in rates])


def grid(points: pd.DataFrame, defaults: dict, imports_before: float) -> pd.DataFrame:
    """The what-if for every row of ``points`` at once (columns: any of the tariff
    parameters and the elasticity; the others at ``defaults``), with the base year's
    imports: the same formulas, evaluated element-wise."""
    values: dict = {k: defaults[k] for k in WHATIF_INPUTS if k != "imports_before"}
    values |= {k: points[k].astype(float) for k in points.columns if k in values}
    for name in ("tariff_rate", "exempt_share", "transshipment_rate", "transshipment_share"):
        column = pd.Series(values[name], index=points.index, dtype=float)
        if ((column < 0) | (column > 1)).any():
            raise ValueError(f"{name} must be between 0 and 1")
    values["imports_before"] = float(imports_before)
    out = whatif(values)
    return pd.DataFrame(
        {
            "tr_eff_rate_share": pd.Series(out["effective_rate"], index=points.index),
            "tr_sc_after_usd_m": pd.Series(out["imports_after"], index=points.index).round(1),
            "tr_sc_change_share": pd.Series(out["change_share"], index=points.index),
            "tr_sc_revenue_usd_m": pd.Series(out["revenue"], index=points.index).round(1),
        }
    )
