"""One colour for each thing the charts show, everywhere in the book.

Every categorical colour in a chart comes from here: ``scale(labels)`` gives the domain
(the legend labels, in order) and the range (each label's colour), so a colour never
depends on the order in which categories happen to appear.  Labels are looked up by
meaning: a label names its entity or measure directly ("China", "exports") or through
``meanings`` ({"US imports from Vietnam": "imports"}).  The colours are Paul Tol's
"bright" and "muted" schemes, chosen to stay distinguishable under the common
colour-vision deficiencies; ``check`` finds a label drawn in two colours across specs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import altair as alt

# Paul Tol, "Colour schemes" (SRON/EPS/TN/09-002): bright and muted qualitative schemes.
BLUE, RED, GREEN, YELLOW = "#4477AA", "#EE6677", "#228833", "#CCBB44"
CYAN, PURPLE, GREY = "#66CCEE", "#AA3377", "#BBBBBB"
INDIGO, TEAL, OLIVE, WINE, SAND, PALE = "#332288", "#44AA99", "#999933", "#882255", "#DDCC77", "#88CCEE"
DARK_GREEN, DARK = "#117733", "#555555"
ORANGE = "#EE7733"  # Tol's "vibrant" orange: partners a reader picked to highlight
HOLLOW = "#ffffff"  # the fill of an open mark

COLOURS: dict[str, str] = {
    # places and groups of partners
    "Việt Nam": RED,
    "United States": BLUE,
    "China": YELLOW,
    "Russia": PURPLE,
    "Mexico": CYAN,
    "Ukraine": TEAL,
    "Israel": INDIGO,
    "Belarus": OLIVE,
    "others": GREY,
    "all partners": DARK,
    "highlighted": ORANGE,
    # trade measures (US statistics unless the label says otherwise)
    "exports": GREEN,
    "imports": RED,
    "balance": INDIGO,
    "imports, Việt Nam customs": OLIVE,
    "revenue": SAND,
    "actual, base year": GREY,
    "model": WINE,
    "actual, latest": DARK,
    # tariff rates by status
    "rate in force": RED,
    "rate announced": RED,
    "zero rate": TEAL,
    "rate announced, most goods": PURPLE,
    "hollow": HOLLOW,
    # strands of the relationship
    "diplomacy": CYAN,
    "trade": GREEN,
    "defence": PURPLE,
    "war legacies": OLIVE,
    # partnership rungs, lowest to highest
    "Comprehensive partnership": PALE,
    "Strategic partnership": TEAL,
    "Comprehensive strategic partnership": DARK_GREEN,
    # travel, war legacies, opinion
    "Vietnamese leader in the US": RED,
    "US president in Việt Nam": BLUE,
    "Americans unaccounted for": RED,
    "Americans identified": BLUE,
    "remains handed over": GREEN,
    "opinion of the United States": BLUE,
    "opinion of China": YELLOW,
    "alignment with the United States": INDIGO,
    # defence: kinds of event and stages of a transfer
    "partnership": INDIGO,
    "dialogue": PALE,
    "port visit": TEAL,
    "policy": GREY,
    "exercise": DARK_GREEN,
    "agreement": SAND,
    "south china sea": RED,
    "transfer": WINE,
    "ordered (SIPRI)": GREY,
    "handed over": BLUE,
    "arrived in Việt Nam": RED,
}
ALIASES = {"Vietnam": "Việt Nam", "Others": "others", "All partners": "all partners"}
# Ordered series with no fixed meaning (elasticities, funding lines): light to dark.
SEQUENCE = [PALE, TEAL, DARK_GREEN, OLIVE, SAND, WINE, INDIGO, PURPLE]


def of(meaning: str) -> str:
    """The colour of an entity or measure; unknown names are an error, not a default."""
    key = ALIASES.get(meaning, meaning)
    if key not in COLOURS:
        raise KeyError(f"no colour for {meaning!r}: add it to usvn.charts.palette.COLOURS")
    return COLOURS[key]


# For labels a reader's parameters bring in (any partner or supplier), in this order.
EXTRA = [ROSE := "#CC6677", DARK_GREEN, OLIVE, TEAL, SAND, PALE, INDIGO, WINE, "#AA4499", GREY]


def scale(
    labels: Iterable, meanings: Mapping | None = None, *, open_set: bool = False, **kwargs
) -> alt.Scale:
    """A colour scale whose domain is ``labels`` (in legend order) and whose range is each
    label's colour, by its meaning (``meanings[label]``, else the label itself).
    ``open_set``: the labels come from a parameter (partners, suppliers); one without a
    colour of its own takes the first of ``EXTRA`` not used in this chart, in the
    alphabetical order of such labels, so a re-run names every line."""
    domain = list(labels)
    meanings = meanings or {}
    known = {
        label: of(meanings.get(label, label))
        for label in domain
        if not open_set or _has(meanings.get(label, label))
    }
    spare = iter(c for c in EXTRA if c not in known.values())
    extra = {label: next(spare, GREY) for label in sorted(set(domain) - set(known), key=str)}
    return alt.Scale(domain=domain, range=[known.get(label) or extra[label] for label in domain], **kwargs)


def _has(meaning) -> bool:
    return ALIASES.get(meaning, meaning) in COLOURS


def sequence(labels: Iterable, **kwargs) -> alt.Scale:
    """A colour scale for ordered labels with no fixed meaning (first light, last dark)."""
    domain = list(labels)
    if len(domain) > len(SEQUENCE):
        raise ValueError(f"{len(domain)} labels but {len(SEQUENCE)} colours in the sequence")
    return alt.Scale(domain=domain, range=SEQUENCE[: len(domain)], **kwargs)


def encodings(spec) -> Iterable[tuple[str, dict]]:
    """Every colour, fill and stroke encoding with a field in a Vega-Lite spec."""
    if isinstance(spec, dict):
        for channel in ("color", "fill", "stroke"):
            enc = (spec.get("encoding") or {}).get(channel)
            if isinstance(enc, dict) and isinstance(enc.get("condition"), dict):
                enc = enc["condition"]  # a field drawn where a test holds, a fixed value elsewhere
            if isinstance(enc, dict) and "field" in enc:
                yield channel, enc
        for key, value in spec.items():
            if key not in ("datasets", "data", "encoding"):
                yield from encodings(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from encodings(value)


def specs_of(notebook) -> dict[str, dict]:
    """The Vega-Lite specs an executed chapter glued, by figure name."""
    import json

    import nbformat

    out = {}
    for cell in nbformat.read(str(notebook), as_version=4).cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            for mime, value in output.get("data", {}).items():
                if name and "vegalite" in mime:
                    out[name] = json.loads(value) if isinstance(value, str) else value
    return out


def check(specs: Mapping[str, dict]) -> list[str]:
    """What breaks the one-palette rule in ``specs`` (name -> spec): a colour encoding
    without its own domain and range, a colour not from this palette, or a label drawn
    in two colours (colour and stroke; fill is a mark's inside, checked on its own)."""
    problems: list[str] = []
    seen: dict[tuple[bool, str], tuple[str, str]] = {}
    allowed = set(COLOURS.values()) | set(SEQUENCE) | set(EXTRA) | {HOLLOW}
    for name, spec in specs.items():
        for channel, enc in encodings(spec):
            sc = enc.get("scale") or {}
            domain, colours = sc.get("domain"), sc.get("range")
            if not isinstance(domain, list) or not isinstance(colours, list) or len(domain) != len(colours):
                problems.append(
                    f"{name}: {channel} of {enc['field']!r} has no domain and range from the palette"
                )
                continue
            for label, colour in zip(domain, colours):
                if colour not in allowed:
                    problems.append(f"{name}: {label!r} is drawn in {colour}, not a palette colour")
                key = (channel == "fill", str(label))
                if key in seen and seen[key][0] != colour:
                    problems.append(f"{label!r} is {seen[key][0]} in {seen[key][1]} and {colour} in {name}")
                seen.setdefault(key, (colour, name))
    return problems
