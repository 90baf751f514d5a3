"""The chapter registry (``chapters/chapters.toml``): each executed page's one name, title,
facts module, fact-id prefix, results and parameters.  The build, the ``usvn`` command, the
claims page, the facts export and the tests read it; nothing else lists the chapters.

Parameter bounds may be read from the data (``"first:<resource>.<column>"``), so a new
vintage widens them without a code change."""

from __future__ import annotations

import importlib
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import data
from .data.package import REGISTRY_FILE
from .params import Param, ParameterError

REGISTRY = REGISTRY_FILE  # chapters/chapters.toml


class RegistryError(ParameterError):
    """The registry file breaks one of its rules (named in the message); reported like a
    bad parameter, before anything runs."""


@dataclass(frozen=True)
class Page:
    name: str
    title: str
    module: str = ""  # dotted name of the module with facts() and figure()
    prefix: str = ""
    results: tuple[str, ...] = ()
    numeric: str = ""
    example: tuple[str, str] | None = None
    parameters: tuple[Param, ...] = field(default=())

    @property
    def source(self) -> Path:
        """The page as authored, relative to the book's root."""
        return Path("chapters") / f"{self.name}.md"

    @property
    def parameterized(self) -> bool:
        return bool(self.parameters)

    def facts_module(self):
        if not self.module:
            raise RegistryError(f"page {self.name!r} has no facts module")
        return importlib.import_module(self.module)


_PAGE_KEYS = {"name", "title", "module", "prefix", "results", "numeric", "example", "parameters"}
_PARAM_KEYS = {"name", "kind", "default", "meaning", "minimum", "maximum", "choices", "nullable", "unit"}


def _bound(value: Any, where: str, root: Path) -> float | None:
    """A number, or "first:<resource>.<column>" / "last:<resource>.<column>" read from the data."""
    if value is None or isinstance(value, (int, float)):
        return value
    try:
        which, ref = str(value).split(":", 1)
        resource, column = ref.rsplit(".", 1)
    except ValueError:
        raise RegistryError(
            f"{where}: bound {value!r} is neither a number nor "
            "'first:<resource>.<column>' / 'last:<resource>.<column>'"
        ) from None
    if which not in ("first", "last"):
        raise RegistryError(f"{where}: bound {value!r} must start with 'first:' or 'last:'")
    import pandas as pd

    try:
        path = data.data_dir(root) / data.resource(resource, root)["path"]
        series = pd.read_csv(path, usecols=[column])[column].dropna()
        data.record_read(resource)  # in a chapter's kernel: the bound is a dependency too
    except (KeyError, ValueError, FileNotFoundError):
        raise RegistryError(
            f"{where}: bound {value!r}: no resource {resource!r} with a column {column!r}"
        ) from None
    return int(series.min() if which == "first" else series.max())


def _param(entry: dict, where: str, root: Path) -> Param:
    unknown = set(entry) - _PARAM_KEYS
    if unknown or not {"name", "kind", "meaning"} <= set(entry):
        raise RegistryError(
            f"{where}: a parameter needs name, kind and meaning and takes only "
            f"{', '.join(sorted(_PARAM_KEYS))}; got {', '.join(sorted(entry))}"
        )
    where = f"{where}, parameter {entry['name']!r}"
    choices = entry.get("choices")
    return Param(
        entry["name"],
        entry["kind"],
        entry.get("default"),
        entry["meaning"],
        _bound(entry.get("minimum"), where, root),
        _bound(entry.get("maximum"), where, root),
        tuple(choices) if choices else None,
        bool(entry.get("nullable", False)),
        entry.get("unit", ""),
    )


def read(root: Path | None = None) -> tuple[Page, ...]:
    """Every page of the registry, in order, checked."""
    root = (root or data.find_root()).resolve()
    return _read(root, (root / REGISTRY).read_bytes())


@lru_cache(maxsize=8)
def _read(root: Path, raw: bytes) -> tuple[Page, ...]:
    where = str(REGISTRY)
    try:
        spec = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{where}: not valid TOML: {exc}") from None
    pages, seen = [], set()
    for i, entry in enumerate(spec.get("page", []), 1):
        at = f"{where}, page {i}"
        unknown = set(entry) - _PAGE_KEYS
        if unknown or not {"name", "title"} <= set(entry):
            raise RegistryError(
                f"{at}: a page needs name and title and takes only "
                f"{', '.join(sorted(_PAGE_KEYS))}; got {', '.join(sorted(entry))}"
            )
        name = entry["name"]
        if name in seen:
            raise RegistryError(f"{at}: name {name!r} is registered twice")
        seen.add(name)
        if not (root / "chapters" / f"{name}.md").is_file():
            raise RegistryError(f"{at} ({name!r}): its file chapters/{name}.md does not exist")
        params = tuple(_param(p, f"{at} ({name!r})", root) for p in entry.get("parameters", []))
        example = tuple(entry["example"]) if "example" in entry else None
        pages.append(
            Page(
                name,
                entry["title"],
                entry.get("module", ""),
                entry.get("prefix", ""),
                tuple(entry.get("results", ())),
                entry.get("numeric", ""),
                example,
                params,
            )
        )
    return tuple(pages)


def entry_digest(name: str, root: Path | None = None) -> str:
    """Digest of page ``name``'s entry in the registry as written (its title, module,
    results and parameters: what its re-run box and checks print), "" if not registered."""
    root = (root or data.find_root()).resolve()
    try:
        return _entry_digests((root / REGISTRY).read_bytes()).get(name, "")
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return ""


@lru_cache(maxsize=8)
def _entry_digests(raw: bytes) -> dict[str, str]:
    """Page name -> digest of its entry, parsed once per content of the registry file."""
    import hashlib
    import json

    spec = tomllib.loads(raw.decode("utf-8"))
    return {
        p["name"]: hashlib.sha256(json.dumps(p, sort_keys=True).encode()).hexdigest()
        for p in spec.get("page", [])
        if "name" in p
    }


def names(root: Path | None = None) -> tuple[str, ...]:
    return tuple(p.name for p in read(root))


def parameterized(root: Path | None = None) -> tuple[str, ...]:
    """The chapters a researcher can re-run with other parameters."""
    return tuple(p.name for p in read(root) if p.parameterized)


def page(name: str, root: Path | None = None) -> Page:
    for p in read(root):
        if p.name == name:
            return p
    raise ParameterError(f"unknown chapter {name!r}; chapters: {', '.join(parameterized(root))}")


def schema(name: str, root: Path | None = None) -> list[Param]:
    """The parameters of chapter ``name`` (ParameterError if there is no such chapter)."""
    found = page(name, root)
    if not found.parameterized:
        raise ParameterError(
            f"{name!r} has no parameters; chapters with parameters: {', '.join(parameterized(root))}"
        )
    return list(found.parameters)
