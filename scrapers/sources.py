"""``sources.toml``: loading and validation, with the line of every error.

Sources are data, not code. Each ``[[source]]`` table names one site, channel,
wall or memorial site and the generic spider (``kind``) that reads it::

    [[source]]
    id = "prikamye"
    kind = "news"
    name = "Прикамские вести"
    region = "Пермский край"
    every = "6h"
    feeds = ["https://example.org/rss.xml"]

``load_sources`` raises ``SourcesError`` listing every problem as
``FILE:LINE: message`` so a volunteer editing the file can go straight to it.
``tomllib`` reports the position of syntax errors itself; for semantic errors
(a missing ``id``, an unknown ``kind``) we find the line of the offending table
or key with a small scan of the file, since ``tomllib`` keeps no positions.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_SOURCES_PATH = "sources.toml"
SOURCES_ENV_VAR = "NEKROLOG_SOURCES"

KINDS = ("news", "telegram", "vk", "memorial", "custom")
DEFAULT_EVERY = "6h"

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")
_EVERY_RE = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}

#: Keys every source may have.
COMMON_KEYS = {"id", "kind", "name", "region", "every", "enabled", "spider", "revalidate", "max_pages"}

#: Common keys that become ``Source`` attributes; every other key is an option.
_TOP_LEVEL_FIELDS = {"id", "kind", "name", "region", "every", "enabled", "spider"}

#: Keys each kind understands, beyond the common ones. An unknown key is an
#: error: a typo such as ``feed =`` for ``feeds =`` would otherwise silently
#: crawl nothing.
KIND_KEYS: dict[str, set[str]] = {
    "news": {
        "feeds", "sitemaps", "listings", "article_links", "next_page", "allow", "deny",
        "keywords", "encoding",
    },
    "telegram": {"channel", "base_url"},
    "vk": {"owner_id", "domain", "token_env", "api_url", "api_version", "count", "max_posts"},
    "memorial": {"start_urls", "card_links", "next_page", "fields", "allow", "deny"},
    "custom": {"start_urls", "options"},
}

#: Fields a memorial card may fill, in mention terms.
MEMORIAL_FIELDS = {
    "full_name", "surname", "first_name", "patronymic", "birth_date", "death_date",
    "funeral_date", "region", "settlement", "birth_place", "unit", "rank", "category", "age",
}

#: Keys whose values are secrets' *names*, never secrets; values of keys that look
#: like secrets are refused so a token pasted into the file never reaches the
#: database (sources are stored there).
_SECRET_KEY_RE = re.compile(r"(token|password|secret|api_key)$")


class SourcesError(Exception):
    """Every problem found in a sources file, one ``FILE:LINE: message`` per line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Source:
    id: str
    kind: str
    name: str
    region: str | None = None
    every_seconds: int = 6 * 3600
    enabled: bool = True
    spider: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    line: int = 0

    @property
    def spider_name(self) -> str:
        """The Scrapy spider that crawls it: the kind, or ``spider`` for custom sources."""
        return self.spider or self.kind

    def get(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)

    def public_settings(self) -> dict[str, Any]:
        """What is stored in the ``sources`` table: all options, never a secret.

        ``token_env`` holds only the *name* of an environment variable.
        """
        return {k: v for k, v in self.options.items() if not _SECRET_KEY_RE.search(k)}


def parse_every(value: Any) -> int:
    """``"6h"`` → 21600. Units: s, m, h, d, w."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    m = _EVERY_RE.match(str(value))
    if not m or int(m.group(1)) <= 0:
        raise ValueError(f"invalid interval {value!r}: use a number and a unit, e.g. '30m', '6h', '1d'")
    return int(m.group(1)) * _UNIT_SECONDS[m.group(2)]


def format_every(seconds: int | None) -> str:
    if not seconds:
        return "-"
    for unit in ("w", "d", "h", "m"):
        if seconds % _UNIT_SECONDS[unit] == 0:
            return f"{seconds // _UNIT_SECONDS[unit]}{unit}"
    return f"{seconds}s"


def resolve_sources_path(path: str | os.PathLike | None = None) -> Path:
    """``--sources`` wins, then ``$NEKROLOG_SOURCES``, then ``./sources.toml``."""
    return Path(path or os.environ.get(SOURCES_ENV_VAR) or DEFAULT_SOURCES_PATH)


# --------------------------------------------------------------------------- line map


class _LineMap:
    """Where each ``[[source]]`` table and each of its keys starts in the file."""

    _HEADER_RE = re.compile(r"^\s*\[\[\s*source\s*\]\]")
    _SUBTABLE_RE = re.compile(r"^\s*\[\s*source\.([A-Za-z0-9_\-\"\.]+)\s*\]")
    _OTHER_TABLE_RE = re.compile(r"^\s*\[")
    _KEY_RE = re.compile(r"^\s*(\"[^\"]*\"|[A-Za-z0-9_\-]+)\s*=")

    def __init__(self, text: str) -> None:
        self.tables: list[int] = []
        self.keys: list[dict[str, int]] = []
        self.top_keys: dict[str, int] = {}
        current: int | None = None
        prefix = ""
        in_multiline = False
        for lineno, line in enumerate(text.splitlines(), start=1):
            # Skip the body of multi-line strings so their contents are not read as keys.
            if in_multiline:
                if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                    in_multiline = False
                continue
            if self._HEADER_RE.match(line):
                self.tables.append(lineno)
                self.keys.append({})
                current = len(self.tables) - 1
                prefix = ""
                continue
            sub = self._SUBTABLE_RE.match(line)
            if sub:
                prefix = sub.group(1).strip('"') + "."
                if current is not None:
                    self.keys[current].setdefault(prefix[:-1], lineno)
                continue
            if self._OTHER_TABLE_RE.match(line):
                current = None
                prefix = ""
                continue
            key = self._KEY_RE.match(line)
            if key:
                name = key.group(1).strip('"')
                if current is None:
                    self.top_keys.setdefault(name, lineno)
                else:
                    self.keys[current].setdefault(prefix + name, lineno)
            if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                in_multiline = True

    def table(self, index: int) -> int:
        return self.tables[index] if index < len(self.tables) else 0

    def key(self, index: int, key: str) -> int:
        if index < len(self.keys) and key in self.keys[index]:
            return self.keys[index][key]
        return self.table(index)


# --------------------------------------------------------------------------- loading


def load_sources(path: str | os.PathLike | None = None, *, check_regions: bool = True) -> list[Source]:
    """Read and validate a sources file; raise ``SourcesError`` naming every problem."""
    path = resolve_sources_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourcesError([f"{path}: file not found (give --sources FILE or set ${SOURCES_ENV_VAR})"]) from None
    except UnicodeDecodeError as exc:
        raise SourcesError([f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    return parse_sources(text, str(path), check_regions=check_regions)


def parse_sources(text: str, filename: str = DEFAULT_SOURCES_PATH, *, check_regions: bool = True) -> list[Source]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends with "(at line L, column C)"; restate it as FILE:LINE.
        message = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)$", message)
        if m:
            message = message[: m.start()].strip()
            raise SourcesError([f"{filename}:{m.group(1)}: TOML syntax error: {message} (column {m.group(2)})"]) from None
        raise SourcesError([f"{filename}: TOML syntax error: {message}"]) from None

    lines = _LineMap(text)
    problems: list[str] = []

    def problem(line: int, message: str) -> None:
        problems.append(f"{filename}:{line}: {message}" if line else f"{filename}: {message}")

    for key in data:
        if key not in ("source", "defaults"):
            problem(lines.top_keys.get(key, 0), f"unknown top-level key {key!r} (expected [[source]] tables)")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        problem(lines.top_keys.get("defaults", 0), "'defaults' must be a table")
        defaults = {}
    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list):
        problem(lines.top_keys.get("source", 0), "'source' must be an array of tables: write [[source]]")
        raw_sources = []
    if not raw_sources and not problems:
        problem(0, "no sources defined (add a [[source]] table)")

    sources: list[Source] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_sources):
        if not isinstance(raw, dict):
            problem(lines.table(index), f"source #{index + 1} must be a table")
            continue
        raw_id = raw.get("id")
        if isinstance(raw_id, str) and raw_id in seen:
            problem(lines.key(index, "id"), f"duplicate source id {raw_id!r} (first defined at line {seen[raw_id]})")
            continue
        if isinstance(raw_id, str):
            seen[raw_id] = lines.table(index)
        source = _validate_one(index, {**defaults, **raw}, lines, problem, problems, check_regions)
        if source is not None:
            sources.append(source)
    if problems:
        # In file order, so the list reads top to bottom like the file.
        raise SourcesError(sorted(problems, key=_line_of))
    return sources


def _line_of(problem: str) -> int:
    m = re.match(r"^.*?:(\d+): ", problem)
    return int(m.group(1)) if m else 0


def _validate_one(
    index: int, raw: dict[str, Any], lines: _LineMap, problem, problems: list[str], check_regions: bool
) -> Source | None:
    table_line = lines.table(index)
    errors_before = len(problems)
    source_id = raw.get("id")
    label = f"source {source_id!r}" if isinstance(source_id, str) else f"source #{index + 1}"

    def bad(key: str, message: str) -> None:
        problem(lines.key(index, key), f"{label}: {message}")

    if not isinstance(source_id, str) or not source_id:
        problem(table_line, f"{label}: missing 'id'")
    elif not _ID_RE.match(source_id):
        bad("id", f"invalid id {source_id!r}: use lowercase letters, digits, '-' and '_'")
    kind = raw.get("kind")
    if kind not in KINDS:
        if kind is None:
            problem(table_line, f"{label}: missing 'kind' (one of {', '.join(KINDS)})")
        else:
            bad("kind", f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
        kind = None
    name = raw.get("name", source_id)
    if ("name" in raw or isinstance(source_id, str)) and (not isinstance(name, str) or not name.strip()):
        bad("name", "'name' must be a non-empty string")

    every_seconds = 0
    try:
        every_seconds = parse_every(raw.get("every", DEFAULT_EVERY))
    except ValueError as exc:
        bad("every", str(exc))
    if "revalidate" in raw:
        try:
            parse_every(raw["revalidate"])
        except ValueError as exc:
            bad("revalidate", str(exc))
    if "max_pages" in raw and not (isinstance(raw["max_pages"], int) and raw["max_pages"] > 0):
        bad("max_pages", "'max_pages' must be a positive integer")
    if not isinstance(raw.get("enabled", True), bool):
        bad("enabled", "'enabled' must be true or false")

    region = raw.get("region")
    if region is not None:
        if not isinstance(region, str):
            bad("region", "'region' must be a string")
        elif check_regions:
            code = _lookup_region(region)
            if code is None:
                bad("region", f"unknown region {region!r} (give a name such as 'Пермский край' or a code such as 'RU-PER')")
            else:
                region = code

    for key in raw:
        if _SECRET_KEY_RE.search(key):
            bad(key, f"{key!r} looks like a secret: put it in an environment variable and name it with 'token_env'")
        elif kind and key not in COMMON_KEYS and key not in KIND_KEYS[kind]:
            known = sorted(KIND_KEYS[kind])
            bad(key, f"unknown key {key!r} for kind {kind!r} (known: {', '.join(known)})")

    if kind:
        _validate_kind(kind, raw, bad)

    if len(problems) > errors_before:
        return None
    options = {k: v for k, v in raw.items() if k not in _TOP_LEVEL_FIELDS}
    return Source(
        id=source_id,
        kind=kind,
        name=name,
        region=region,
        every_seconds=every_seconds,
        enabled=raw.get("enabled", True),
        spider=raw.get("spider"),
        options=options,
        line=table_line,
    )


def _validate_kind(kind: str, raw: dict[str, Any], bad) -> None:
    def urls(key: str, required: bool = False) -> list[str]:
        value = raw.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            bad(key, f"'{key}' must be a list of URLs")
            return []
        for url in value:
            if not re.match(r"^https?://[^\s/]+", url):
                bad(key, f"'{key}' has an invalid URL {url!r} (must start with http:// or https://)")
        return value

    def regexes(key: str) -> None:
        value = raw.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            bad(key, f"'{key}' must be a list of regular expressions")
            return
        for pattern in value:
            try:
                re.compile(pattern)
            except (re.error, TypeError) as exc:
                bad(key, f"invalid regular expression {pattern!r} in '{key}': {exc}")

    if kind == "news":
        found = urls("feeds") + urls("sitemaps") + urls("listings")
        if not found and not any(k in raw for k in ("feeds", "sitemaps", "listings")):
            bad("kind", "a news source needs at least one of 'feeds', 'sitemaps' or 'listings'")
        regexes("allow")
        regexes("deny")
        keywords = raw.get("keywords", [])
        if not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip() for k in keywords):
            bad("keywords", "'keywords' must be a list of non-empty strings")
        if "encoding" in raw:
            import codecs

            try:
                codecs.lookup(str(raw["encoding"]))
            except LookupError:
                bad("encoding", f"unknown encoding {raw['encoding']!r}")
    elif kind == "telegram":
        channel = raw.get("channel")
        if not isinstance(channel, str) or not re.match(r"^[A-Za-z0-9_]{3,64}$", channel):
            bad("channel", "'channel' must be the channel's public name, e.g. 'durov' for t.me/s/durov")
        if "base_url" in raw:
            urls("base_url")
    elif kind == "vk":
        if "owner_id" not in raw and "domain" not in raw:
            bad("kind", "a vk source needs 'owner_id' (negative for a community) or 'domain'")
        if "owner_id" in raw and not isinstance(raw["owner_id"], int):
            bad("owner_id", "'owner_id' must be an integer (communities are negative, e.g. -12345)")
        token_env = raw.get("token_env", "VK_TOKEN")
        if not isinstance(token_env, str) or not re.match(r"^[A-Z_][A-Z0-9_]*$", token_env):
            bad("token_env", "'token_env' must name an environment variable, e.g. 'VK_TOKEN'")
        if "api_url" in raw:
            urls("api_url")
        for key in ("count", "max_posts"):
            if key in raw and not (isinstance(raw[key], int) and raw[key] > 0):
                bad(key, f"'{key}' must be a positive integer")
        if "count" in raw and isinstance(raw["count"], int) and raw["count"] > 100:
            bad("count", "'count' must be at most 100 (the VK API's limit for wall.get)")
    elif kind == "memorial":
        if not urls("start_urls"):
            bad("start_urls" if "start_urls" in raw else "kind", "a memorial source needs 'start_urls'")
        if not isinstance(raw.get("card_links"), str):
            bad("card_links" if "card_links" in raw else "kind", "a memorial source needs 'card_links', a CSS or XPath selector")
        fields = raw.get("fields")
        if not isinstance(fields, dict) or not fields:
            bad("fields" if "fields" in raw else "kind", "a memorial source needs a [source.fields] table: field = selector")
        else:
            for name, selector in fields.items():
                if name not in MEMORIAL_FIELDS:
                    bad(f"fields.{name}", f"unknown field {name!r} (known: {', '.join(sorted(MEMORIAL_FIELDS))})")
                elif not isinstance(selector, str) or not selector.strip():
                    bad(f"fields.{name}", f"field {name!r} needs a selector string")
                else:
                    error = selector_error(selector)
                    if error:
                        bad(f"fields.{name}", f"field {name!r}: {error}")
            if not ({"full_name", "surname"} & set(fields)):
                bad("fields", "memorial fields need 'full_name' or 'surname'")
        regexes("allow")
        regexes("deny")
    elif kind == "custom":
        if not isinstance(raw.get("spider"), str):
            bad("kind", "a custom source needs 'spider', the name of its Scrapy spider")


def selector_error(selector: str) -> str | None:
    """Why a field selector is invalid, or None. ``label:TEXT`` finds the value
    labelled TEXT; ``xpath:...`` or one starting with ``/`` is XPath; else CSS."""
    from parsel import Selector

    if selector.startswith("label:"):
        return None if selector[6:].strip() else "empty label"
    probe = Selector(text="<html></html>")
    try:
        if selector.startswith(("xpath:", "/", "(")):
            probe.xpath(selector.removeprefix("xpath:"))
        else:
            probe.css(selector)
    except Exception as exc:  # parsel raises several types for bad expressions
        return f"invalid selector {selector!r}: {exc}"
    return None


def _lookup_region(value: str) -> str | None:
    from db.regions import lookup_region

    region = lookup_region(value)
    return region.code if region else None


def select(sources: list[Source], ids: list[str] | tuple[str, ...] | None) -> list[Source]:
    """The sources named by ``ids`` (all enabled ones when empty); unknown ids raise."""
    if not ids:
        return [s for s in sources if s.enabled]
    by_id = {s.id: s for s in sources}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise SourcesError([f"unknown source id(s): {', '.join(unknown)} (known: {', '.join(by_id)})"])
    return [by_id[i] for i in ids]
