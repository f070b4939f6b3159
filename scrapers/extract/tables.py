"""Lists flattened into text with column separators («№ | ФИО | Год рождения | Населённый пункт | Дата гибели»).

A header row names the columns; each later row holds one person's values.
A value found this way is labelled by its column, so it beats what the
sentence rules guessed.
"""

from __future__ import annotations

import re

from . import dates as D

_SEP = re.compile(r"\s*[|\t]\s*")
# Columns of a list pasted from a spreadsheet or a PDF: semicolons («ФИО;Год рождения;Дата гибели») or runs of spaces
# («ФИО          Дата гибели»). Tried only where the bar/tab columns are not, and only under a header that names them.
_SEP_SEMICOLON = re.compile(r"[ \t]*;[ \t]*")
_SEP_SPACES = re.compile(r"[ \t]{2,}")
_COLUMNS = [
    ("name", re.compile(r"ф\.?\s*и\.?\s*о|фамилия|имя|погибш", re.I)),
    # «Д.р.» heads a column of birth dates as «г.р.» does of years
    ("birth_date", re.compile(r"(?:год|дата)\s+рожд|родил|г\.\s*р|д\.\s*р(?![а-яё])", re.I)),
    ("death_date", re.compile(r"(?:дата|год)\s+(?:и\s+место\s+)?(?:гибели|смерти)|погиб|умер", re.I)),
    ("funeral_date", re.compile(r"прощани|похорон|захорон|погребен|отпеван", re.I)),
    ("settlement", re.compile(r"населённ|населенн|место\s+жительства|город|село|откуда|нас\.\s*пункт|пункт|проживал", re.I)),
    ("age", re.compile(r"возраст|^лет\b", re.I)),
    ("rank", re.compile(r"звани", re.I)),
]


def _column(label: str) -> str | None:
    return next((field for field, rx in _COLUMNS if rx.search(label)), None)


def _date(value: str, published=None, field: str = "death_date") -> str | None:
    v = value.strip()
    lead = _LEADING_DATE.match(v)
    if lead:
        v = lead.group(1)  # «02.03.2024, Авдеевка» in a «Дата и место гибели» column
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.?", v)
    if m:
        # «03.10» in a «Дата гибели» column: a day and month whose year is the publication's (or the year before for
        # a death or birth after it; a funeral may lie just ahead).
        d, mo = int(m.group(1)), int(m.group(2))
        pub = D._pub_date(published)  # noqa: SLF001
        if pub is None or not D._valid(2000, mo, d):  # noqa: SLF001
            return None
        way = "nearest" if field == "funeral_date" else "past"
        return D.iso(D._pick_year(mo, d, pub, way), mo, d)  # noqa: SLF001
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})", v)
    if m:
        # «12.10.87» in a birth column is 1987: two-digit years up to 40 are 20xx, the rest 19xx
        d, mo, y = int(m.group(1)), int(m.group(2)), D._year2(m.group(3))  # noqa: SLF001
        return D.iso(y, mo, d) if 1 <= mo <= 12 and 1 <= d <= 31 else None
    m = re.fullmatch(r"(\d{1,2})\.(\d{4})", v)
    if m and 1 <= int(m.group(1)) <= 12:
        return D.iso(int(m.group(2)), int(m.group(1)), None)
    m = re.fullmatch(r"(19\d\d|20\d\d)(?:\s*г\.?)?", v)
    if m:
        return m.group(1)
    if re.search(r"\d", v):
        # «20 февраля 2024», «12/03/2024 г.», «март 2025», «5 мая»: the field-value reader (dateparser behind it)
        return D.parse_date_value(v, published=published)
    return None


_LEADING_DATE = re.compile(r"(\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2}))(?:\s*г\.?)?\s*[,;(]")


def _cells(line: str, start: int, sep: re.Pattern) -> list[tuple[str, int, int]]:
    cells = []
    cell_start = start
    for m in sep.finditer(line):
        cells.append((line[cell_start - start: m.start()], cell_start, start + m.start()))
        cell_start = start + m.end()
    cells.append((line[cell_start - start:], cell_start, start + len(line)))
    return cells


def _has_sep(line: str, sep: re.Pattern) -> bool:
    if sep is _SEP:
        return "|" in line or "\t" in line
    if sep is _SEP_SEMICOLON:
        return ";" in line
    return "  " in line.strip()


def table_rows(text: str) -> list[tuple[int, int, dict[str, tuple[str, int, int]]]]:
    """(row start, row end, {field: (value, start, end)}) for each row under a header."""
    out = []
    header: list[str | None] | None = None
    sep = _SEP
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if header is not None and not _has_sep(line, sep):
            header = None
        if header is None:
            for sep in (_SEP, _SEP_SEMICOLON, _SEP_SPACES):
                if not _has_sep(line, sep):
                    continue
                cells = _cells(line.strip() if sep is _SEP_SPACES else line, start, sep)
                if sep is not _SEP and any(len(c[0]) > 40 for c in cells):
                    continue  # a sentence with a semicolon or a double space, not a row of column names
                kinds = [_column(c[0]) for c in cells]
                if "name" in kinds and sum(k is not None for k in kinds) >= 2:
                    header = kinds
                    break
            continue
        cells = _cells(line, start, sep)
        if sep is _SEP_SPACES and len(line) != len(line.lstrip()):
            continue  # an indented continuation line, not a row
        row = {}
        for kind, (value, a, b) in zip(header, cells):
            if kind and value.strip():
                row[kind] = (value.strip(), a, b)
        out.append((start, end, row))
    return out


def apply_tables(doc) -> None:
    """Put each row's labelled values on the person named in the row."""
    if "|" not in doc.text and "\t" not in doc.text and ";" not in doc.text and "  " not in doc.text:
        return
    for start, end, row in table_rows(doc.text):
        people = {r[2] for r in doc.refs if start <= r[0] < end and not doc.persons[r[2]].living}
        if len(people) != 1:
            continue
        p = doc.persons[people.pop()]
        for field, (value, a, b) in row.items():
            if field.endswith("_date"):
                iso = _date(value, doc.pub, field)
                if iso and not (doc.pub and field != "funeral_date" and iso[:len(iso)] > doc.pub.isoformat()[:len(iso)]):
                    p.values[field] = iso
                    p.evidence[field] = (a, b)
            elif field == "settlement" and re.fullmatch(r"[А-ЯЁ][а-яё]+(?:[- ][А-ЯЁа-яё][а-яё]+)*", value):
                p.values["settlement"] = value
                p.values["_settlement_prio"] = 0  # a labelled column beats every sentence rule
                p.evidence["settlement"] = (a, b)
            elif field == "age" and value.isdigit() and 16 <= int(value) <= 70:
                p.values["age"] = int(value)
                p.evidence["age"] = (a, b)


# A memorial card: «Возраст: 24 года», «Откуда: Кашин», «Дата гибели: 31.12.2022», one field a line.
_LABEL_LINE = re.compile(r"^[ \t]*([А-ЯЁA-Z][а-яёА-ЯЁ .]{1,30}?)[ \t]*:[ \t]*(\S[^\n]*?)[ \t]*$", re.M)


def apply_labels(doc) -> None:
    """Fill the one dead person of a card from its labelled lines, where the sentences said nothing."""
    if ":" not in doc.text:
        return
    dead = doc.dead()
    if len(dead) != 1:
        return
    p = doc.persons[dead[0]]
    for m in _LABEL_LINE.finditer(doc.text):
        field = _column(m.group(1))
        value, a, b = m.group(2), m.start(2), m.end(2)
        if field is None or field == "name" or field in p.values and field != "settlement":
            continue
        if field == "age":
            n = re.match(r"(\d{2})\b", value)
            if n and 16 <= int(n.group(1)) <= 70:
                p.values["age"] = int(n.group(1))
                p.evidence["age"] = (a, a + 2)
        elif field == "settlement":
            place = re.fullmatch(r"(?:(?:г|с|п|д|пгт|ст)\.?\s+)?([А-ЯЁ][а-яё]+(?:[- ][А-ЯЁа-яё][а-яё]+)*)", value)
            if place and p.values.get("_settlement_prio", 9) > 0:
                p.values["settlement"] = place.group(1)
                p.values["_settlement_prio"] = 0
                p.evidence["settlement"] = (a + place.start(1), a + place.end(1))
        elif field.endswith("_date"):
            iso = _date(value, doc.pub, field)
            if iso and f"{field}" not in p.values:
                p.values[field] = iso
                p.evidence[field] = (a, b)
