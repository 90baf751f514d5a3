"""The chapter registry (chapters/chapters.toml): one entry per page, read by the build and
the ``usvn`` command; parameter bounds read from the data; adding a chapter is one entry
plus its files (CONTRIBUTING.md), proved here on a copy."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from usvn import registry
from usvn.params import ParameterError

TINY_PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3 (ipykernel)
  language: python
  name: python3
---

# A tiny chapter

The answer is {glue:text}`tiny_answer`.

```{code-cell}
:tags: [parameters, remove-cell]

n = 2
```

```{code-cell}
:tags: [remove-input]

from usvn import charts, data, facts
from usvn.chapters import tiny as chapter

charts.setup()
f = chapter.facts(data.load, **facts.parameters("tiny", globals()))
facts.glue_all(f)
```
"""
TINY_PACKAGE = '''"""A tiny chapter: facts and figures."""
from usvn.facts import Facts, parameters

CHAPTER = "tiny"


def facts(load, **given):
    p = parameters(CHAPTER, given)
    f = Facts(CHAPTER, p)
    f.using()
    f["tiny_answer"] = p["n"] * 21
    return f


def figure(f, name):
    raise KeyError(f"{CHAPTER}: no figure {name!r}")
'''
TINY_ENTRY = """
[[page]]
name = "tiny"
title = "A tiny chapter"
module = "usvn.chapters.tiny"
prefix = "tiny"
results = ["tiny_answer"]
numeric = "tiny_answer"
example = ["n", "3"]

[[page.parameters]]
name = "n"
kind = "int"
default = 2
meaning = "a number"
minimum = 1
maximum = 10
"""


def add_tiny_chapter(book: Path) -> None:
    """The steps of CONTRIBUTING.md, literally: the page, its facts package under
    src/usvn/chapters/, one registry entry and one line in the table of contents."""
    (book / "chapters" / "tiny.md").write_text(TINY_PAGE, encoding="utf-8")
    package = book / "src" / "usvn" / "chapters" / "tiny"
    package.mkdir()
    (package / "__init__.py").write_text(TINY_PACKAGE, encoding="utf-8")
    with open(book / registry.REGISTRY, "a", encoding="utf-8") as fh:
        fh.write(TINY_ENTRY)
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    toc["parts"][0]["chapters"].append({"file": "chapters/tiny"})
    (book / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")


def test_a_registered_chapter_builds_runs_and_lists_its_parameters(built_copy, tmp_path):
    add_tiny_chapter(built_copy)
    # the copy's own package (with the new chapter) in every process and kernel
    env = dict(os.environ, PYTHONPATH=str(built_copy / "src"))

    def usvn(*args):
        return subprocess.run(
            [sys.executable, "-m", "usvn", "--root", str(built_copy), *args],
            capture_output=True,
            text=True,
            env=env,
        )

    proc = usvn("build", "--formats", "html", "--quiet")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"tiny +executed", proc.stdout), proc.stdout
    page = (built_copy / "_build" / "html" / "chapters" / "tiny.html").read_text(encoding="utf-8")
    assert "The answer is" in page and "42" in page
    params = usvn("params", "tiny")
    assert params.returncode == 0 and "n " in params.stdout and "1–10" in params.stdout
    run = usvn("run", "tiny", "-p", "n", "3", "--out", str(tmp_path / "run"), "--quiet")
    assert run.returncode == 0, run.stderr
    assert "tiny_answer" in run.stdout and "63" in run.stdout
    bad = usvn("run", "tiny", "-p", "n", "11", "--out", str(tmp_path / "bad"))
    assert bad.returncode == 2 and "'n' = 11 is above the maximum 10" in bad.stderr
    sweep = usvn("sweep", "tiny", "-p", "n", "1,2,3", "--out", str(tmp_path / "sweep"), "--quiet")
    assert sweep.returncode == 0, sweep.stderr


@pytest.fixture(scope="module")
def load():
    from usvn import data, facts

    return facts.cached(data.load)  # each resource read once for every page


@pytest.mark.parametrize("page", [p for p in registry.read() if p.module], ids=lambda p: p.name)
def test_each_page_s_title_and_fact_prefix_are_those_registered(root, page, load):
    """The registry's title is the page's heading, and every fact id the page states starts
    with the registered prefix (the ids editions record)."""
    from usvn import book, facts

    heading = book.read_source(root / "chapters" / f"{page.name}.md").cells[0].source.splitlines()[0]
    assert heading == f"# {page.title}"
    stated = facts.compute(page.name, load)
    assert stated and all(k.startswith(f"{page.prefix}_") for k in stated), page.prefix


def years(root: Path, name: str) -> list[int]:
    with open(root / "data" / f"{name}.csv", newline="", encoding="utf-8") as fh:
        return [int(r["year"]) for r in csv.DictReader(fh)]


def test_year_bounds_are_the_span_of_the_data(root):
    span = years(root, "us_vn_trade_annual")
    start = next(p for p in registry.schema("trade_framework", root) if p.name == "start_year")
    assert (start.minimum, start.maximum) == (min(span), max(span))
    sipri = years(root, "sipri_vn_arms_imports")
    end = next(p for p in registry.schema("defence_ties", root) if p.name == "end_year")
    assert (end.minimum, end.maximum) == (min(sipri), max(sipri))


def test_a_new_year_in_the_data_widens_the_bounds(repo_copy):
    path = repo_copy / "data" / "us_vn_trade_annual.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    last = lines[-1].split(",")
    last[0] = str(int(last[0]) + 1)
    path.write_text("\n".join(lines + [",".join(last)]) + "\n", encoding="utf-8")
    end = next(p for p in registry.schema("trade_framework", repo_copy) if p.name == "end_year")
    assert end.maximum == int(last[0])


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda t: t + '\n[[page]]\nname = "about"\ntitle = "Again"\n', "'about' is registered twice"),
        (
            lambda t: t + '\n[[page]]\nname = "nowhere"\ntitle = "No file"\n',
            "chapters/nowhere.md does not exist",
        ),
        (
            lambda t: t.replace(
                'minimum = "first:us_vn_trade_annual.year"', 'minimum = "first:nothing.year"', 1
            ),
            "no resource 'nothing'",
        ),
        (
            lambda t: t.replace('title = "Defence ties"', 'title = "Defence ties"\ncolour = "red"'),
            "a page needs name and title and takes only",
        ),
        (lambda t: t + "\n[[page\n", "not valid TOML"),
    ],
)
def test_registry_errors_name_the_file_page_and_rule(repo_copy, edit, message):
    path = repo_copy / registry.REGISTRY
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        registry.schema("trade_framework", repo_copy)
    proc = subprocess.run(
        [sys.executable, "-m", "usvn", "--root", str(repo_copy), "params"], capture_output=True, text=True
    )
    assert proc.returncode == 2 and "chapters/chapters.toml" in proc.stderr
    assert "Traceback" not in proc.stderr
