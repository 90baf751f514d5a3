"""The claims page: every claim of the source reports with its verdict (see
:mod:`usvn.facts.verdicts`).  The checks are those of every registered chapter's
``checks`` module (chapters/chapters.toml), imported, and so registered, before judging."""

from __future__ import annotations

import pandas as pd

from .. import registry
from ..facts import Facts
from ..facts import kinds as text
from ..facts.verdicts import (
    DID_NOT_HAPPEN,
    HAPPENED,
    MEANING,
    NOT,
    NOT_CHECKED,
    PARTLY,
    PARTLY_HAPPENED,
    SUPPORTED,
    UNCHECKABLE,
    VERDICTS,
    judge,
)
from . import record


def register_checks() -> None:
    """Import the ``checks`` module of every registered chapter that has one."""
    import importlib
    import importlib.util

    for page in registry.read():
        spec = importlib.util.find_spec(page.module) if page.module else None
        if spec and spec.submodule_search_locations and importlib.util.find_spec(f"{page.module}.checks"):
            importlib.import_module(f"{page.module}.checks")


# ----------------------------------------------------------------------------- the page

CHAPTER = "claims"


REPORTS = {"seed_ani2023": "report of September 2023", "seed_cnews2025": "report of October 2025"}


TOPICS = ("diplomacy", "trade", "defence", "opinion")


COUNTS = {
    "supported": SUPPORTED,
    "partly": PARTLY,
    "not": NOT,
    "happened": HAPPENED,
    "partly_happened": PARTLY_HAPPENED,
    "did_not_happen": DID_NOT_HAPPEN,
    "uncheckable": UNCHECKABLE,
    "not_checked": NOT_CHECKED,
}


def table_md(rows: list[dict]) -> str:
    if not rows:
        return ""
    cols = list(rows[0])
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(text.cell(r.get(c, ""), empty="") for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def anchor(cid: str) -> str:
    return f"claim-{cid.lower()}"


def summary_md(frame: pd.DataFrame) -> str:
    rows = [
        {
            "Claim": f"{{ref}}`{r.id} <{anchor(r.id)}>`",
            "What the report said": r.claim,
            "Report": REPORTS.get(r.report, r.report),
            "Verdict": f"**{r.verdict}**",
        }
        for r in frame.itertuples()
    ]
    return table_md(rows)


def vocabulary_md() -> str:
    return "\n".join(f"- **{v}**: {MEANING[v]}." for v in VERDICTS)


def claims_markdown(frame: pd.DataFrame) -> str:
    """One section per claim: the quoted words and report, the test, the data, the
    verdict and result, and the evidence."""
    out = []
    for r in frame.itertuples():
        lines = [
            f"({anchor(r.id)})=",
            f"### {r.id}. {r.claim}",
            "",
            f"> {r.quote}",
            "",
            f"*From the {REPORTS.get(r.report, r.report)}* {{cite:p}}`{r.report}`.",
            "",
            f"- **Test.** {r.test}",
            "- **Data.** " + (", ".join(f"`data/{d}.csv`" for d in r.data.split(";")) if r.data else "none"),
            f"- **Verdict.** **{r.verdict}**" + (f" (checked to {r.checked})" if r.checked else ""),
            f"- **Result.** {r.result}",
            "",
        ]
        if r.evidence:
            lines += [table_md(r.evidence), ""]
        out.append("\n".join(lines))
    return "\n".join(out)


def facts(load, **given):
    """Every value the claims page states: counts by verdict, the summary table and one
    Markdown section per topic."""
    register_checks()

    f = Facts(CHAPTER, {})
    judged = judge(load("seed_claims"), load)
    f.using("seed_claims")
    counts = judged["verdict"].value_counts()
    for key, verdict in COUNTS.items():
        f[f"cl_n_{key}"] = int(counts.get(verdict, 0))
    kinds = judged["kind"].value_counts()
    f["cl_n"] = len(judged)
    f["cl_n_facts"] = int(kinds.get("fact", 0) + kinds.get("trend", 0))
    f["cl_n_expectations"] = int(kinds.get("expectation", 0))
    f["cl_n_opinions"] = int(kinds.get("opinion", 0))
    f["cl_n_checked"] = int(
        judged["verdict"].isin([SUPPORTED, PARTLY, NOT, HAPPENED, PARTLY_HAPPENED, DID_NOT_HAPPEN]).sum()
    )
    f["cl_summary_md"] = summary_md(judged)
    f["cl_vocabulary_md"] = vocabulary_md()
    for topic in TOPICS:
        f[f"cl_{topic}_md"] = claims_markdown(judged[judged["topic"] == topic])
    f.as_of = f"{record.record_end(load):%Y-%m-%d}"  # the date expectations were checked
    return f
