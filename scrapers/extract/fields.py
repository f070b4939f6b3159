"""Age, rank, unit and category: where they are written and their normal form."""

from __future__ import annotations

import re
from functools import lru_cache

from db.categories import CategoryHit, find_categories, resolve_category

from .morph import parse, restore_case
from .scan import OpeningWords
from .textnorm import literal_cues, lower_text, may_match

# --------------------------------------------------------------------------- age

_AGE_ADJ = re.compile(r"(?<![\d.])(\d{2})-?(?:ти|х|ми)?-?летн\w+", re.I)
_AGE_WAS = re.compile(
    r"(?<![\w-])([\w-]+)\s+(?=[би])(?:был[оа]?|исполнилось|исполнился|бы\s+исполнилось)\s+(?:бы\s+)?(?:всего\s+|лишь\s+|только\s+)?"
    r"(\d{2})(?:\s+(?:год|года|лет))?\b",
    re.I,
)
_AGE_MORE = re.compile(r"\s*,\s*([А-ЯЁ][\w-]+)\s*(?:[—–-]\s*)?(\d{2})\b(?!\s*(?:г\.|год|лет|года)\s*\d)")
_AGE_COMMA = re.compile(r",\s*(\d{2})\s+(?:год|года|лет)(?=\s*[,.;)]|\s*$)", re.M)
_AGE_IN = re.compile(r"\bв\s+возрасте\s+(\d{2})\s+(?:год|года|лет)\b", re.I)
_AGE_PAREN = re.compile(r"\((\d{2})\s+(?:год|года|лет)\)")
# «Вовку Гришина. 36 лет.» and «Рустем (34 года)»: an age standing alone.
_AGE_ALONE = re.compile(r"(?:^|[.!?]\s+)(\d{2})\s+(?:год|года|лет)\s*[.!]", re.M)
# «добровольно пошёл в 52 года»
_AGE_WENT = re.compile(r"(?:пош[её]л|уш[её]л|отправился|записался|подписал\s+контракт)[^.]{0,25}?\bв\s+(\d{2})\s+(?:год|года|лет)\b")
_AGE_ADJ, _AGE_WAS, _AGE_IN = (re.compile(rx.pattern) for rx in (_AGE_ADJ, _AGE_WAS, _AGE_IN))


def _age(s: str) -> int | None:
    n = int(s)
    return n if 16 <= n <= 80 else None


# Literal-led hints: what every match of the pattern named contains. The patterns open
# with a lookbehind or an optional part, so the engine tries them at every position.
_AGE_WAS_HINT = re.compile(r"(?:был|исполнил)[а-яё]*\s+(?:бы\s+)?(?:всего\s+|лишь\s+|только\s+)?\d{2}")
_AGE_IN_HINT = re.compile(r"возрасте")
_AGE_ALONE_HINT = re.compile(r"(?:год|года|лет)\s*[.!]")


def find_ages(text: str) -> list[tuple[int, int, int, str, str | None]]:
    """(start, end, age, which side the person is on, the word naming him if any:
    «Диме было 27» names Дима)."""
    original = text
    text = lower_text(text)
    out = []
    for m in (_AGE_ADJ.finditer(text) if "летн" in text else ()):
        if (a := _age(m.group(1))) is not None:
            out.append((m.start(), m.end(), a, "next", None))
    for m in (_AGE_WAS.finditer(text) if _AGE_WAS_HINT.search(text) else ()):
        if text[m.end(): m.end() + 3].strip().startswith("бы") or " бы " in m.group(0):
            continue  # «ему было бы 35», «исполнилось бы 46»: not his age
        if (a := _age(m.group(2))) is not None:
            who = original[m.start(1): m.end(1)]
            out.append((m.start(), m.end(), a, "prev", who if who[:1].isupper() else None))
            pos = m.end()
            while (more := _AGE_MORE.match(original, pos)) is not None:
                if (b := _age(more.group(2))) is not None:
                    out.append((more.start(1), more.end(), b, "prev", more.group(1)))
                pos = more.end()
    for rx, hint in ((_AGE_COMMA, None), (_AGE_IN, _AGE_IN_HINT), (_AGE_PAREN, None), (_AGE_ALONE, _AGE_ALONE_HINT),
                     (_AGE_WENT, None)):
        for m in (rx.finditer(text) if hint is None or hint.search(text) else ()):
            if (a := _age(m.group(1))) is not None:
                out.append((m.start(), m.end(), a, "prev", None))
    return out


# --------------------------------------------------------------------------- rank

_RANK_BASE = {
    "рядов": "рядовой", "ефрейтор": "ефрейтор", "сержант": "сержант", "старшин": "старшина",
    "прапорщик": "прапорщик", "лейтенант": "лейтенант", "капитан": "капитан", "майор": "майор",
    "подполковник": "подполковник", "полковник": "полковник", "матрос": "матрос", "мичман": "мичман",
    "генерал-майор": "генерал-майор", "генерал-лейтенант": "генерал-лейтенант", "генерал-полковник": "генерал-полковник",
    "капитан-лейтенант": "капитан-лейтенант", "ефр.": "ефрейтор", "с-т": "сержант", "л-т": "лейтенант", "ряд.": "рядовой",
}
_RANK = re.compile(
    # abbreviations as memorial cards write them: «гв. рядовой», «мл. сержант», «ст. л-т», «ефр.»
    r"(?<![\w-])(?:(гвардии|гв\.)\s*)?(?:(младш(?=ий|его|ему|им|ем|ая)|старш(?=ий|его|ему|им|ем|ая)|главн(?=ый|ого|ому|ым|ом|ий|его|ему|им|ем|ая)"
    r"|мл\.|ст\.)(?:ый|ого|ому|ым|ом|ий|его|ему|им|ем|ая)?\s*)?"
    r"(?:корабельн(?:ый|ого|ому|ым|ом)\s+)?"  # «главный корабельный старшина»
    r"(генерал-майор|генерал-лейтенант|генерал-полковник|капитан-лейтенант|ефр\.|ряд\.|с-т|л-т"
    r"|рядов(?=ой\b|ого\b|ому\b|ым\b|ом\b|ые\b|ых\b|ыми\b)"
    r"|ефрейтор|сержант|старшин(?=а\b|ы\b|е\b|у\b|ой\b)|прапорщик|лейтенант|капитан|майор|подполковник|полковник"
    r"|матрос|мичман)(?:а|у|ом|е|ой|ого|ому|ым|ы|ые|ых|ыми|ов|ам|ами)?(?!\w)"
    # («сержант-контрактник», «рядовой-доброволец»: a role after the hyphen; not «капитан-лейтенант»)
    r"(?!-(?:майор|лейтенант|полковник)|-[^а-яё])"
    # navy ranks: «капитан 3 ранга», «капитана третьего ранга»
    # and «старшина 2-й статьи», «старшины 1 статьи»
    r"(?:\s+([123](?:-?го|-?й)?|перв\w+|втор\w+|треть\w+)\s+(?:ранга|статьи))?"
    r"(?:\s+(полиции|юстиции|внутренней\s+службы|медицинской\s+службы))?",
    re.I,
)
_ADJ_NOM = {"младш": "младший", "старш": "старший", "главн": "главный", "мл.": "младший", "ст.": "старший"}
_RANK = re.compile(_RANK.pattern)  # runs on lower-cased text


# A rank he held before the war: «майор полиции в отставке», «До СВО … был старшим сержантом полиции».
_RANK_RETIRED = re.compile(r"\s+в\s+отставке")
# («бывшего ученика школы рядового …», «бывший сотрудник ППС, старший прапорщик …» hold the rank now.)
_RANK_BEFORE_WAR = re.compile(r"(?:\bдо\s+(?:сво|мобилизации|войны|спецоперации)|\bв\s+прошлом)(?=[^.!?\n]*$)")


# «был капитаном школьной команды КВН», «капитан футбольной сборной»: a captain of a team holds no rank.
_TEAM_CAPTAIN = re.compile(r"\s+(?:[а-яё]+\s+){0,2}(?:команд|сборн|клуб|дружин|квн|кавээн)")
_FROM_RANK = re.compile(r"(?<![а-яё])от\s+$")
_TO_RANK = re.compile(r"\s+до\s+(?:гвардии\s+)?(?:младш|старш|главн|рядов|ефрейтор|сержант|прапорщик|лейтенант|капитан|майор"
                      r"|подполковник|полковник|старшин|матрос|мичман)")
# A kinsman's rank in the genitive with no name after it («сын полковника», «внук генерал-майора»).
_KIN_OF_RANK = re.compile(r"(?<![а-яё])(?:сын|внук|правнук|брат|племянник|дочь|вдова|зять)\s+$")
_NAME_AFTER = re.compile(r"\s+[А-ЯЁ]")
_BEFORE_WAR_WORDS = re.compile(r"до\s+(?:сво|мобилизации|войны|спецоперации)")


def find_ranks(text: str) -> list[tuple[int, int, str]]:
    out = []
    original = text
    text = lower_text(text)
    before_war = "в прошлом" in text or ("до " in text and _BEFORE_WAR_WORDS.search(text) is not None)
    for m in _RANK.finditer(text):
        # (a plaque capitalises the first word: «Гв. ряд. Шарипов» as well as «Ряд. Гордиенко»)
        if m.group(3) == "ряд." and not (original[m.start()].isupper()
                                          and original[m.end(): m.end() + 2].lstrip()[:1].isupper()):
            continue  # «Ряд. Гордиенко С.С.» on a plaque, not «встали в ряд.»
        if _FROM_RANK.search(text, max(0, m.start() - 12), m.start()) and _TO_RANK.match(text, m.end()):
            continue  # «прошёл путь от рядового до старшего сержанта»: the rank he rose to
        if m.group(3) == "капитан" and _TEAM_CAPTAIN.match(text, m.end()):
            continue
        if original[m.start()].isupper() and text[m.end() - 2: m.end()] == "ов" and not m.group(4) and not m.group(5):
            continue  # «Иван Майоров», «Сержантов Иван»: a surname, not «двух майоров»
        if _KIN_OF_RANK.search(text, max(0, m.start() - 14), m.start()) and not _NAME_AFTER.match(original, m.end()):
            continue  # «Андрей Котов, сын полковника, погиб»: his father's rank, not his
        if _RANK_RETIRED.match(text, m.end()) or (
                before_war and _RANK_BEFORE_WAR.search(text, max(0, m.start() - 80), m.start())):
            continue
        word = m.group(0)
        # "Майоров", "Капитанова" as surnames are excluded by the word boundary;
        # a capitalised rank mid-sentence is a name ("Полковник" as a callsign) — rare, kept.
        base = _RANK_BASE[m.group(3).lower()]
        parts = []
        if m.group(1):
            parts.append("гвардии")
        if m.group(2):
            parts.append(_ADJ_NOM[m.group(2).lower()])
        parts.append(base)
        if "корабельн" in word:
            parts.insert(len(parts) - 1, "корабельный")
        if m.group(4) and base in ("капитан", "старшина"):
            # digits as written («капитан 3-го ранга», «старшина 2-й статьи»), words as a digit
            noun = "ранга" if base == "капитан" else "статьи"
            if noun in word:
                parts.append({"п": "1", "в": "2", "т": "3"}.get(m.group(4)[0], m.group(4)) + " " + noun)
        # Special ranks keep their service (старший сержант полиции); the medical
        # service is an army rank's specialty and is dropped, as «Росгвардии» is.
        if m.group(5) and not m.group(5).startswith("медицинск"):
            parts.append(" ".join(m.group(5).lower().split()))
        if word[:1].isupper() and m.start() > 0 and text[m.start() - 1] not in "\n.—-–:;\"«( " and False:
            continue
        out.append((m.start(), m.end(), " ".join(parts)))
    return out


# --------------------------------------------------------------------------- unit

_HEADS = {
    "бригад": ("бригада", "femn"), "интербригад": ("интербригада", "femn"), "дивизи": ("дивизия", "femn"),
    "арми": ("армия", "femn"), "рот": ("рота", "femn"), "флотили": ("флотилия", "femn"),
    "полк": ("полк", "masc"), "батальон": ("батальон", "masc"), "корпус": ("корпус", "masc"),
    "отряд": ("отряд", "masc"), "дивизион": ("дивизион", "masc"), "спецполк": ("спецполк", "masc"),
    "подразделени": ("подразделение", "neut"), "спецподразделени": ("спецподразделение", "neut"),
    "спецназ": ("спецназ", "masc"), "артполк": ("артполк", "masc"), "артбригад": ("артбригада", "femn"),
    "мотобригад": ("мотобригада", "femn"),
}
_QUOTED = r"(?:«[^«»\n]{1,40}»|\"[^\"\n]{1,40}\"|“[^”\n]{1,40}”)"
_ADJ = r"(?:[А-ЯЁа-яё]+-)?[А-ЯЁа-яё]+(?:ой|ий|ый|ая|ую|ого|его|ому|ему|ым|им|ом|ем|ей|ое|ее)"
_HEAD = (r"(интербригад|спецподразделени|подразделени|артбригад|мотобригад|бригад|дивизион|дивизи|арми|рот|флотили|спецполк"
         r"|артполк|полк|батальон"
         r"|корпус|отряд|спецназ)(а|ы|у|е|ой|ом|ю|ии|ия|ию|ией|ие|ием|и|я|ем)?(?![\w-])")
# «бригады морской пехоты Тихоокеанского флота»: up to two service complements, as written.
_COMPLEMENT = (r"((?:\s+(?:морской\s+пехоты|специального\s+назначения|материально-технического\s+обеспечения"
               r"|оперативного\s+назначения|связи|ВДВ|ВМФ|Росгвардии|береговой\s+обороны"
               r"|спецназа(?:\s+гру)?|народной\s+милиции\s+(?:днр|лнр))){0,2})")
# Two patterns, each starting with something rare (a digit, a unit noun), so the
# engine does not try the optional adjective run at every position of the text.
_UNIT = re.compile(
    r"(?<![\w-])(\d{1,4})-?(?:й|я|ю|го|ой|ого|ую|м|ом|ей|е|и)\s+((?:" + _ADJ + r"\s+|\([а-яё]+\)\s+){0,4})" + _HEAD + _COMPLEMENT
    + r"(\s*\([а-яё]+\))?(\s+" + _QUOTED + r")?",
    re.I,
)
_UNIT_QUOTED = re.compile(r"(?<![\w-])()()" + _HEAD + _COMPLEMENT + r"(\s*\([а-яё]+\))?(\s+" + _QUOTED + r")", re.I)
# (the fleet a brigade belongs to lies outside its designation: «… морской пехоты Северного флота» → without it)
_UNIT, _UNIT_QUOTED = (re.compile(rx.pattern.replace("ВДВ", "вдв").replace("ВМФ", "вмф").replace("Росгвардии", "росгвардии"))
                       for rx in (_UNIT, _UNIT_QUOTED))
# Where a quoted unit can start: its head noun (the stems _HEAD opens with); scanned only there (scan.OpeningWords).
_UNIT_QUOTED_AT = OpeningWords(_UNIT_QUOTED, tuple(_HEAD[1: _HEAD.index(")")].split("|")))
# «казачьей бригады «Кубань»»: the kind of a named formation
# written before it is part of its name (a lower-case adjective of these stems, looked up behind
# the match rather than tried at every position of the text), as written: «оренбургский казачий
# отряд «Урал»», «добровольческий батальон «Восток»».
_KIND_BEFORE = re.compile(
    r"(?<![\w-])((?:(?:казач|отдельн|мотострелков|танков|разведывательн|десантно-штурмов|парашютно-десантн|специальн"
    r"|интернациональн|добровольческ"
    r"|штурмов|[а-яё]+(?:ск|цк))(?:ий|ого|ому|им|ом|ая|ой|ую|ье|ьей|ья|ьего|ьему|ьим|ьем|ью)\s+){1,3})$")
# «батальона имени Минигали Шаймуратова», «полка ППСП имени А.А. Кадырова»: named after a person.
_UNIT_NAMED_AFTER = re.compile(
    r"(?<![\w-])(батальон|полк|отряд|бригад)(?:а|у|е|ом|ы|ой)?\s+((?:[А-ЯЁ]{2,6}\s+)?)имени\s+"
    r"((?:[А-ЯЁ]\.\s?){0,2}[А-ЯЁ][а-яё]+(?:\s+[А-ЯЁ][а-яё]+(?=[\s,.;)]))?)")
# «Контракт, 55 бригада.»: a number without its ending before a head noun in the nominative (not
# a count: «2 бригады», «5 бригад»; not a year).
_BARE_HEADS = ("0 бригада", "1 бригада", "2 бригада", "3 бригада", "4 бригада", "5 бригада", "6 бригада", "7 бригада",
               "8 бригада", "9 бригада", " дивизия", " армия", " полк ", " полк,", " полк.", " батальон ", " корпус ")
_UNIT_BARE = re.compile(r"(?<![\w.,-])(\d{1,4})\s+(бригада|дивизия|армия|полк|батальон|корпус)(?![\w-])")
# «во 2-м батальоне 239-го танкового полка»: a subunit followed by its parent formation.
_SUBUNITS = ("батальон", "рот", "дивизион")
_SPACES = re.compile(r"\s*")
# («Воинская часть: 71718» on a card)
_VCH = re.compile(r"(?:\bв/ч|\b[Вв]ойсков\w+\s+част\w+|\b[Вв]оинск\w+\s+част\w+|\bВЧ|\bв\.\s?ч\.)\s*:?\s*№?\s*(\d{4,5})\b")
_PMC_WORDS = re.compile(r"частн\w+\s+военн\w+\s+компани\w*\s+(" + _QUOTED + r")")
_PMC = re.compile(r"\bЧВК\s+(?:" + _QUOTED + r"|Вагнер\w*|Редут\w*|Патриот\w*|Конвой\w*)")
# («ушёл в Вагнер», «воевал в вагнере» without quotes: after a preposition it is the company, not a surname)
_WAGNER = re.compile(r"«Вагнер[а-я]?»|\bвагнеровц\w*|(?<=\s[вВ]\s)[Вв]агнер(?:е|а)?(?![\w-])|(?<=\sиз\s)[Вв]агнера(?![\w-])")
_ABBR_UNIT = re.compile(
    # («810-й ОБрМП»: capitals after the small letters too)
    r"(?<![\w-])(\d{1,4})(-?(?:й|я|ю|го|ой|ую|м|ом|ей|е|и))?\s+([А-ЯЁ]{2,}[а-я]{0,2}(?:[А-ЯЁ]{1,3})?)(?![\w-])"
    r"(\s*\([а-яё]+\))?"
)
# A number without its ending before an abbreviation («138 ОМСБр») only for brigade-like abbreviations
# (not «12 ДТП», «2 МСП» counts are rare but «5 ОП» is a police station).
_BARE_ABBR = re.compile(r"(?:О?МСБр|ОБрСпН|ОБрМП|ОГМСБр|ОДШБр|ДШБр|ОМСБ|ДШБ|МСП|ОМСП)$", re.I)
# The same abbreviations written in lower case, as posts and plaques often do («291-го мсп», «200-й омсбр»); only
# a closed list (lower-case letter runs after a number are mostly words: «5 лет», «2 дня»).
_LOWER_ABBR_UNIT = re.compile(
    r"(?<![\w-])(\d{1,4})(-?(?:й|я|ю|го|ой|ую|м|ом|ей|е|и))?\s+(о?мсп|о?мсбр|огмсбр|о?дшбр|одшб|дшб|о?дшп|омсб|обрмп|обрспн"
    r"|оббр|отбр|обрсн|пдп|мсд|вдд|тд)(?![\w-])")
_LOWER_ABBR_CUES = ("мсп", "мсбр", "дшб", "дшп", "омсб", "обрмп", "обрсп", "оббр", "отбр", "обрсн", "пдп", "мсд", "вдд", " тд")
_QUOTED_AFTER_FIGHTER = re.compile(
    r"\b(?:доброволец|добровольцем|добровольца|боец|бойца|бойцом|бойцу)\s+(" + _QUOTED + r")"
)
_FIGHTER_CUES = literal_cues(_QUOTED_AFTER_FIGHTER)
# «БАРС-9», «БАРС-Курск», «ОМОН «Ак Барс»», «СОБР «Гром»»: named reserve and police units.
_NAMED_FORCE = re.compile(r"(?<![\w-])(?:(?:БАРС|Барс)[- ](?:\d{1,2}|[А-ЯЁ][а-яё]+)(?![\w-])|(?:ОМОН|СОБР|БАРС)\s+" + _QUOTED + ")")
_FORCE_HEAD_BEFORE = re.compile(r"(?<![\w-])([Оо]тряд|[Бб]атальон)(?:а|у|ом|е)?\s+$")
_STORM = re.compile(r"«?\bШторм(?:[а-я]{0,2}[- ]?([ZzVЗ])\b»?|[а-я]{0,2}»)")


@lru_cache(maxsize=20_000)
def _adj_nominative(word: str, gender: str) -> str:
    low = word.lower()
    head, sep, tail = low.rpartition("-")
    target = tail if sep else low
    for p in parse(target):
        if "ADJF" in p.tag or "PRTF" in p.tag:
            form = p.inflect({"nomn", gender, "sing"} if gender != "plur" else {"nomn", "plur"})
            if form:
                return restore_case(word, (head + sep if sep else "") + form.word)
    return word


def _quote(q: str) -> str:
    inner = q.strip().strip("«»\"“”")
    return f"«{inner}»"


def unit_priority(value: str) -> int:
    """в/ч beats a named or numbered formation, which beats a bare name in quotes."""
    if value.startswith("в/ч"):
        return 0
    if value.startswith("«") and not value.startswith("«Шторм"):
        return 2
    return 1


def find_units(text: str) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []

    def add(s: int, e: int, v: str) -> None:
        if all(e <= a or s >= b for a, b in taken):
            out.append((s, e, v))
            taken.append((s, e))

    low = lower_text(text)
    for m in (_VCH.finditer(text) if ("в/ч" in low or "вч" in low or "войсков" in low or "воинск" in low
                                      or "в.ч." in low or "в. ч." in low) else ()):
        add(m.start(), m.end(), f"в/ч {m.group(1)}")
    for m in (_PMC_WORDS.finditer(low) if "военн" in low and "компани" in low else ()):
        add(m.start(), m.end(), "ЧВК " + _quote(text[m.start(1): m.end(1)]))  # «частной военной компании «Редут»»
    for m in (_PMC.finditer(text) if "ЧВК" in text else ()):
        name = m.group(0)[3:].strip()
        if not name.startswith(("«", '"', "“")):
            name = re.sub(r"(?:а|у|ом|е)$", "", name) if name.lower().startswith("вагнер") else name
        add(m.start(), m.end(), "ЧВК " + _quote(name))
    for m in (_ABBR_UNIT.finditer(text) if re.search(r"\d-?[а-я]{0,3}\s+[А-ЯЁ]{2}", text) else ()):
        abbr = m.group(3)
        # («во 2-м АК», «3-го АК»: an army corps)
        if not re.search(r"(?:БР|Бр|бр|Д|П|ДН|ОБ|МСП|ОМСБ|ДШБ)$|^(?:АК|ОА)$", abbr) or abbr in ("СВО", "ЧВК", "ВСУ", "ЗСУ"):
            continue
        if not m.group(2) and not _BARE_ABBR.search(abbr):
            continue
        gender = "femn" if "БР" in abbr or "Бр" in abbr else "masc" if abbr.endswith(("П", "Б", "АК")) else "femn"
        # as written: «138 ОМСБр» keeps its bare number
        value = m.group(1) + (("-й " if gender == "masc" else "-я ") if m.group(2) else " ") + abbr
        if m.group(4):
            value += f" ({_adj_nominative(m.group(4).strip()[1:-1], gender)})"
        add(m.start(), m.end(), value)
    for m in (_LOWER_ABBR_UNIT.finditer(text) if any(c in text for c in _LOWER_ABBR_CUES) else ()):
        abbr = m.group(3)
        if not m.group(2) and not _BARE_ABBR.search(abbr):
            continue
        gender = "femn" if "бр" in abbr or abbr.endswith("д") else "masc"
        value = m.group(1) + (("-й " if gender == "masc" else "-я ") if m.group(2) else " ") + abbr
        add(m.start(), m.end(), value)
    for m in (_WAGNER.finditer(text) if "вагнер" in low else ()):
        add(m.start(), m.end(), "ЧВК «Вагнер»")
    for m in (_STORM.finditer(text) if "шторм" in low else ()):
        letter = (m.group(1) or "Z").upper().replace("З", "Z")
        add(m.start(), m.end(), f"«Шторм {letter}»")
    # Matched on the lower-cased text (same offsets); values are cut from the original.
    matches = list(_UNIT.finditer(low))
    if "«" in text or '"' in text or "“" in text:
        matches += list(_UNIT_QUOTED_AT.finditer(low, low))
    starts = {m.start() for m in matches}
    for m in matches:
        number, adjs, stem, _, complement, paren, quoted = (
            text[m.start(g): m.end(g)] if m.start(g) >= 0 else None for g in range(1, 8))
        if not number and not quoted:
            continue
        low_stem = stem.lower()
        if number and not quoted and low_stem in _SUBUNITS:
            if _SPACES.match(low, m.end()).end() in starts or low_stem == "рот":
                # A numbered company is no formation («1-й танковой роты»); a numbered battalion
                # is one only when its parent formation is not named right after it.
                continue
        head, gender = _HEADS[low_stem]
        if stem[0].isupper():
            head = head.capitalize()
        start = m.start()
        if not number:
            kind = _KIND_BEFORE.search(low, max(0, start - 60), start)
            if kind:
                adjs, start = text[kind.start(1): kind.end(1)], kind.start(1)
        words = [restore_case(w, _adj_nominative(w, gender)) if not w.startswith("(")
                 else f"({_adj_nominative(w[1:-1], gender)})" for w in (adjs or "").split()]
        parts = []
        if number:
            parts.append(number + {"masc": "-й", "femn": "-я", "neut": "-е"}[gender])
        parts.extend(words)
        parts.append(head)
        value = " ".join(parts)
        if complement:
            value += " " + " ".join(complement.split())
        if paren:
            inner = paren.strip()[1:-1]
            value += f" ({_adj_nominative(inner, gender)})"
        if quoted:
            value += " " + _quote(quoted.strip())
        add(start, m.end(), value)
    for m in (_UNIT_BARE.finditer(low) if any(h in low for h in _BARE_HEADS) else ()):
        if not 1900 <= int(m.group(1)) <= 2100:
            head, gender = _HEADS[m.group(2)[:-1] if m.group(2).endswith(("а", "я")) else m.group(2)]
            add(m.start(), m.end(), m.group(1) + {"masc": "-й ", "femn": "-я "}[gender] + head)
    for m in (_UNIT_NAMED_AFTER.finditer(text) if "имени" in text else ()):
        head, gender = _HEADS[m.group(1).lower()]
        start = m.start()
        kind = _KIND_BEFORE.search(low, max(0, start - 60), start)
        if kind:
            # «в добровольческом батальоне имени Александра Невского»: its kind words as written, in the nominative
            head = " ".join([restore_case(w, _adj_nominative(w, gender)) for w in text[kind.start(1): kind.end(1)].split()]
                            + [head])
            start = kind.start(1)
        add(start, m.end(), f"{head} {m.group(2)}имени {m.group(3)}")
    # After the formations: «отряда «БАРС-17»» is the whole «отряд «БАРС-17»».
    for m in (_NAMED_FORCE.finditer(text) if ("БАРС" in text or "Барс" in text or "ОМОН" in text or "СОБР" in text) else ()):
        value = m.group(0)
        if text[m.start() - 1: m.start()] == "«" and text[m.end(): m.end() + 1] == "»":
            add(m.start() - 1, m.end() + 1, f"«{value}»")  # «доброволец «БАРС-1»» as written
            continue
        if value.startswith("Барс"):
            value = "БАРС" + value[4:]
        head = _FORCE_HEAD_BEFORE.search(text, max(0, m.start() - 16), m.start()) if value.startswith("БАРС-") else None
        if head:
            add(head.start(), m.end(), head.group(1).lower() + " " + value)  # «в составе отряда БАРС-13»
            continue
        add(m.start(), m.end(), value[:5] + _quote(value[5:]) if value.startswith(("ОМОН", "СОБР", "БАРС ")) else value)
    quoted = "«" in text or '"' in text or "“" in text
    for m in (_QUOTED_AFTER_FIGHTER.finditer(text) if quoted and may_match(_FIGHTER_CUES, low) else ()):
        add(m.start(1), m.end(1), _quote(m.group(1)))
    out.sort()
    if any(k in low for k in _KIN_UNIT_CUES):
        out = [u for u in out if not _kins_unit(text, low, u[0])]
    return _last_service(low, out)


# «Его отец, ветеран 345-го полка, …», «Отец служил в 98-й дивизии», «по стопам отца, служившего в 98-й дивизии»:
# a unit told of his kinsman (no name between), not «Андрей, как и его отец, служил в 74-й бригаде» (both).
_KIN_UNIT_CUES = ("отец", "отца", "папа", "дед", "брат", "дяд", "тесть", "сын", "внук")
_KIN_UNIT_BEFORE = re.compile(r"(?<![а-яё])(как\s+и\s+)?(?:(?:его|её|ее|их)\s+)?(?:(?:старш|младш|родн|двоюродн)[а-яё]+\s+)?"
                              r"(?:отец|отца|папа|дед|деда|дедушка|прадед|брат|брата|дядя|тесть"
                              # («сын ветерана 201-й дивизии», «Его сын служит в 35-й бригаде»: not «Наш сын служил …»)
                              r"|(?<=его\s)(?:сын|внук)|(?<=её\s)(?:сын|внук)|(?:сын|внук)(?=\s+(?:ветерана|участника|героя"
                              r"|командира|офицера|военного)))(?![а-яё])([^.!?;\n]{0,60})$")


def _kins_unit(text: str, low: str, start: int) -> bool:
    m = _KIN_UNIT_BEFORE.search(low, max(0, start - 90), start)
    if m is None:
        return False
    # («Отец Олега служил в …»: the dead man named in the genitive after the kin noun; «Его брат Иван служит в …»: a
    # bare given name of the kinsman — his unit still)
    between = _KIN_GENITIVE_OR_GIVEN.sub("", text[m.start(2): start], count=1)
    if re.search(r"[А-ЯЁ]", between):
        return False  # («Его отец Виктор Гусев служил в …»: a named kinsman is a person of his own)
    if _NEW_SUBJECT.search(m.group(2)):
        return False  # «Его отец, ветеран 201-й дивизии, рассказал, что сын служил в 15-й бригаде»
    # «как и его отец, служил в …», «сын ветерана 201-й дивизии, служил в …»: a verb after the apposition is the man's own
    return not _VERB_AFTER_COMMA.search(m.group(2))


_VERB_AFTER_COMMA = re.compile(r",\s*(?:тоже\s+|также\s+|сам\s+)?[а-яё]+(?:л|лся|ет|ит)\s")
_KIN_GENITIVE_OR_GIVEN = re.compile(r"^[ \t]*[А-ЯЁ][а-яё]+(?=[ \t,]+[а-яё—–-])")
# A clause with a subject of its own between the kinsman and the unit: «…, что сын служил в», «а сам Олег — в».
_NEW_SUBJECT = re.compile(r"(?<![а-яё])(?:что|как|а|но)\s+(?:сам\s+|его\s+|её\s+)?(?:сын|он|внук)(?![а-яё])")


# «проходил срочную службу в 76-й дивизии, а … погиб, служа в 331-м полку», «Сначала воевал в «Шторме Z», затем
# … в 30-й бригаде»: the unit he served in before is not his unit at death (the last service wins).
_EARLIER = re.compile(r"(?<![а-яё])(?:срочн\w+\s+служб\w+|по\s+призыву|до\s+(?:мобилизации|сво|войны|спецоперации|этого)"
                      r"|ранее|раньше|сначала|в\s+прошлом|прежде|когда-то|поначалу)(?=[^.!?;\n]*$)")
_LATER = re.compile(r"(?<![а-яё])(?:затем|потом|после\s+(?:этого|чего|ранения|госпиталя|отпуска)|позже|позднее|впоследствии"
                    r"|а\s+(?:в|с)\s+(?:20\d\d|\w+\s+20\d\d)|перев[её]л\w*|переведён\w*|переведен\w*|продлил\w*|перешёл|перешел"
                    r"|а\s+погиб\w*|погиб\w*,?\s+служа|потом"
                    # a unit corrected in the same sentence: «в 15-м полку — точнее, в 33-м»
                    r"|точнее|вернее|поправка)(?![а-яё])")


def _last_service(low: str, units: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    if len(units) < 2:
        return units
    former = set()
    for k, (s, e, _) in enumerate(units):
        clause = max([low.rfind(c, 0, s) for c in ".!?\n;"] + [units[k - 1][1] - 1 if k else -1])
        if _EARLIER.search(low, clause + 1, s) and any("\n" not in low[e: later[0]] for later in units[k + 1:]):
            # («служил по контракту ещё до войны, в 4-й дивизии» with no later unit in his paragraph: his unit still)
            former.add(k)
        elif k + 1 < len(units) and units[k + 1][0] - e < 250 and _LATER.search(low, e, units[k + 1][0]):
            former.add(k)
    if len(former) == len(units):
        return units
    return [u for k, u in enumerate(units) if k not in former]


# --------------------------------------------------------------------------- category

# One vocabulary of category cues for the whole project: db.categories. Here
# each cue is only attributed to the person it speaks about.


#: A literal stem of every db.categories cue: its re.I alternation costs ~1 ms on a
#: whole notice, so it runs only on the sentences holding one of these.
_CUE_STEMS = (
    "мобилиз", "повестк", "добровол", "барс", "боев", "интербригад", "пятнашк", "боотур", "шаймуратов", "эспаньол", "русич",
    "тимер", "алга", "контракт", "училищ", "кадров", "срочн", "призыв", "осужд", "заключ", "колони", "шторм",
    "storm", "отбыва", "лишения", "помилов", "чвк", "частн", "вагнер", "редут", "конвой", "патриот", "мвд", "фсб",
    "фсин", "омон", "собр", "гвард", "полици", "внутренних",
)
# The rarer cues' stems in one pass (one str.find a stem costs as much): «армии ДНР» (not every «в ДНР»,
# a place of death in most notices), «Салават Юлаев», ВОКУ and other officer colleges.
_RARE_STEMS = re.compile(r"юлаев|ополчен|академи|полицейск|(?:арми|милици|корпус)[а-я]*\s+[дл]нр|воку|ввку|вдку|вику|вкиу|ваул|вму"
                         r"|2014|остал[а-я]*\s+(?:служить\s+)?в\s+арми|в\s+арми[а-я]*\s+остал|профессиональн[а-я]*\s+военн|дпс|гибдд|ппс")
_PRISON_NO = re.compile(r"ик-?\d")
# A sentence that speaks of the man without naming him.
_ABOUT_HIM = re.compile(r"\b(?:[Оо]н|[Ее]го|[Ее]му|[Нн]им|[Нн]ём|[Сс]ам|[Оо]ни|[Ии]х|[Ии]м|[Вв]се|[Оо]ба|[Оо]бе|[Дд]вое|[Тт]рое"
                        r"|[Чч]етверо|[Пп]ятеро|были|ушли|погибли|служили|воевали)\b|\b(?:был|ушёл|ушел|пошёл|пошел|погиб|служил|заключил|подписал"
                        r"|призван|мобилизован|отправился|вернулся|воевал|решил)\b")
# «Его брат Сергей, мобилизованный …»: his relative or comrade right before a cue in a sentence naming none of the
# dead is another man (not «а сын служил по контракту», where the son is the dead man himself).
_RELATIVE_BEFORE = re.compile(
    r"(?<![А-Яа-яЁё])(?:(?:[Ее]го|[Ее]ё|[Ее]е|[Ии]х)\s+(?:(?:старш|младш|родн|двоюродн|лучш)\w+\s+)?"
    r"(?:брат|отец|сын|дяд[яи]|племянник|друг|сослуживец|товарищ|одноклассник|муж|зять|тесть)"
    # «Брат погибшего, тоже мобилизованный, …»
    r"|(?:[Бб]рат|[Оо]тец|[Сс]ын|[Дд]яд[яи]|[Пп]лемянник|[Дд]руг|[Сс]ослуживец|[Мм]уж|[Зз]ять)\s+(?:погибшего|героя|бойца))"
    r"(?:\s+[А-ЯЁ][а-яё]+)?(?:[\s,]+(?:тоже|также|был|ещё|еще))*[\s,—–-]*$")
# A clause whose subject is a bare kin noun: «Отец ушёл добровольцем», «а сын служил по контракту».
_KIN_SUBJECT = re.compile(r"(?:^|[,;—–]\s*(?:а|но|и)?\s*|\.\s+)\s*(?<![Ее]го\s)(?<![Ее]ё\s)([Оо]тец|[Сс]ын)\s+(?:[а-яё]+\s+){0,3}$")
_KIN_BEFORE_REF = re.compile(r"(?<![А-Яа-яЁё])(отец|сын)\s+(?:[а-яё]+\s+)?$")
_KIN_PAIR = {"отец": "сын", "сын": "отец"}


def _kin_person(doc, kin: str) -> int | None:
    """The dead man a text calls «отец» or «сын»: the one named right after that word, or else the other of two
    dead when the second is named right after its counterpart («Михаил Неверов, 49 лет, и его сын Денис»)."""
    dead = doc.dead()
    if len(dead) != 2:
        return None
    called: dict[int, str] = {}
    for r in doc.refs:
        m = _KIN_BEFORE_REF.search(doc.lower, max(0, r[0] - 20), r[0])
        if m and r[2] in dead:
            called.setdefault(r[2], m.group(1))
    same = [i for i, k in called.items() if k == kin]
    if len(same) == 1:
        return same[0]
    other = [i for i, k in called.items() if k == _KIN_PAIR[kin]]
    if len(other) == 1 and not same:
        return next(i for i in dead if i != other[0])
    return None


# Cues that name the man himself and can stand in apposition before his name.
_PERSON_NOUNS = ("заключ", "осужд", "мобилизованн", "доброволец", "добровольц", "контрактник", "срочник")
_FORMER = re.compile(r"(?:бывш\w+|в\s+прошлом)[^.!?\n]{0,25}$", re.I)
_RETIRED = re.compile(r"\s+(?:в\s+отставке|на\s+пенсии|в\s+запасе)", re.I)
_AGGREGATE = re.compile(r"(?:более|свыше|около|уже)\s+\d+|\b\d+\s+(?:человек|жител|мужчин|земляк|добровол|контрактник|мобилизов)"
                        r"|\b(?:сотни|десятки|многие)\b"
                        # «выплата при подписании контракта составляет 400 тысяч рублей»: recruiting, nobody's cue
                        r"|выплат\w*|\bрубл\w*|\bтысяч\w*", re.I)


# «Мобилизованный, контрактник и доброволец.», «Среди них есть мобилизованный», «второй погибший был мобилизован»:
# a cue that names none of the dead and says nobody in particular (or another, unnamed man) is nobody's.
_NOBODY_IN_PARTICULAR = re.compile(r"[\s,;:—–-]*(?:(?:[Аа]|[Нн]о|[Ии])\s+)?(?:[Сс]реди\s+(?:них|погибших)|(?:[Оо]дин|[Кк]то-то)\s+из\s+(?:них|погибших)"
                                   r"|(?:[Вв]тор|[Дд]руг|[Тт]рет)(?:ой|ий)(?:\s+(?:из\s+них|[а-яё]+))?|[Ее]щ[её]\s+один(?:\s+[а-яё]+)?)"
                                   r"(?=[\s,—–-])")
# «Отец Романа мобилизован»: a dead man named in the genitive after a kin noun is not the subject of the clause.
_KIN_OF_REF = re.compile(r"(?<![А-Яа-яЁё])(?:[Оо]тец|[Мм]ать|[Мм]ама|[Пп]апа|[Бб]рат|[Сс]естра|[Жж]ена|[Сс]упруга|[Мм]уж|[Сс]ын|[Дд]ядя"
                         r"|[Дд]ед|[Дд]едушка|[Дд]руг|[Сс]ослуживец|[Тт]есть|[Зз]ять)\s+$")
# («мой муж Серёжа», «наш сын Иван»: the kin noun is his apposition, he is the subject.)
_POSSESSIVE_BEFORE = re.compile(r"(?<![А-Яа-яЁё])(?:мо[йяеи]|наш[аеи]?|тво[йяеи]|ваш[аеи]?|его|её|ее|их)\s+$", re.I)


def _named_as_kin_of(doc, ref) -> bool:
    """«Отец Романа», «Брат Ильи»: the dead man named in the genitive after a relative, who is the subject."""
    kin = _KIN_OF_REF.search(doc.text, max(0, ref[0] - 12), ref[0])
    if kin is None or _POSSESSIVE_BEFORE.search(doc.text, max(0, kin.start() - 6), kin.start()):
        return False
    return doc.text[ref[0]: ref[1]].split()[0].endswith(("а", "я"))
# «Тимофей Лазарев, сын контрактника»: a category noun in the genitive after «сын», «внук», «брат» is his elder's.
_KIN_OF_CUE = re.compile(r"(?<![А-Яа-яЁё])(?:сын|внук|брат|племянник|правнук)\s+$", re.I)
_GENITIVE_CUE = re.compile(r"(?:контрактник|добровольц|срочник|заключ[её]нн|осужд[её]нн|мобилизованн)(?:а|ого)$", re.I)


_CAPITALISED = re.compile(r"(?<![А-Яа-яЁё-])[А-ЯЁ][а-яё]+(?![А-Яа-яЁё-])")


def _named_as_written(doc, a: int, b: int) -> int | None:
    """The one dead man whose name, as a reference of his first wrote it («Лёха Сафонов»), opens a word in a..b."""
    words = {m.group(0) for m in _CAPITALISED.finditer(doc.text, a, b)}
    if not words:
        return None
    found = {r[2] for r in doc.refs if not doc.persons[r[2]].living and doc.text[r[0]: r[1]].split()[0] in words}
    return found.pop() if len(found) == 1 else None


_CORRECTION = re.compile(r"(?<![А-Яа-яЁё])(?:поправка|уточнение|точнее|вернее|на\s+самом\s+деле)(?![А-Яа-яЁё])", re.I)
_PLURAL_PAST = re.compile(r"(?<![А-Яа-яЁё])[а-яё]{3,}(?:ли|лись)(?![А-Яа-яЁё])")


def _collective(s, cues) -> bool:
    """«Мобилизованный, контрактник и доброволец.»: a sentence listing different categories as nouns, naming nobody."""
    mine = [(st, w) for st, _, _, w in cues if s.start <= st < s.end]
    if len({c for st, _, c, _ in cues if s.start <= st < s.end}) < 2 or _ALL_OF_THEM.match(s.text):
        return False
    return all(w.lower().startswith(_PERSON_NOUNS) for _, w in mine) and not any(
        w[:1].isupper() for w in s.text.split()[1:])


# A sentence about all the men the previous one named.
_ALL_OF_THEM = re.compile(r"\s*(?:[Оо]ба|[Оо]бе|[Вв]се\s+(?:трое|четверо|пятеро|они)|[Оо]ни\s+(?:оба|обе|все))\b")


_ALL_OF_THEM_IN = re.compile(r"(?<![А-Яа-яЁё])(?:[Вв]се\s+(?:трое|четверо|пятеро|они)|[Оо]ба|[Оо]бе)(?![А-Яа-яЁё])")


def _previous_dead(doc, s) -> list[int]:
    """The dead named in the nearest earlier sentence that names any (when it names two or more)."""
    for prev in reversed(doc.sentences[: doc.sentence_index(s.start)]):
        named = sorted({r[2] for r in doc.refs if prev.start <= r[0] < prev.end and not doc.persons[r[2]].living})
        if named:
            return named if len(named) > 1 else []
    return []


def category_cues(text: str, sentences=None) -> list[tuple[int, int, str, str]]:
    """(start, end, code, words) for every category cue, in text order."""
    low = lower_text(text)
    spans = [(s.start, s.end) for s in sentences] if sentences else [(0, len(text))]
    # Every occurrence of every stem, found once in the whole text (41 stems × 25 sentences
    # of substring tests cost ~0.3 ms): a sentence is scanned when one lies wholly inside it.
    stems = []
    for stem in _CUE_STEMS:
        i = low.find(stem)
        while i >= 0:
            stems.append((i, i + len(stem)))
            i = low.find(stem, i + 1)
    stems.extend(m.span() for m in _RARE_STEMS.finditer(low))
    out = []
    for a, b in spans:
        if any(a <= s and e <= b for s, e in stems) or _PRISON_NO.search(low[a:b]):
            out.extend((a + h.start, a + h.end, h.code, h.text) for h in find_categories(text[a:b]))
    return out


def person_categories(doc) -> None:
    """Each cue goes to the person it speaks about; each person's cues are
    resolved by db.categories.resolve_category."""
    dead = doc.dead()
    first_ref = min((r[0] for r in doc.refs if not doc.persons[r[2]].living), default=None)
    cues = category_cues(doc.text, doc.sentences)
    hits_of: dict[int, list[CategoryHit]] = {}
    weak_of: dict[int, list[CategoryHit]] = {}
    for start, end, code, words in cues:
        s = doc.sentence_at(start)
        a, b = doc.clause_at(s, start)
        in_clause = sorted({r[2] for r in doc.refs if r[0] >= a and r[1] <= b and not doc.persons[r[2]].living})
        in_sentence = any(s.start <= r[0] < s.end and not doc.persons[r[2]].living for r in doc.refs)
        if code == "security" and (_FORMER.search(doc.text, max(0, start - 30), start)
                                   or _RETIRED.match(doc.text, end)):
            continue  # «бывший участковый, капитан полиции в отставке» then signed a contract
        named_next = [r for r in doc.refs if end <= r[0] <= end + 45 and not doc.persons[r[2]].living
                      and not re.search(r"[.;:!?—–\n]|\sи\s|^\s*,\s*$", doc.text[end: r[0]])
                      and words.lower().startswith(_PERSON_NOUNS)]
        if not in_sentence and _AGGREGATE.search(s.text):
            continue  # «В этом году в районе заключили контракт более 150 человек»: nobody in particular
        if words[:7].lower() == "повестк" and "мобилизац" not in doc.lower and "2022" not in s.text:
            continue  # a summons is the mobilisation's only in a text that speaks of it
        if _GENITIVE_CUE.search(words) and _KIN_OF_CUE.search(doc.text, max(0, start - 12), start):
            continue  # «сын контрактника»: the father's
        if in_clause and all(_named_as_kin_of(doc, r) for r in doc.refs if r[0] >= a and r[1] <= b and not doc.persons[r[2]].living):
            continue  # «Отец Романа мобилизован»: the father's
        if not in_clause and _NOBODY_IN_PARTICULAR.match(doc.text, a, start) and not (
                named_next and doc.text[a:start].strip(" ,;:—–").lower() in ("", "а", "но", "и")):
            continue  # «второй погибший был мобилизован», «Среди них есть мобилизованный»: not a named man's
        if not in_sentence and len(dead) > 1 and not named_next and _collective(s, cues) \
                and not _KIN_SUBJECT.search(doc.text[s.start: start]):
            continue  # «Мобилизованный, контрактник и доброволец.» after three names: who is who is not said
        if not in_clause and not named_next and (who := _named_as_written(doc, a, start)) is not None:
            # «Лёха был контрактником, Дима — мобилизованный»: a name as the text first wrote it, not found again
            hits_of.setdefault(who, []).append(CategoryHit(code, start, end, words))
            continue
        if named_next and not in_clause:
            # «с бывшим заключённым, бойцом ЧВК «Вагнер» Романом Шевчуком»: the cue is his apposition.
            hits_of.setdefault(named_next[0][2], []).append(CategoryHit(code, start, end, words))
            continue
        if len(dead) > 1 and first_ref is not None and end <= first_ref and not in_sentence:
            # An introduction: "двоих мобилизованных" is about all of them (until a
            # cue about one says otherwise); "мобилизованные, добровольцы и
            # контрактники" is about nobody in particular.
            same_sentence = {c for st, _, c, _ in cues if s.start <= st < s.end}
            targets = dead if len(same_sentence) == 1 else []
        elif in_clause:
            targets = doc.attribute(start, end, "near")
            if not targets and _PLURAL_PAST.search(doc.text, a, b):
                targets = in_clause  # «Руслан и Рашид Абдулаевы подписали контракт»: the living brother's too
        elif in_sentence and _ALL_OF_THEM_IN.search(doc.text, s.start, start) and len(
                group := sorted({r[2] for r in doc.refs if s.start <= r[0] < s.end and not doc.persons[r[2]].living})) > 1:
            # «… и Фарход Тошматов — все трое жили в Лисках и ушли на СВО по контракту»
            targets = group
        elif not in_sentence and _ALL_OF_THEM.match(s.text) and (group := _previous_dead(doc, s)):
            # «… Азата Жумагалиева и Виктора Ворону. Оба воевали … по контракту.»
            targets = group
        else:
            # «…, Иван — по призыву»: the person named just before, in this sentence.
            before = [r for r in doc.refs if s.start <= r[0] and r[1] <= start and not doc.persons[r[2]].living]
            targets = [before[-1][2]] if before else doc.attribute(start, end, "near")
            kin = _KIN_SUBJECT.search(doc.text[s.start: start]) if not before and not in_sentence else None
            if kin is not None and (who := _kin_person(doc, kin.group(1).lower())) is not None:
                # «Отец ушёл добровольцем, а сын служил по контракту»: «отец» and «сын» name the two dead men
                hits_of.setdefault(who, []).append(CategoryHit(code, start, end, words))
                continue
            if not before and not in_sentence and _RELATIVE_BEFORE.search(doc.text, s.start, start):
                continue  # «Его брат Сергей, мобилизованный осенью 2022 года, продолжает службу»: the brother's
            if not before and not in_sentence and not _ABOUT_HIM.search(s.text):
                # «Выплата при подписании контракта составляет …»: a sentence about nobody
                # counts only for a man no sentence of his own gives a category.
                for i in targets:
                    weak_of.setdefault(i, []).append(CategoryHit(code, start, end, words))
                continue
        # «Артём и Олег были мобилизованы», «Кирилл и Святослав служили по контракту»
        if len(in_clause) > 1 and re.search(r"[А-ЯЁ][а-яё]+\s+и\s+[А-ЯЁ]", doc.text[a:b]):
            targets = in_clause
        corrected = _CORRECTION.search(doc.text, s.start, start)
        for i in targets:
            if corrected is not None:
                # «оба — мобилизованные... поправка: Максим Глотов служил по контракту»: the corrected value
                hits_of[i] = [h for h in hits_of.get(i, []) if h.start > corrected.end()]
            hits_of.setdefault(i, []).append(CategoryHit(code, start, end, words))
    for i, p in enumerate(doc.persons):
        hits = hits_of.get(i) or weak_of.get(i, [])
        # The same precedence as every other category in the project (prisoner >
        # pmc > security > mobilized > contract > volunteer > conscript, a
        # volunteer unit above a contract): db.categories.resolve_category.
        code = resolve_category(hits)
        p.values["category"] = code
        best = next((h for h in hits if h.code == code), None)
        if best is not None:
            p.values["category_raw"] = best.text
            p.evidence["category"] = (best.start, best.end)
