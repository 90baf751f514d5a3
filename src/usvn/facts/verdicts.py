"""The source reports' claims, judged against the data.

Claims are data (``data/seed_claims.csv``): the words quoted from the report, the report,
the kind of claim (a statement of fact, a trend, an expectation, an opinion), the test the
book applies in one sentence, the check that applies it and the figure the claim states.
Each check is a function of that figure and a loader (``usvn.data.load`` in the book,
in-memory frames in the tests) and returns a :class:`Verdict` with its evidence.  The
chapters that discuss a claim quote the same verdict through :func:`quote_into`, so a
chapter and this page cannot disagree; a data update re-judges every claim.

Verdicts (one vocabulary, defined once in :data:`MEANING`):

* statements of fact and trends: supported / partly supported / not supported;
* expectations: happened / partly happened / did not happen, with the date checked;
* not checkable with public data / not checked here, each with its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from . import kinds as text

SUPPORTED, PARTLY, NOT = "supported", "partly supported", "not supported"


HAPPENED, PARTLY_HAPPENED, DID_NOT_HAPPEN = "happened", "partly happened", "did not happen"


UNCHECKABLE, NOT_CHECKED = "not checkable with public data", "not checked here"


VERDICTS = (SUPPORTED, PARTLY, NOT, HAPPENED, PARTLY_HAPPENED, DID_NOT_HAPPEN, UNCHECKABLE, NOT_CHECKED)


FOR_KIND = {
    "fact": (SUPPORTED, PARTLY, NOT),
    "trend": (SUPPORTED, PARTLY, NOT),
    "expectation": (HAPPENED, PARTLY_HAPPENED, DID_NOT_HAPPEN),
    "opinion": (UNCHECKABLE,),
}


MEANING = {
    SUPPORTED: "the data show what the claim states, under the test given",
    PARTLY: "part of the claim holds under the test and part does not, or it holds only with a qualification stated in the result",
    NOT: "the data contradict the claim under the test given",
    HAPPENED: "an expectation the record shows fulfilled by the date checked",
    PARTLY_HAPPENED: "an expectation fulfilled in part, or in another form than expected, by the date checked",
    DID_NOT_HAPPEN: "an expectation the record does not show fulfilled by the date checked",
    UNCHECKABLE: "an opinion, a motive or a quotation: no public data can confirm or refute it",
    NOT_CHECKED: "checkable in principle, but with data this book does not hold; the reason is given",
}


Loader = Callable[[str], pd.DataFrame]


@dataclass(frozen=True)
class Verdict:
    verdict: str
    result: str  # what the data show, with the computed figures
    data: str  # the resources that test the claim (';'-separated)
    evidence: list = field(default_factory=list)  # rows of a small table: [{"col": value}]
    checked: str = ""  # for expectations: the date the record runs to

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")


def day_text(date) -> str:
    return text.day(pd.Timestamp(date)).text()


# ----------------------------------------------------------------------------- not checked

CHECKS: dict[str, Callable[[str, Loader], Verdict]] = {}
"""Check name (the ``check`` column of ``seed_claims``) -> function; filled by :func:`check`
as the chapters' ``checks`` modules are imported."""


def check(fn: Callable[[str, Loader], Verdict]) -> Callable[[str, Loader], Verdict]:
    """Register ``fn`` as the check named like it."""
    CHECKS[fn.__name__] = fn
    return fn


@check
def not_checkable(expected: str, load: Loader) -> Verdict:
    """An opinion, motive or quotation (``expected`` = the reason)."""
    return Verdict(UNCHECKABLE, expected, "")


@check
def not_checked(expected: str, load: Loader) -> Verdict:
    """Checkable, but with data the book does not hold (``expected`` = the reason)."""
    return Verdict(NOT_CHECKED, expected, "")


def judge_one(claim: pd.Series, load: Loader) -> Verdict:
    if claim["check"] not in CHECKS:
        raise KeyError(f"claim {claim['id']}: unknown check {claim['check']!r}; known: {', '.join(CHECKS)}")
    verdict = CHECKS[claim["check"]]("" if pd.isna(claim["expected"]) else str(claim["expected"]), load)
    allowed = FOR_KIND[claim["kind"]] + (NOT_CHECKED, UNCHECKABLE)
    if verdict.verdict not in allowed:
        raise ValueError(
            f"claim {claim['id']} ({claim['kind']}): verdict {verdict.verdict!r} is not "
            f"one for its kind ({', '.join(allowed)})"
        )
    return verdict


def judge(claims: pd.DataFrame, load: Loader) -> pd.DataFrame:
    """One row per claim: its fields, the verdict, the result, the data and the evidence."""
    rows = []
    for _, claim in claims.iterrows():
        v = judge_one(claim, load)
        rows.append(
            {
                **claim.to_dict(),
                "report": claim["source"],
                "verdict": v.verdict,
                "result": v.result,
                "data": v.data,
                "evidence": v.evidence,
                "checked": v.checked,
            }
        )
    return pd.DataFrame(rows)


def quote_into(f, load: Loader, prefix: str, ids) -> None:
    """Put claims ``ids`` into a chapter's facts as ``<prefix>_claim_<id>``,
    ``<prefix>_result_<id>`` and ``<prefix>_verdict_<id>``: the same functions, and so
    the same numbers and verdicts, as the claims page."""
    table = load("seed_claims")
    judged = judge(table[table["id"].isin(ids)], load).set_index("id")  # only the claims quoted
    f.using()
    for cid in ids:
        f[f"{prefix}_claim_{cid}"] = judged.loc[cid, "claim"]
        f[f"{prefix}_result_{cid}"] = judged.loc[cid, "result"]
        f[f"{prefix}_verdict_{cid}"] = judged.loc[cid, "verdict"]
