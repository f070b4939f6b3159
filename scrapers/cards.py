"""Memorial-site person cards: labelled fields straight into a mention.

A 'book of memory' card already states each fact under a label ('Дата рождения',
'Дата гибели', 'Место рождения', 'Воинская часть'), so no free-text extraction
is needed: the source's ``[source.fields]`` table maps each mention field to a
selector, and the values are normalised with the same helpers extraction uses.

Selectors: ``label:TEXT`` finds the value labelled TEXT in ``dt/dd``,
``th/td`` or ``label: value`` layouts; ``xpath:EXPR`` (or an expression starting
with ``/``) is XPath; anything else is CSS (``::text`` and ``::attr()`` work).

Nothing here imports Scrapy: ``nekrolog extract --all`` re-reads stored cards offline.
"""

from __future__ import annotations

import re
from typing import Any

from parsel import Selector

#: Bumped when card parsing changes, so re-extraction can tell old results apart.
CARDS_VERSION = "memorial-fields/1"

_SPACE_RE = re.compile(r"\s+")


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = _SPACE_RE.sub(" ", value).strip(" \t\n:;,—-")
    return value or None


def _label_value(page: Selector, label: str) -> str | None:
    # Compare labels case-insensitively, ignoring a trailing colon.
    wanted = label.strip().rstrip(":").lower()
    lower = "translate(normalize-space(.), 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯABCDEFGHIJKLMNOPQRSTUVWXYZ', " \
            "'абвгдеёжзийклмнопрстуфхцчшщъыьэюяabcdefghijklmnopqrstuvwxyz')"
    for label_tag, value_xpath in (("dt", "following-sibling::dd[1]"), ("th", "following-sibling::td[1]"),
                                   ("td", "following-sibling::td[1]"),
                                   ("*[contains(@class,'label')]", "following-sibling::*[1]")):
        for node in page.xpath(f"//{label_tag}"):
            text = node.xpath(lower).get() or ""
            if text.rstrip(":").strip() == wanted:
                return _clean(" ".join(node.xpath(f"{value_xpath}//text()").getall()))
    # "Дата рождения: 12.04.1987" in one text node.
    pattern = re.compile(re.escape(label.strip().rstrip(":")) + r"\s*:\s*([^\n<]+)", re.IGNORECASE)
    for text in page.xpath("//body//text()").getall():
        m = pattern.search(text)
        if m:
            return _clean(m.group(1))
    return None


def select_value(page: Selector, selector: str) -> str | None:
    """The text a field selector points at on ``page`` (joined and trimmed), or None."""
    if selector.startswith("label:"):
        return _label_value(page, selector[len("label:"):])
    if selector.startswith(("xpath:", "/", "(")):
        values = page.xpath(selector.removeprefix("xpath:")).getall()
    else:
        values = page.css(selector).getall()
    texts = []
    for value in values:
        if value.lstrip().startswith("<"):
            value = " ".join(Selector(text=value).xpath("//text()").getall())
        texts.append(value)
    return _clean(" ".join(texts))


def card_fields(html: str, fields: dict[str, str]) -> dict[str, str]:
    """Raw values of the configured fields found on a card."""
    page = Selector(text=html)
    found = {}
    for name, selector in fields.items():
        value = select_value(page, selector)
        if value:
            found[name] = value
    return found


def split_name(full_name: str) -> tuple[str | None, str | None, str | None]:
    """'Кузнецов Алексей Николаевич' → surname, first name, patronymic (card order)."""
    parts = full_name.split()
    if len(parts) >= 3 and re.search(r"(вич|вна|ична|оглы|кызы)$", parts[2], re.IGNORECASE):
        return parts[0], parts[1], " ".join(parts[2:])
    if len(parts) >= 2:
        return parts[0], parts[1], " ".join(parts[2:]) or None
    return (parts[0] if parts else None), None, None


def card_mention(html: str, fields: dict[str, str], *, default_region: str | None = None) -> dict[str, Any] | None:
    """The mention a card states, as ``db.store.save_mentions`` takes it; None if it names nobody."""
    from db.categories import lookup_category
    from db.regions import find_regions, lookup_region, region_for_settlement
    from scrapers.extract import parse_date_value

    raw = card_fields(html, fields)
    full_name = raw.get("full_name")
    surname, first_name, patronymic = raw.get("surname"), raw.get("first_name"), raw.get("patronymic")
    if full_name and not surname:
        surname, first_name, patronymic = split_name(full_name)
    if not surname:
        return None
    mention: dict[str, Any] = {
        "full_name": full_name or " ".join(p for p in (surname, first_name, patronymic) if p),
        "surname": surname,
        "first_name": first_name,
        "patronymic": patronymic,
        "unit": raw.get("unit"),
        "rank": raw.get("rank"),
        "settlement": raw.get("settlement"),
    }
    evidence = {}
    for name in ("birth_date", "death_date", "funeral_date"):
        if raw.get(name):
            mention[name] = parse_date_value(raw[name])
            evidence[name] = {"label": fields[name], "text": raw[name]}
    if raw.get("age", "").isdigit():
        mention["age"] = int(raw["age"])
    place = raw.get("region") or raw.get("birth_place")
    region_code = None
    if place:
        region = lookup_region(place)
        if region is None:
            hits = find_regions(place)
            region_code = hits[0].code if hits else None
        else:
            region_code = region.code
        if region_code is None:
            town = re.sub(r"^(г\.|город|с\.|село|пос\.|посёлок|д\.)\s*", "", place.split(",")[-1].strip())
            region_code = region_for_settlement(town)
        if region_code is None:
            mention["region_raw"] = place
        if not mention.get("settlement") and "," in place:
            town = place.split(",")[-1].strip()
            mention["settlement"] = re.sub(r"^(г\.|город|с\.|село|пос\.|посёлок|д\.)\s*", "", town) or None
        evidence["region"] = {"label": fields.get("region") or fields.get("birth_place"), "text": place}
    mention["region"] = region_code or (default_region if not place else None)
    if raw.get("category"):
        code = lookup_category(raw["category"])
        mention["category"] = code
        if code is None:
            mention["category_raw"] = raw["category"]
    mention["evidence"] = evidence
    return {k: v for k, v in mention.items() if v is not None}
