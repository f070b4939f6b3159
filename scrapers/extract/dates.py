"""Date spans in Russian text, their roles, and their resolution to partial ISO dates.

dateparser is strong on month names and relative phrases but, given a whole
Russian text, it reads «22 года» as "22 years ago", applies one
PREFER_DATES_FROM to every date, and keeps one end of a range. So spans are
found here by regex, each span gets a role (death, funeral, birth, other) and,
for funerals, a tense from its own clause, and only then is it resolved
against the publication date. Spans this module parses itself never reach
dateparser (it costs ~0.3 ms a call); dateparser reads field values and
metadata strings in forms the regexes do not know (``parse_date_value``,
``parse_published``) and can resolve every span instead (``backend=
"dateparser"``), which ``bench/extraction.py`` uses to measure what each part
contributes.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from .textnorm import lower_text

MONTH_STEMS = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "мая": 5, "май": 5, "мае": 5, "маю": 5, "июн": 6, "июл": 7,
    "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}
_MONTH = (
    r"(?:январ[ьяюе]|феврал[ьяюе]|марте|марта?|апрел[ьяюе]|ма[йяюе]|июн[ьяюе]|июл[ьяюе]|августе|августа?"
    r"|сентябр[ьяюе]|октябр[ьяюе]|ноябр[ьяюе]|декабр[ьяюе]"
    r"|янв\.|февр?\.|мар\.|апр\.|июн\.|июл\.|авг\.|сент?\.|окт\.|нояб?\.|дек\.)"
)
_YEAR_TAIL = r"(?:\s*(?:года|год|году|г\.|г\b))?"
WEEKDAYS = {"понедельник": 0, "вторник": 1, "сред": 2, "четверг": 3, "пятниц": 4, "суббот": 5, "воскресень": 6}

_LIFESPAN = re.compile(
    r"(?<![\d.])(?:(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})|(\d{4}))\s*(?:г\.?\s*(?:р\.?\s*)?)?[–—-]\s*"
    r"(?:(?:ум|сконч)\.\s*|(?:умер|погиб)\s+)?(?:(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})|(\d{4}))(?![\d.]\d)(?:\s*(?:гг\.|г\.|годы))?"
)
_LIFESPAN_HINT = re.compile(r"\d\s*(?:г\.?\s*(?:р\.?\s*)?)?[–—-]\s*(?:(?:ум|сконч)\.\s*|(?:умер|погиб)\s+)?\d")
_LIFESPAN_TO_MONTH = re.compile(
    r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})\s*[–—-]\s*(?:(?:ум|сконч)\.\s*|(?:умер|погиб)\s+)?"
    r"(январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|сентябр[ья]|октябр[ья]|ноябр[ья]"
    r"|декабр[ья])\s+(\d{4})(?!\d)"
)
# «(1990 – март 2024)»: a birth year to a death month
_YEAR_TO_MONTH = re.compile(r"(?<![\d.])(\d{4})\s*(?:г\.?\s*(?:р\.?\s*)?)?[–—-]\s*(?:(?:ум|сконч)\.\s*|(?:умер|погиб)\s+)?"
                            r"(январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|сентябр[ья]"
                            r"|октябр[ья]|ноябр[ья]|декабр[ья])\s+(\d{4})(?!\d)")
# «(04.1990 – 03.2024)»: both ends a month and a year in figures
_MONTHS_LIFESPAN_HINT = re.compile(r"\.(?:19|20)\d\d\s*[–—-]\s*[01]\d\.")
_MONTHS_LIFESPAN = re.compile(r"(?<![\d.])(0[1-9]|1[0-2])\.((?:19|20)\d\d)\s*[–—-]\s*(0[1-9]|1[0-2])\.(20\d\d)(?![\d.]\d|\d)")
_LIFESPAN_TO_MONTH_HINT = re.compile(r"\d{4}\s*[–—-]\s*(?:(?:ум|сконч)\.\s*|(?:умер|погиб)\s+)?(?:янв|фев|мар|апр|ма[йя]"
                                     r"|июн|июл|авг|сен|окт|ноя|дек)")
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d.]\d)" + _YEAR_TAIL)
# «погиб 02-03-2024»: day, month and year joined by hyphens (a two-digit month and a full year: not a phone number)
_HYPHENATED = re.compile(r"(\d{1,2})-(\d{2})-(\d{4})(?![\d-])" + _YEAR_TAIL)
# «12 мая 1990 — 20 февраля 2024»: a lifespan in words (the year of each end is required).
_WORD_LIFESPAN = re.compile(
    r"(?<![\d.])(\d{1,2})\s+(" + _MONTH + r")\s+(\d{4})" + _YEAR_TAIL + r"\s*[–—-]\s*(\d{1,2})\s+(" + _MONTH
    + r")\s+(\d{4})(?!\d)" + _YEAR_TAIL
)
# «(май 1990 — март 2024)»: a lifespan of months and years, both ends at month precision.
_MONTH_LIFESPAN = re.compile(
    r"(?<![\d.а-яё])(" + _MONTH + r")\s+(\d{4})" + _YEAR_TAIL + r"\s*[–—-]\s*(" + _MONTH + r")\s+(\d{4})(?!\d)"
    + _YEAR_TAIL
)
# «погиб 5 или 6 марта», «между 5 и 7 марта», «прощание пройдёт 12–13 марта», «с 12 по 14 марта»: two days or a range of
# them, the month told and the day not.
_ALTERNATIVE_DAY = re.compile(r"(?:\bмежду\s+\d{1,2}(?:-?м)?\s+и|(?<![\d.,])\d{1,2}\s+(?:или|либо)|\bс\s+\d{1,2}(?:-?го)?\s+по)\s+$"
                              r"|(?<![\d.,:/-])\d{1,2}[ \t]*[–—-][ \t]*$")
# «в ноябре 23-го (года)»: the year after a month name in two digits (a year of this war; not «12-го числа»).
_SHORT_YEAR_AFTER = re.compile(r"\s+(1[4-9]|2\d)-го(?![а-яё])(?!\s+числа)(?:\s+года)?")
# "Прощание пройдёт 28.06 в 10:00": day.month without a year.
# (a full stop after it ends the sentence: «назначены на 22.03.»)
_DAY_DOT_MONTH = re.compile(r"(?<![\d.,])(\d{1,2})\.(0[1-9]|1[0-2])(?!\d|,\d|\.\d|\s*(?:%|млн|млрд|тыс|руб|км|м\b))")
_NIGHT_FROM = re.compile(r"ночь\s+с\s+$")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_MONTH_DOT_YEAR = re.compile(r"(?<![\d.,])(0[1-9]|1[0-2])\.(20[12]\d)(?![\d.,]\d|\d)")
_DAY_MONTH = re.compile(
    # («2-ого марта», «2ого марта», «2марта 2024 года», «2 марта2024»: typed in a hurry)
    r"(?<![\d.])(\d{1,2})(?:-?(?:ого|го|е|ое))?\s*(" + _MONTH + r")(?:\s*(\d{4})(?![\d])" + _YEAR_TAIL
    + r"|\s+(прошлого|позапрошлого|этого|текущего|нынешнего|сего|того\s+же)\s+года"
    # «5 апреля 90-го года», «2 марта 23-го.»: a two-digit year (not «2 марта 14-го полка»: an ordinal before a noun)
    + r"|\s+(\d{2})-го(?:\s+года\b|\s*г\.|(?![ \t]*[а-яёa-z0-9«\"(])))?",
    re.I,
)
_MONTH_ONLY = re.compile(
    # the month a whole word: «в Октябрьском», «в Майском», «Мартовский сельсовет» are places, not months
    r"(?<![а-яёА-ЯЁ])(" + _MONTH + r")(?![а-яёА-ЯЁ])(?:\s+(\d{4})(?!\d)" + _YEAR_TAIL
    + r"|\s+(прошлого|позапрошлого|этого|текущего|нынешнего|сего|того\s+же)\s+года)?",
    re.I,
)
_MONTH_PREFIX = re.compile(
    r"(?:\b(?:в|во|за)\s+(?:(?:самом\s+)?(?:начале|конце|середине|(?:последних|первых|десятых|двадцатых|тридцатых)\s+числах"
    r"|(?:первые|последние)\s+(?:дни|числа)|(?:первую|последнюю)\s+неделю"
    r"|(?:первой|второй)\s+половине|(?:первой|второй|третьей|последней)\s+декаде)\s+)?"
    r"|\b(?:в\s+)?(?:начале|конце|середине)\s+)$",
    re.I,
)
# «похоронили в этом январе», «в прошлом декабре»: the month of this year or the year before
_THIS_MONTH = re.compile(r"\b(?:в|во)\s+(этом|прошлом)\s+$")
# «в начале этого месяца», «в конце прошлого месяца», «в прошлом месяце»: the month named by its
# distance from publication, at month precision.
_REL_MONTH = re.compile(
    r"\b(?:(?:в\s+)?(?:начале|конце|середине|(?:последних|первых)\s+числах)\s+(этого|текущего|прошлого)\s+месяца"
    r"|в\s+(этом|текущем|прошлом)\s+месяце)\b"
)
_BARE_DAY = re.compile(r"\bна\s+(\d{1,2})-е\b(?!\s*[а-яё])|(?:понедельник|вторник|сред[уа]|четверг|пятниц[уа]"
                       r"|суббот[уа]|воскресенье),\s+(\d{1,2})-го\b(?!\s+[а-яё])")
# «20 числа», «20-го числа прошлого месяца»: a day whose month is the publication's (or the one before).
_DAY_OF_MONTH = re.compile(r"(?<![\d.])(\d{1,2})(?:-?го)?\s+числа(?:\s+(этого|текущего|прошлого)\s+месяца)?\b")
_BIRTH_YEAR = re.compile(r"(?<!\d)(\d{4})\s*(?:года\s+рождения|года\s+рожд(?:\.|(?![а-яё]))|г\.\s?рожд(?:\.|ения)|г\.\s?р\.?|гр\.|г\.р\b|г/р)", re.I)
# «87 г.р.», «03 г.р.»: a two-digit birth year, in the century that makes him at least 16 at publication.
_BIRTH_YEAR2 = re.compile(r"(?<![\d.:/-])(\d{2})\s*(?:года\s+рождения|г\.\s?р\.?|г\.р\b|г/р)")
_YEAR = re.compile(
    # «родился в далёком 1975 году», «в том 2022-м»: an adjective may stand between the preposition and the year
    r"\b(?:(?:в|во)(?:\s+(?:начале|конце|середине))?|весной|летом|осенью|зимой)(?:\s+[а-яё]{0,12}(?:ом|ем))?"
    r"\s+(\d{4})(?:\s*(?:году|года|г\.)|-м\b|-го\b(?!\s+(?:года|г\.)\s+рожд))",  # «весной 1990-го»
    re.I,
)
# «родился в 90-м году», «погиб в 23-м»: a two-digit year (the century is chosen against publication in resolve())
_YEAR_YY = re.compile(r"\b(?:в|во)\s+(\d{2})-?м(?:\s+(?:году|г\.)|(?=[ \t]*[,.;:)!?\n]|[ \t]*$))")
_REL_DAY = re.compile(r"\b(сегодня|вчера|позавчера|завтра|послезавтра)\b", re.I)
_AGO = re.compile(r"\b(\d{1,2}|два|три|четыре|пять|шесть)\s+(дня|дней)\s+назад\b", re.I)
_WEEKDAY = re.compile(
    r"\b(?:в|во|на)\s+(?:(прошл\w+|прошедш\w+|минувш\w+|эт\w+|ближайш\w+|следующ\w+|нынешн\w+|будущ\w+)\s+)?"
    r"(понедельник|вторник|сред[уа]|четверг|пятниц[уа]|суббот[уа]|воскресенье)\b",
    re.I,
)
_MONTH_STEMS_LOW = ("янв", "фев", "мар", "апр", "мая", "май", "мае", "маю", "июн", "июл", "авг", "сен", "окт", "ноя",
                    "дек")
_WEEKDAY_NAMES = r"(?:понедельник|вторник|сред[уа]|четверг|пятниц[уа]|суббот[уа]|воскресенье)"
_WEEKDAY_PAIR_AFTER = re.compile(r"\s+(?:и|или|либо)\s+(?:в\s+|во\s+)?" + _WEEKDAY_NAMES)
_WEEKDAY_PAIR_BEFORE = re.compile(_WEEKDAY_NAMES + r"\s+(?:и|или|либо)\s+$")
_LAST_WEEK = re.compile(r"\bна\s+прошлой\s+неделе\b")
_NEXT_DAY = re.compile(r"\b(?:на\s+следующий\s+день|на\s+другой\s+день|(?:дн[её]м|сутками|на\s+день)\s+(?:позже|позднее)|через\s+день"
                       r"|на\s+(?:следующие|другие)\s+сутки)\b")
# «Денис погиб 16 февраля, Роман — спустя три дня, 19-го»: days counted from, and a day in the month of, the date
# written before (resolved in core, which knows that date).
_DAYS_LATER = re.compile(r"(?:(?:спустя|через)\s+(\d{1,2}|два|три|четыре|пять|шесть|семь|восемь|девять|десять)\s+(?:дня|дней)\b"
                         r"|на\s+(\d{1,2}|два|три|четыре|пять|шесть|семь|восемь|девять|десять)\s+(?:дня|дней)\s+позже)"
                         r"|(?:спустя|через)\s+(неделю|две\s+недели|сутки|двое\s+суток|трое\s+суток)(?![а-яё])"
                         # «Олег Набиев — тремя днями позже»
                         r"|(двумя|тремя|четырьмя|пятью|шестью|семью)\s+(?:днями|сутками)\s+(?:позже|позднее)")
# «Похоронили 13 января. Он погиб накануне», «В тот же день он скончался»: the day before, or the day of, the date
# written before (resolved in core like «на следующий день»). Not «накануне Дня Победы», «накануне похорон»: the eve
# of an event named after it is not the day before the last date.
_EVE = re.compile(r"\bнакануне\b(?![ \t]+(?:похорон\b|[а-яё]*(?:а|я|ы|и|ов|ев|ей|ого|его)\b(?<!ся)(?<!\bона)"
                  r"(?<!\bони)(?<!\bвчера)))|\b(?:в\s+тот\s+(?:же\s+)?день|тем\s+же\s+дн[её]м)\b"
                  r"(?![ \t]*,?[ \t]*(?:когда|что|как(?!\s+и\b)|в\s+который))")  # «в тот же день, когда …» names its own anchor
# not «3-го ранга»; but «Прощание пройдёт 12-го в 10:00»
# «А 30-го его не стало», «25-го погиб», «23-го под Бахмутом»: before a pronoun, a verb or a preposition of place it is
# a day (before a noun it is an ordinal: «3-го ранга», «11-го класса»).
_CARRIED_DAY = re.compile(r"(\d{1,2})-го\b(?:(?![ \t]*[а-яёa-z0-9«\"])|(?=[ \t]+в[ \t]+\d{1,2}[:.]\d\d)"
                          r"|(?=[ \t]+(?:(?:его|её|ее|он|она|их|они|не|погиб|скончал|умер|пал|был|была|были|утром|вечером"
                          r"|ночью|днём|под|у|около|близ|в[ \t]+(?:зоне|районе|бою|госпитале"
                          # «похоронен 12-го в родном селе», «12-го на кладбище», «а 14-го скончался»
                          r"|родн[а-яё]+|сво[её]м|сел[еа]|город[еа]|деревне|пос[её]лке)|на[ \t]+(?:[а-яё]+(?:ом|ем|ой|ей)[ \t]+)?(?:кладбище|аллее|родине))"
                          r"(?![а-яё])|(?:скончал|похорон|простил|прощ|хорон|отпел)[а-яё]*)))")
# «через два дня после доставки тела», «на следующий день после гибели»: the event the days are counted from, named
# (core counts from the date before only where that event was told before)
_NAMED_ANCHOR = re.compile(r"[ \t]+после[ \t]+(?:(?:его|её|ее|их)[ \t]+)?([а-яё]{4,})")
_WEEKS_DAYS = {"неделю": 7, "две недели": 14, "сутки": 1, "двое суток": 2, "трое суток": 3}
_INSTRUMENTAL_NUM = {"двумя": 2, "тремя": 3, "четырьмя": 4, "пятью": 5, "шестью": 6, "семью": 7}
_WORD_NUM = {"два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10}
# «погиб двадцать третьего февраля», «скончался первого октября»: a day as an ordinal word (genitive).
_ORDINAL_STEMS = {
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "четвёрт": 4, "пят": 5, "шест": 6, "седьм": 7, "восьм": 8, "девят": 9,
    "десят": 10, "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13, "четырнадцат": 14, "пятнадцат": 15,
    "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18, "девятнадцат": 19, "двадцат": 20, "тридцат": 30,
}
_WORD_DAY = re.compile(
    r"(?<![а-яё])(?:(двадцать|тридцать)\s+)?(" + "|".join(sorted(_ORDINAL_STEMS, key=len, reverse=True)) + r")(?:ь?его|ого)\s+(" + _MONTH
    + r")(?:\s+(\d{4})(?!\d)" + _YEAR_TAIL + r")?"
)
_WORD_DAY_HINT = re.compile(r"го\s+(?:янв|фев|мар|апр|ма[яю]|июн|июл|авг|сен|окт|ноя|дек)")
# «погиб в День защитника Отечества», «в День Победы»: a holiday on a fixed day names that day (not «накануне Дня
# Победы», «под Новый год»: those name a time around it).
_HOLIDAYS = {
    "день защитника отечества": (2, 23), "день победы": (5, 9), "международный женский день": (3, 8),
    "день россии": (6, 12), "день народного единства": (11, 4), "день знаний": (9, 1),
    "день воздушно-десантных войск": (8, 2), "день вдв": (8, 2), "новый год": (1, 1),
    "рождество": (1, 7), "день космонавтики": (4, 12), "день флага": (8, 22),
    # «похоронен в канун Нового года»: the eve itself (not «накануне Нового года», «под Новый год»: a time around it)
    "канун нового года": (12, 31), "канун рождества": (1, 6),
    "крещение": (1, 19), "крещенье": (1, 19), "старый новый год": (1, 14),
}
_HOLIDAY_HINT = re.compile(r"день\s+(?:защитника|победы|росс|народного|знаний|воздушно|вдв|космонавт|флага)|женский\s+день")
_HOLIDAY = re.compile(
    r"(?<![а-яё])(?:в|во|на)\s+(?:сам\w*\s+)?(" + "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in _HOLIDAYS)
    + r")(?![а-яё])(?:\s+(\d{4})(?!\d)" + _YEAR_TAIL + r")?"
)


@dataclass
class DateSpan:
    start: int
    end: int
    text: str
    kind: str  # 'full', 'daymonth', 'month', 'year', 'relday', 'weekday', 'birthyear', 'lifespan',
    # 'relmonth' (month counted from publication), 'monthday' (day of a month counted from publication)
    year: int | None = None
    month: int | None = None
    day: int | None = None
    offset: int | None = None  # relday: days from publication
    weekday: int | None = None
    qualifier: str | None = None  # weekday: 'past'/'future'/'last_week'; month: 'prev_year'/'this_year'
    second: DateSpan | None = None  # lifespan: the death end

    birth_marked: bool = False  # "27.06.1993 г.р."
    weak_role: bool = False  # its role came from another clause of the sentence (core ranks it lower)
    anchored: bool = False  # a 'nextday' resolved against the date before it (the event it dates is told after it)
    spread: bool = False  # a month told by two days or a range of them («12–13 марта», «с 10 по 20 октября»)
    after: str | None = None  # nextday: the event it counts from, when named («через два дня после доставки тела»)

    def fixed_role(self) -> str | None:
        if self.kind in ("birthyear", "lifespan"):
            return self.kind
        if self.birth_marked:
            return "birthyear"
        return None


def _year_qualifier(word: str | None) -> str | None:
    if not word:
        return None
    if word.startswith("того"):
        return "same_year"  # «в декабре того же года»: the year written before (find_spans sets it)
    return "prev_year" if word.startswith("прошл") else "prev2_year" if word.startswith("позапр") else "this_year"


def _month(word: str) -> int | None:
    w = word.lower()
    return MONTH_STEMS.get(w[:3]) or MONTH_STEMS.get(w)


def _year2(y: str) -> int:
    n = int(y)
    if len(y) == 4:
        return n
    return 2000 + n if n <= 40 else 1900 + n


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if y is not None and not 1900 <= y <= 2100:
        return False
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None:
        try:
            date(y or 2000, m or 1, d)
        except ValueError:
            return False
    return True


def _end_of(m: re.Match, text: str, group_end: int) -> int:
    return group_end


# What every match of the pattern named contains, led by a literal so
# the engine skips ahead; patterns that open with a lookbehind are tried at every
# position of the text (~0.1 ms each), the hints cost a fraction of that.
_CROSS_YEAR = re.compile(r"(?:(?<![\w*])\*[ \t]*(\d{4})[ \t]*)?[†✝][ \t]*(\d{4})(?![\d.]|[ \t]*[.-]\d)")
_NUMERIC_HINT = re.compile(r"\.\d\d?\.\d")
_DAY_DOT_MONTH_HINT = re.compile(r"\.[01]\d")
_ISO_HINT = re.compile(r"-\d\d-\d")
_HYPHENATED_HINT = re.compile(r"-\d\d-\d{4}")
_YEAR_HINT = re.compile(r"\d{4}(?:\s*(?:году|года|г\.)|-[мг])", re.I)
_LIST_BIRTH_YEAR_HINT = re.compile(r"\.\s*,")


def find_spans(text: str) -> list[DateSpan]:
    """Every date-like span, longest first where they overlap. Matching runs on
    the lower-cased text (same offsets) with case-sensitive patterns: re.I
    costs ~5× on Cyrillic."""
    text = lower_text(text)
    found: list[DateSpan] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(span: DateSpan) -> None:
        if free(span.start, span.end):
            found.append(span)
            taken.append((span.start, span.end))

    low = lower_text(text)
    has_month = any(stem in low for stem in _MONTH_STEMS_LOW)
    for m in (_LIFESPAN.finditer(text) if _LIFESPAN_HINT.search(text) else ()):
        if m.group(4):
            y1, m1, d1 = int(m.group(4)), None, None
        else:
            y1, m1, d1 = _year2(m.group(3)), int(m.group(2)), int(m.group(1))
        if m.group(8):
            y2, m2, d2 = int(m.group(8)), None, None
        else:
            y2, m2, d2 = _year2(m.group(7)), int(m.group(6)), int(m.group(5))
        # A lifespan, not a period of service: born at least 14 years before dying.
        if not (_valid(y1, m1, d1) and _valid(y2, m2, d2) and 14 <= y2 - y1 <= 90 and y2 >= 2014):
            continue
        second = DateSpan(m.start(5) if m.group(5) else m.start(8), m.end(), m.group(0), "full", y2, m2, d2)
        add(DateSpan(m.start(), m.end(), m.group(0), "lifespan", y1, m1, d1, second=second))
    dash_after_year = has_month and _dash_after_year(text)
    for m in (_WORD_LIFESPAN.finditer(text) if dash_after_year else ()):
        y1, m1, d1 = int(m.group(3)), _month(m.group(2)), int(m.group(1))
        y2, m2, d2 = int(m.group(6)), _month(m.group(5)), int(m.group(4))
        if m1 and m2 and _valid(y1, m1, d1) and _valid(y2, m2, d2) and 14 <= y2 - y1 <= 90 and y2 >= 2014:
            second = DateSpan(m.start(4), m.end(), m.group(0), "full", y2, m2, d2)
            add(DateSpan(m.start(), m.end(), m.group(0), "lifespan", y1, m1, d1, second=second))
    for m in (_LIFESPAN_TO_MONTH.finditer(text) if dash_after_year and _LIFESPAN_TO_MONTH_HINT.search(text) else ()):
        # «Годы жизни: 22.02.1975 — март 2024»: the death end at month precision
        y1, m1, d1 = _year2(m.group(3)), int(m.group(2)), int(m.group(1))
        y2, m2 = int(m.group(5)), _month(m.group(4))
        if m2 and _valid(y1, m1, d1) and _valid(y2, m2, None) and 14 <= y2 - y1 <= 90 and y2 >= 2014:
            second = DateSpan(m.start(4), m.end(), m.group(0), "month", y2, m2)
            add(DateSpan(m.start(), m.end(), m.group(0), "lifespan", y1, m1, d1, second=second))
    for m in (_MONTH_LIFESPAN.finditer(text) if dash_after_year else ()):
        y1, m1, y2, m2 = int(m.group(2)), _month(m.group(1)), int(m.group(4)), _month(m.group(3))
        if m1 and m2 and _valid(y1, m1, None) and _valid(y2, m2, None) and 14 <= y2 - y1 <= 90 and y2 >= 2014:
            second = DateSpan(m.start(3), m.end(), m.group(0), "month", y2, m2)
            add(DateSpan(m.start(), m.end(), m.group(0), "lifespan", y1, m1, None, second=second))
    for m in (_YEAR_TO_MONTH.finditer(text) if dash_after_year and _LIFESPAN_TO_MONTH_HINT.search(text) else ()):
        y1, y2, m2 = int(m.group(1)), int(m.group(3)), _month(m.group(2))
        if m2 and _valid(y2, m2, None) and 14 <= y2 - y1 <= 90 and y2 >= 2014:
            second = DateSpan(m.start(2), m.end(), m.group(0), "month", y2, m2)
            add(DateSpan(m.start(), m.end(), m.group(0), "lifespan", y1, second=second))
    for m in (_MONTHS_LIFESPAN.finditer(text) if (".19" in text or ".20" in text) and _MONTHS_LIFESPAN_HINT.search(text)
              else ()):
        y1, m1, y2, m2 = int(m.group(2)), int(m.group(1)), int(m.group(4)), int(m.group(3))
        if 14 <= y2 - y1 <= 90 and y2 >= 2014:
            second = DateSpan(m.start(3), m.end(), m.group(0), "month", y2, m2)
            add(DateSpan(m.start(), m.end(), m.group(0), "lifespan", y1, m1, second=second))
    for m in (_CROSS_YEAR.finditer(text) if "†" in text or "✝" in text else ()):
        # «* 1995 † 2024», «† 2024»: the years of a card (a full date after the cross is the day patterns' to take)
        y2 = int(m.group(2))
        if m.group(1) and 14 <= y2 - int(m.group(1)) <= 90 and y2 >= 2014:
            second = DateSpan(m.start(2), m.end(2), m.group(2), "year", y2)
            add(DateSpan(m.start(), m.end(), m.group(0), "lifespan", int(m.group(1)), second=second))
        elif not m.group(1) and 2014 <= y2 <= 2100:
            add(DateSpan(m.start(2), m.end(2), m.group(2), "year", y2))
    roman = ".i" in text or ".v" in text or ".x" in text
    for span in (_roman_spans(text) if roman and _ROMAN_HINT.search(text) else ()):
        add(span)
    for m in (_NUMERIC.finditer(text) if _NUMERIC_HINT.search(text) else ()):
        y, mo, d = _year2(m.group(3)), int(m.group(2)), int(m.group(1))
        if _valid(y, mo, d):
            add(DateSpan(m.start(), m.end(), m.group(0), "full", y, mo, d))
    for m in (_HYPHENATED.finditer(text) if _HYPHENATED_HINT.search(text) else ()):
        y, mo, d = int(m.group(3)), int(m.group(2)), int(m.group(1))
        if _valid(y, mo, d) and y >= 1920 and not _follows(text, m.start(), "0123456789-"):
            add(DateSpan(m.start(), m.end(), m.group(0), "full", y, mo, d))
    for m in (_SLASHED.finditer(text) if _between_digits(text, "/") else ()):
        y, mo, d = _year2(m.group(3)), int(m.group(2)), int(m.group(1))
        if _valid(y, mo, d) and y >= 1920 and not _follows(text, m.start(), "0123456789/"):
            add(DateSpan(m.start(), m.end(), m.group(0), "full", y, mo, d))
    for m in (_DAY_DOT_MONTH.finditer(text) if _DAY_DOT_MONTH_HINT.search(text) else ()):
        d, mo = int(m.group(1)), int(m.group(2))
        before = text[max(0, m.start() - 3): m.start()]
        if re.search(r"(?:\bв|\bс|до)\s$", before) or not _valid(2000, mo, d):
            continue  # "в 10.00" is a time
        add(DateSpan(m.start(), m.end(), m.group(0), "daymonth", None, mo, d))
    for m in (_MONTH_DOT_YEAR.finditer(text) if ".20" in text else ()):
        # «Дата гибели: 06.2023»: a month and year written in figures (month precision).
        add(DateSpan(m.start(), m.end(), m.group(0), "month", int(m.group(2)), int(m.group(1))))
    for m in (_ISO.finditer(text) if _ISO_HINT.search(text) else ()):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid(y, mo, d):
            add(DateSpan(m.start(), m.end(), m.group(0), "full", y, mo, d))
    for m in (_DAY_MONTH.finditer(text) if has_month else ()):
        if _NIGHT_FROM.search(text, max(0, m.start() - 12), m.start()) and re.match(r"\s+на\s+\d", text[m.end():]):
            continue  # «в ночь с 31 декабря на 1 января»: the date named is the second
        d, mo = int(m.group(1)), _month(m.group(2))
        y = int(m.group(3)) if m.group(3) else _year2(m.group(5)) if m.group(5) else None
        if mo and (alt := _ALTERNATIVE_DAY.search(text, max(0, m.start() - 16), m.start())) and _valid(y, mo, None):
            # «погиб 5 или 6 марта», «между 5 и 7 марта»: the month is told, the day is not
            add(DateSpan(alt.start(), m.end(), text[alt.start(): m.end()], "month", y, mo,
                         qualifier=_year_qualifier(m.group(4)), spread=True))
            continue
        if mo and _valid(y, mo, d):
            # «1 марта прошлого года»: the year counted from publication.
            add(DateSpan(m.start(), m.end(), m.group(0), "full" if y else "daymonth", y, mo, d,
                         qualifier=_year_qualifier(m.group(4))))
    for m in (_WORD_DAY.finditer(text) if has_month and _WORD_DAY_HINT.search(text) else ()):
        day = _ORDINAL_STEMS[m.group(2)] + (20 if m.group(1) == "двадцать" else 30 if m.group(1) else 0)
        mo = _month(m.group(3))
        y = int(m.group(4)) if m.group(4) else None
        if mo and _valid(y, mo, day) and not (m.group(1) and m.group(2).startswith(("двадцат", "тридцат"))):
            add(DateSpan(m.start(), m.end(), m.group(0), "full" if y else "daymonth", y, mo, day))
    holiday = "новый год" in low or "рождеств" in low or "канун" in low or "крещен" in low or ("день" in low and _HOLIDAY_HINT.search(low) is not None)
    for m in (_HOLIDAY.finditer(text) if holiday else ()):
        mo, day = _HOLIDAYS[" ".join(m.group(1).split())]
        y = int(m.group(2)) if m.group(2) else None
        add(DateSpan(m.start(), m.end(), m.group(0), "full" if y else "daymonth", y, mo, day))
    for m in (_BIRTH_LABEL_YEAR.finditer(text) if "р." in low or "д." in low else ()):
        if 1920 <= int(m.group(1)) <= 2015 and not (m.start() and text[m.start() - 1].isalpha()):
            add(DateSpan(m.start(1), m.end(1), m.group(1), "birthyear", int(m.group(1))))
    for m in (_BIRTH_YEAR.finditer(text) if ("г." in low or "рожд" in low or "г/р" in low or "гр." in low) else ()):
        y = int(m.group(1))
        if 1920 <= y <= 2015:
            add(DateSpan(m.start(), m.end(), m.group(0), "birthyear", y))
    for m in (_PAREN_BIRTH_YEAR.finditer(text) if "(" in text else ()):
        add(DateSpan(m.start(1), m.end(1), m.group(1), "birthyear", int(m.group(1))))
    range_end = -1
    for m in (_MONTH_ONLY.finditer(text) if has_month else ()):
        if m.start() < range_end:
            continue
        tail = _RANGE_TAIL.match(text, m.end())
        if tail and _RANGE_OPEN.search(text, max(0, m.start() - 4), m.start()):
            range_end = tail.end()  # «в августе–сентябре», «с июля по август»: two months, no date
            continue
        mo = _month(m.group(1))
        if not mo:
            continue
        prefix = _MONTH_PREFIX.search(text, max(0, m.start() - 24), m.start())
        this = None if prefix or m.group(2) or m.group(3) else _THIS_MONTH.search(text, max(0, m.start() - 12), m.start())
        if not (prefix or this or m.group(2) or m.group(3)):
            continue
        start = prefix.start() if prefix else this.start() if this else m.start()
        y = int(m.group(2)) if m.group(2) else None
        end = m.end()
        if y is None and not m.group(3) and (short := _SHORT_YEAR_AFTER.match(text, end)):
            y, end = 2000 + int(short.group(1)), short.end()  # «в ноябре 23-го»: a two-digit year, not a day
        qual = _year_qualifier(m.group(3) or (this.group(1) if this else None))
        if _valid(y, mo, None):
            add(DateSpan(start, end, text[start: end], "month", y, mo, qualifier=qual))
    for m in (_YEAR.finditer(text) if _YEAR_HINT.search(text) else ()):
        y = int(m.group(1))
        if 1920 <= y <= 2100:
            add(DateSpan(m.start(), m.end(), m.group(0), "year", y))
    for m in (_YEAR_YY.finditer(text) if "-м" in text or "м год" in text else ()):
        yy = int(m.group(1))
        add(DateSpan(m.start(), m.end(), m.group(0), "year", 2000 + yy if yy <= 30 else 1900 + yy, qualifier="yy"))
    for m in (_BIRTH_YEAR2.finditer(text) if "г.р" in low or "г. р" in low or "г/р" in low or "рожд" in low else ()):
        # The century is chosen against publication in resolve(); without one, 19YY unless that is absurd.
        yy = int(m.group(1))
        add(DateSpan(m.start(), m.end(), m.group(0), "birthyear", 2000 + yy if yy <= 10 else 1900 + yy,
                     qualifier="yy"))
    if "месяц" in low:
        for m in _REL_MONTH.finditer(text):
            word = m.group(1) or m.group(2)
            add(DateSpan(m.start(), m.end(), m.group(0), "relmonth", offset=-1 if word.startswith("прошл") else 0))
    for m in (_BARE_DAY.finditer(text) if "-е" in low or "-го" in low else ()):
        # «прощание назначено на 16-е», «в пятницу, 11-го»: a day of the month around publication.
        day = int(m.group(1) or m.group(2))
        if 1 <= day <= 31:
            add(DateSpan(m.start(), m.end(), m.group(0), "monthday", day=day))
    if "числа" in low:
        for m in _DAY_OF_MONTH.finditer(text):
            day = int(m.group(1))
            if 1 <= day <= 31:
                qual = m.group(2)
                off = None if qual is None else (-1 if qual.startswith("прошл") else 0)
                add(DateSpan(m.start(), m.end(), m.group(0), "monthday", day=day, offset=off))
    rel = any(w in low for w in ("сегодня", "вчера", "завтра"))
    for m in (_REL_DAY.finditer(text) if rel else ()):
        off = {"сегодня": 0, "вчера": -1, "позавчера": -2, "завтра": 1, "послезавтра": 2}[m.group(1).lower()]
        add(DateSpan(m.start(), m.end(), m.group(0), "relday", offset=off))
    for m in (_AGO.finditer(text) if "назад" in low else ()):
        n = _WORD_NUM.get(m.group(1).lower()) or int(m.group(1))
        add(DateSpan(m.start(), m.end(), m.group(0), "relday", offset=-n))
    for m in (_NEXT_DAY.finditer(text) if "след" in text or "друг" in text or "позже" in text or "позднее" in text
              else ()):
        named = _NAMED_ANCHOR.match(text, m.end())
        add(DateSpan(m.start(), m.end(), m.group(0), "nextday", offset=1, after=named.group(1) if named else None))
    for m in (_DAYS_LATER.finditer(text) if "спустя" in text or "через" in text or "позже" in text or "позднее" in text
              else ()):
        count = m.group(1) or m.group(2)
        n = _WEEKS_DAYS[" ".join(m.group(3).split())] if m.group(3) else _INSTRUMENTAL_NUM[m.group(4)] if m.group(4) \
            else _WORD_NUM.get(count) or int(count)
        named = _NAMED_ANCHOR.match(text, m.end())
        add(DateSpan(m.start(), m.end(), m.group(0), "nextday", offset=n, after=named.group(1) if named else None))
    for m in (_EVE.finditer(text) if "накануне" in text or "тот же день" in text or "тот день" in text
              or "тем же дн" in text else ()):
        add(DateSpan(m.start(), m.end(), m.group(0), "nextday", offset=-1 if m.group(0) == "накануне" else 0,
                     qualifier="that_day" if "же" not in m.group(0) and m.group(0) != "накануне" else None))
    for m in (_CARRIED_DAY.finditer(text) if _after_digit(text, "-го") else ()):
        if 1 <= int(m.group(1)) <= 31 and not _follows(text, m.start(), "0123456789."):
            add(DateSpan(m.start(), m.end(), m.group(0), "carryday", day=int(m.group(1))))
    weekday = any(w in low for w in WEEKDAYS)
    for m in (_WEEKDAY.finditer(text) if weekday else ()):
        if _WEEKDAY_PAIR_AFTER.match(text, m.end()) or _WEEKDAY_PAIR_BEFORE.search(text, max(0, m.start() - 30),
                                                                                   m.start()):
            continue  # «в субботу и воскресенье»: two days, neither the date
        wd = next(v for k, v in WEEKDAYS.items() if m.group(2).lower().startswith(k))
        q = m.group(1).lower() if m.group(1) else ""
        qual = "past" if q.startswith(("прошл", "прошедш", "минувш")) else "future" if q.startswith(
            ("ближайш", "следующ", "будущ")) else None
        if "прошлой неделе" in low and _LAST_WEEK.search(text, max(0, m.start() - 30), min(len(text), m.end() + 30)):
            qual = "last_week"  # «На прошлой неделе, в среду, …»: the week before the publication's
        add(DateSpan(m.start(), m.end(), m.group(0), "weekday", weekday=wd, qualifier=qual))
    for m in (_LABELLED_BIRTH_YEAR.finditer(text) if "рожд" in low or "родил" in low or "р.:" in low else ()):
        y = int(m.group(1))
        if 1920 <= y <= 2015:
            add(DateSpan(m.start(1), m.end(1), m.group(1), "birthyear", y))
    for m in (_LIST_BIRTH_YEAR.finditer(text) if _LIST_BIRTH_YEAR_HINT.search(text) else ()):
        y = int(m.group(1))
        if 1940 <= y <= 2008:
            add(DateSpan(m.start(1), m.end(1), m.group(1), "birthyear", y))
    for span in found:
        if span.kind == "full" and _BIRTH_MARK.match(text, span.end):
            span.birth_marked = True
    found.sort(key=lambda s: s.start)
    if "того же" in text:
        _same_year(found)
    if weekday:
        found = _drop_checked_weekdays(text, found)
    if any(s.kind == "nextday" for s in found):
        found = _drop_restated_anchors(text, found)
        found = [s for i, s in enumerate(found) if s.qualifier != "that_day" or i and found[i - 1].kind in (
            "full", "daymonth") and s.start - found[i - 1].end < 250]
    return found


_RESTATED_GAP = re.compile(r"[^.!?\n]{0,40}?(?:,|[ \t][—–])[ \t]*")


def _drop_restated_anchors(text: str, found: list[DateSpan]) -> list[DateSpan]:
    """«Похороны прошли на следующий день после доставки тел, 21 декабря»: an anchored day restated by a date is
    only a check (the date says it)."""
    out = []
    for i, span in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        if span.kind == "nextday" and nxt is not None and nxt.kind in ("full", "daymonth") \
                and _RESTATED_GAP.fullmatch(text, span.end, nxt.start):
            continue
        prev = found[i - 1] if i else None
        if span.kind == "nextday" and prev is not None and prev.kind in ("full", "daymonth") \
                and _DATE_THEN_ANCHOR.fullmatch(text, prev.end, span.start) and _OWN_ANCHOR.match(text, span.end):
            continue  # «а 2 апреля, через неделю после возвращения на фронт, погиб»: the date says the day
        out.append(span)
    return out


_DATE_THEN_ANCHOR = re.compile(r"[ \t]*[,(—–][ \t]*")
_OWN_ANCHOR = re.compile(r"[ \t]+после[ \t]+[а-яё]")


def _same_year(found: list[DateSpan]) -> None:
    """«ушёл по мобилизации в сентябре 2022-го. Погиб в декабре того же года»: the year of the date before."""
    year = None
    for span in found:
        if span.qualifier == "same_year":
            if year is not None:
                span.year, span.qualifier = year, None
                span.kind = "full" if span.kind == "daymonth" else span.kind
            else:
                span.qualifier = None
        elif span.year is not None and span.kind in ("full", "month", "year"):
            year = span.year


_ROMAN_MONTHS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11,
                 "xii": 12}
_ROMAN_HINT = re.compile(r"\.[ivx]{1,4}\.\d")
_ROMAN_DATE = re.compile(r"(\d{1,2})\.(xii|xi|x|ix|viii|vii|vi|v|iv|iii|ii|i)\.(\d{4}|\d{2})(?![\d.]\d)(?:\s*(?:г\.|года))?")
# «р. 1.IV.1991 – ум. 18.XII.2024»: the second date may carry its own label
_LIFESPAN_DASH = re.compile(r"\s*[–—-]\s*(?:(?:ум|сконч)\.\s*|(?:умер|погиб)\s+)?")


def _roman_spans(text: str) -> list[DateSpan]:
    """«26.XI.1988 – 19.X.2026»: dates with the month in Roman numerals (plaques, memorial cards); two joined by a dash
    are a lifespan."""
    dates = [m for m in _ROMAN_DATE.finditer(text) if not _follows(text, m.start(), "0123456789.")
             and _valid(_year2(m.group(3)), _ROMAN_MONTHS[m.group(2)], int(m.group(1)))]
    out: list[DateSpan] = []
    i = 0
    while i < len(dates):
        m = dates[i]
        y, mo, d = _year2(m.group(3)), _ROMAN_MONTHS[m.group(2)], int(m.group(1))
        nxt = dates[i + 1] if i + 1 < len(dates) else None
        if nxt is not None and _LIFESPAN_DASH.fullmatch(text, m.end(), nxt.start()):
            y2, mo2, d2 = _year2(nxt.group(3)), _ROMAN_MONTHS[nxt.group(2)], int(nxt.group(1))
            if 14 <= y2 - y <= 90 and y2 >= 2014:
                second = DateSpan(nxt.start(), nxt.end(), nxt.group(0), "full", y2, mo2, d2)
                out.append(DateSpan(m.start(), nxt.end(), text[m.start():nxt.end()], "lifespan", y, mo, d,
                                    second=second))
                i += 2
                continue
        out.append(DateSpan(m.start(), m.end(), m.group(0), "full", y, mo, d))
        i += 1
    return out


_APPOSITION_GAP = re.compile(r"[\s,(—–-]*")


def _drop_checked_weekdays(text: str, found: list[DateSpan]) -> list[DateSpan]:
    """«в пятницу, 12 апреля», «12 апреля (в пятницу)»: a weekday beside a date only checks it (README)."""
    out = []
    for i, span in enumerate(found):
        if span.kind == "weekday":
            nxt = found[i + 1] if i + 1 < len(found) else None
            prev = found[i - 1] if i else None
            if (nxt is not None and nxt.kind in ("full", "daymonth")
                    and _APPOSITION_GAP.fullmatch(text, span.end, nxt.start)) or (
                    prev is not None and prev.kind in ("full", "daymonth")
                    and _APPOSITION_GAP.fullmatch(text, prev.end, span.start)):
                continue
        out.append(span)
    return out


_RANGE_TAIL = re.compile(r"[а-яё]*\s*(?:[–—-]|\s(?:по|и)\s)\s*" + _MONTH)
_RANGE_OPEN = re.compile(r"\b(?:в|во|с)\s+$")
_BIRTH_MARK = re.compile(r"\s*(?:г\.\s?р\.?|года\s+рождения|года\s+рожд(?:\.|(?![а-яё]))|г/р)")
# «Год рождения: 1996», «Родился: 1996», «Родился — 1996»: a card's bare birth year after its label
_LABELLED_BIRTH_YEAR = re.compile(r"(?:(?:год|дата)\s+рождения\s*[:—–-]?|(?:родил(?:ся|ась)|г\.\s?р\.?)\s*[:—–-])\s*(\d{4})"
                                  r"(?!\d|\.\d)")
# «(р. 1990)», «рожд. 1990»: a bare year after a birth abbreviation.
# These open with a digit or a letter, not a lookbehind (tried at every position); the character before is
# checked by _follows.
_BIRTH_LABEL_YEAR = re.compile(r"(?:р|род|рожд)\.\s*(?:в\s+)?(\d{4})(?!\d|\.\d)")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])")
_MONTH_TYPO = re.compile(r"(\d{1,2})\s+([яфмаисондю][а-яё]{3,9}[яа])(?:\s+(\d{4})(?!\d))?(?![а-яё])")


def _follows(text: str, pos: int, chars: str) -> bool:
    return pos > 0 and text[pos - 1] in chars


# Cheap gates for the rare patterns: a scan with str.find costs a fraction of a regex tried at every position.
def _after_digit(text: str, needle: str) -> bool:
    i = text.find(needle)
    while i > 0:
        if text[i - 1].isdigit():
            return True
        i = text.find(needle, i + 1)
    return False


def _between_digits(text: str, needle: str) -> bool:
    i = text.find(needle)
    while i > 0:
        if text[i - 1].isdigit() and text[i + 1: i + 2].isdigit():
            return True
        i = text.find(needle, i + 1)
    return False


def _dash_after_year(text: str) -> bool:
    """Is there a dash after a four-digit year (with «года»/«г.» between) — where a lifespan in words ends?"""
    for dash in ("—", "–", "-"):
        i = text.find(dash)
        while i > 0:
            if _YEAR_BEFORE_DASH.search(text, max(0, i - 12), i):
                return True
            i = text.find(dash, i + 1)
    return False


_YEAR_BEFORE_DASH = re.compile(r"\d{4}(?:\s*(?:года|год|г\.|г))?\s*$")


def misspelt_month_spans(text: str, found: list[DateSpan]) -> list[DateSpan]:
    """«погиб 8 янаваря»: days with a month misspelt in a messenger post (one or two letters off a genitive month
    name), outside the spans already ``found``. Run only when a dead man is left without a date (the scan
    costs as much as a pattern of find_spans)."""
    out = []
    for m in _MONTH_TYPO.finditer(text.lower()):
        if _follows(text, m.start(), "0123456789.") or any(s.start < m.end() and m.start() < s.end for s in found):
            continue
        mo = _misspelt_month(m.group(2))
        y = int(m.group(3)) if m.group(3) else None
        if mo and _valid(y, mo, int(m.group(1))):
            out.append(DateSpan(m.start(), m.end(), m.group(0), "full" if y else "daymonth", y, mo, int(m.group(1))))
    return out
_MONTH_WORD = re.compile(_MONTH)
_GENITIVE_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
                    "ноября", "декабря")


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@lru_cache(maxsize=512)
def _misspelt_month(word: str) -> int | None:
    """The month a word misspells, if it is one or two edits from exactly one genitive month name (and shares
    its first two letters): «янаваря» → 1; «автобуса», «машина» → None."""
    if _MONTH_WORD.fullmatch(word):
        return None  # a month spelt right is the day-month pattern's to take (or to skip, «в ночь с 31 декабря на»)
    hits = [i + 1 for i, g in enumerate(_GENITIVE_MONTHS)
            if word[:2] == g[:2] and _edit_distance(word, g) <= (1 if len(g) <= 5 else 2)]
    return hits[0] if len(hits) == 1 else None
# "Котов А.В., 1979;" — a bare year after a name in a roundup list.
# «Максим Шутов (1997) и Данила Лекомцев (2003)»: a lone year in brackets right after a name.
_PAREN_BIRTH_YEAR = re.compile(r"(?<=[а-яё])\s*\(\s*((?:19[4-9]\d|200\d))\s*(?:г\.?\s*(?:р\.?)?)?\s*\)")
_LIST_BIRTH_YEAR = re.compile(r"(?<=[а-яё]\.)\s*,\s*(\d{4})(?=\s*[;.,\n]|\s*$)")


# «погиб за день до своего 35-летия», «За три дня до 30-летия … не стало»: a death counted back from a round birthday.
_EVE_COUNT = r"\bза\s+(день|сутки|два\s+дня|три\s+дня|четыре\s+дня|пять\s+дней|неделю|\d{1,2}\s+дн(?:я|ей))\s+до\s+(?:сво(?:его|ей)\s+)?(\d{1,2})-?летия"
_DEATH_VERB = r"(?:погиб|скончал\w*|не\s+стало|пал|умер)(?![а-яё])"
_BIRTHDAY_EVE = re.compile(_DEATH_VERB + r"[^.!?\n]{0,40}?" + _EVE_COUNT + "|" + _EVE_COUNT + r"[^.!?\n]{0,40}?" + _DEATH_VERB)
_EVE_DAYS = {"день": 1, "сутки": 1, "два дня": 2, "три дня": 3, "четыре дня": 4, "пять дней": 5, "неделю": 7}


def birthday_eves(lower: str) -> list[tuple[int, int, int, int]]:
    """(start, end, days before, age) of every death counted back from a round birthday, in lower-cased text."""
    if "летия" not in lower or "до " not in lower:
        return []
    out = []
    for m in _BIRTHDAY_EVE.finditer(lower):
        count, age = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        count = " ".join(count.split())
        days = _EVE_DAYS.get(count) or int(count.split()[0])
        out.append((m.start(), m.end(), days, int(age)))
    return out


def _case_sensitive(rx: re.Pattern) -> re.Pattern:
    return re.compile(rx.pattern, rx.flags & ~re.I)


# find_spans matches lower-cased text, so its patterns drop re.I (all are lower case).
_LIFESPAN, _NUMERIC, _ISO, _DAY_MONTH, _MONTH_ONLY, _MONTH_PREFIX, _BIRTH_YEAR, _YEAR, _REL_DAY, _AGO, _WEEKDAY = (
    _case_sensitive(rx) for rx in (_LIFESPAN, _NUMERIC, _ISO, _DAY_MONTH, _MONTH_ONLY, _MONTH_PREFIX, _BIRTH_YEAR,
                                   _YEAR, _REL_DAY, _AGO, _WEEKDAY)
)


def iso(y: int | None, m: int | None = None, d: int | None = None) -> str | None:
    if y is None:
        return None
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _pick_year(month: int, day: int | None, pub: date, direction: str) -> int:
    """The year that puts an unyeared day-month on the right side of the publication date."""
    key = (month, day or 1)
    pkey = (pub.month, pub.day if day else 1)
    if direction in ("past", "future"):
        step = -1 if direction == "past" else 1
        year = pub.year if (key <= pkey if direction == "past" else key >= pkey) else pub.year + step
        if month == 2 and day == 29:
            while not calendar.isleap(year):  # «29 февраля» published in 2025: the leap year before (or after)
                year += step
        return year
    # Unknown tense: the nearest occurrence.
    best = pub.year
    best_gap = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            gap = abs((date(y, month, day or 1) - pub).days)
        except ValueError:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best


_YEAR_BACK = {"prev_year": 1, "prev2_year": 2, "this_year": 0}


def just_ahead(span: DateSpan, pub: date | None, days: int = 14) -> bool:
    """Is a day-month without a year at most ``days`` after publication («12 апреля» published 10 April)?
    Read as a past event it would be a year old, which a notice would say."""
    if pub is None or span.kind != "daymonth" or span.qualifier or not _valid(pub.year + 1, span.month, span.day):
        return False
    for y in (pub.year, pub.year + 1):
        if _valid(y, span.month, span.day) and 0 < (date(y, span.month, span.day) - pub).days <= days:
            return True
    return False


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    k = year * 12 + month - 1 + offset
    return k // 12, k % 12 + 1


def resolve(span: DateSpan, pub: date | None, direction: str) -> str | None:
    """Partial ISO date for a span; ``direction`` is 'past', 'future' or 'nearest'."""
    if span.kind == "birthyear" and span.qualifier == "yy" and pub is not None:
        yy = span.year % 100
        return iso(2000 + yy if pub.year - (2000 + yy) >= 16 else 1900 + yy)
    if span.kind == "year" and span.qualifier == "yy" and pub is not None:
        yy = span.year % 100
        return iso(2000 + yy if 2000 + yy <= pub.year else 1900 + yy)  # «в 23-м» → 2023, «в 90-м» → 1990
    if span.kind in ("full", "year", "birthyear", "lifespan"):
        return iso(span.year, span.month, span.day)
    if span.kind == "daymonth":
        if pub is None:
            return None
        if span.qualifier in _YEAR_BACK:
            return iso(pub.year - _YEAR_BACK[span.qualifier], span.month, span.day)
        year = _pick_year(span.month, span.day, pub, direction)
        if direction == "future" and _valid(year - 1, span.month, span.day):
            # A funeral «назначено» in a clause that also says «доставили 14 апреля»,
            # published 15 April: not next year's 14 April, but the day before.
            behind = (pub - date(year - 1, span.month, span.day)).days
            if 0 < behind <= 7:
                year -= 1
        return iso(year, span.month, span.day)
    if span.kind == "month":
        if span.year:
            return iso(span.year, span.month)
        if pub is None:
            return None
        if span.qualifier == "prev_year":
            return iso(pub.year - 1, span.month)
        if span.qualifier == "prev2_year":
            return iso(pub.year - 2, span.month)
        if span.qualifier == "this_year":
            return iso(pub.year, span.month)
        if direction == "future":
            y = pub.year if span.month >= pub.month else pub.year + 1
        elif direction == "past":
            y = pub.year if span.month <= pub.month else pub.year - 1
        else:
            y = _pick_year(span.month, None, pub, "nearest")
        return iso(y, span.month)
    if pub is None:
        return None
    if span.kind == "relday":
        d = pub + timedelta(days=span.offset or 0)
        return d.isoformat()
    if span.kind == "relmonth":
        y, m = _shift_month(pub.year, pub.month, span.offset or 0)
        return iso(y, m)
    if span.kind == "monthday":
        offset = span.offset
        if offset is None:
            # «погиб 20 числа»: this month's if that day has come, else last month's; ahead for a future event.
            if direction == "past":
                offset = 0 if span.day <= pub.day else -1
            elif direction == "future":
                offset = 0 if span.day >= pub.day else 1
            else:
                return None
        y, m = _shift_month(pub.year, pub.month, offset)
        return iso(y, m, span.day) if _valid(y, m, span.day) else None
    if span.kind == "weekday":
        if span.qualifier == "last_week":
            return (pub - timedelta(days=pub.weekday() + 7 - span.weekday)).isoformat()
        way = span.qualifier or direction
        delta = (span.weekday - pub.weekday()) % 7
        if way == "past":
            back = (pub.weekday() - span.weekday) % 7 or 7
            return (pub - timedelta(days=back)).isoformat()
        if way == "future":
            return (pub + timedelta(days=delta or 7)).isoformat()
        # Nearest: within the three days either side.
        back = (pub.weekday() - span.weekday) % 7
        return (pub - timedelta(days=back)).isoformat() if back <= 3 else (pub + timedelta(days=delta)).isoformat()
    return None


# --------------------------------------------------------------------------- dateparser


_DP_WARM = False


def _dateparser():
    global _DP_WARM
    import dateparser

    if not _DP_WARM:
        # The first call loads locale data (~1 s); pay it once, up front.
        dateparser.parse("1 января 2020", languages=["ru"])
        _DP_WARM = True
    return dateparser


_DP_PARTS = {"full": ["day", "month", "year"], "daymonth": ["day", "month"], "month": ["month"],
             "year": ["year"], "birthyear": ["year"]}


def resolve_with_dateparser(span: DateSpan, pub: date | None, direction: str) -> str | None:
    """The same span resolved by dateparser alone (for measuring, see module doc)."""
    if span.kind in ("relmonth", "monthday"):
        return resolve(span, pub, direction)  # «в конце прошлого месяца», «20 числа»: dateparser reads neither
    dp = _dateparser()
    settings = {"PREFER_DATES_FROM": "future" if direction == "future" else "past",
                "RETURN_AS_TIMEZONE_AWARE": False}
    if pub is not None:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day, 12)
    text = span.text
    if span.kind in ("lifespan",):
        text = text.split("–")[0].split("—")[0].split("-")[0]
    if span.kind in ("birthyear", "year"):
        text = str(span.year)
    if span.kind == "month" and span.year is None:
        text = re.sub(r"^\s*(?:в|во)\s+(?:начале|конце|середине)?\s*", "", text, flags=re.I)
    if span.kind == "weekday":
        text = re.sub(r"^\s*(?:в|во)\s+", "", text, flags=re.I)
    parts = _DP_PARTS.get(span.kind)
    if parts:
        settings["REQUIRE_PARTS"] = parts
    try:
        result = dp.parse(text, languages=["ru"], settings=settings)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input
        result = None
    if result is None:
        return None
    if span.kind == "month":
        return iso(result.year, result.month)
    if span.kind in ("year", "birthyear"):
        return iso(result.year)
    return result.date().isoformat()


# --------------------------------------------------------------------------- field values

_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_NUM_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?:\s*(?:г\.?|года))?$")
_MONTH_YEAR_NUM = re.compile(r"^(\d{1,2})[./](\d{4})$")
_WORDY = re.compile(r"^(?:(\d{1,2})\s+)?(" + _MONTH + r"|[а-яё]+)\s+(\d{4})" + _YEAR_TAIL + r"$", re.I)
_YEAR_ONLY = re.compile(r"^(\d{4})\s*(?:г\.?\s*р\.?|года\s+рождения|г\.|года|год|гг\.)?$", re.I)
_DAY_MONTH_ONLY = re.compile(r"^(\d{1,2})\s+(" + _MONTH + r")$", re.I)
_FULL_MONTHS = {
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7, "август": 8,
    "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
}


def _month_word(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w in _FULL_MONTHS:
        return _FULL_MONTHS[w]
    if re.fullmatch(_MONTH, word.lower()) or re.fullmatch(_MONTH, word.lower() + "."):
        return _month(w)
    return None


def _pub_date(published: str | date | datetime | None) -> date | None:
    if published is None or published == "":
        return None
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    return parse_published(published).date()


def parse_date_value(value: str, *, published: str | None = None) -> str | None:
    """One date field value (spreadsheet cell, labelled field) → partial ISO at its
    precision, or None if it is not a date. A day-month without a year is taken
    as the latest one on or before ``published``."""
    if value is None:
        return None
    v = " ".join(str(value).split()).strip().rstrip(",;")
    if not v:
        return None
    m = _ISO_PARTIAL.match(v)
    if m:
        y = int(m.group(1))
        mo = int(m.group(2)) if m.group(2) else None
        d = int(m.group(3)) if m.group(3) else None
        return iso(y, mo, d) if _valid(y, mo, d) and 1900 <= y else None
    m = _NUM_DATE.match(v)
    if m:
        y, mo, d = _year2(m.group(3)), int(m.group(2)), int(m.group(1))
        return iso(y, mo, d) if _valid(y, mo, d) else None
    m = _MONTH_YEAR_NUM.match(v)
    if m:
        y, mo = int(m.group(2)), int(m.group(1))
        return iso(y, mo) if _valid(y, mo, None) else None
    m = _YEAR_ONLY.match(v)
    if m:
        y = int(m.group(1))
        return iso(y) if 1900 <= y <= 2100 else None
    m = _WORDY.match(v)
    if m:
        mo = _month_word(m.group(2))
        if mo:
            d = int(m.group(1)) if m.group(1) else None
            y = int(m.group(3))
            return iso(y, mo, d) if _valid(y, mo, d) else None
    m = _DAY_MONTH_ONLY.match(v)
    if m:
        pub = _pub_date(published)
        mo = _month(m.group(2))
        d = int(m.group(1))
        if pub is None or not mo or not _valid(2000, mo, d):
            return None
        return iso(_pick_year(mo, d, pub, "past"), mo, d)
    if re.fullmatch(r"[\d\s.,:/-]*", v) or not re.search(r"\d|[а-яёa-z]{3}", v, re.I):
        return None
    return _dateparser_value(v, published)


def _dateparser_value(value: str, published: str | None) -> str | None:

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    pub = _pub_date(published)
    if pub is not None:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day, 12)
    _dateparser()
    try:
        data = _ddp(tuple(sorted(settings.items(), key=str))).get_date_data(value)
    except Exception:  # noqa: BLE001
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj
    # Reject readings that invent a date from a bare number of years or days.
    if re.search(r"\b(?:лет|года?|год)\b", value, re.I) and not re.search(_MONTH, value, re.I):
        return None
    period = data.period or "day"
    if period == "year":
        return iso(d.year)
    if period == "month":
        return iso(d.year, d.month)
    return d.date().isoformat()


@lru_cache(maxsize=8)
def _ddp(settings_items: tuple):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["ru", "en"], settings=dict(settings_items))


def parse_published(value: str) -> datetime:
    """A publication date/time string → datetime (ISO first, then dateparser).
    Raises ValueError naming the value when it is not a date."""
    v = value.strip()
    try:
        return datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        pass
    m = _NUM_DATE.match(v)
    if m:
        y, mo, d = _year2(m.group(3)), int(m.group(2)), int(m.group(1))
        if _valid(y, mo, d):
            return datetime(y, mo, d)
    dp = _dateparser()
    result = None
    try:
        result = dp.parse(v, languages=["ru", "en"], settings={"RETURN_AS_TIMEZONE_AWARE": False})
    except Exception:  # noqa: BLE001
        result = None
    if result is None:
        raise ValueError(f"not a date: {value!r}")
    return result
