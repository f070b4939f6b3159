"""Text clean-up that keeps offsets, and sentence/clause segmentation.

Scraped text carries Latin look-alike letters inside Cyrillic words (typed or
OCRed), soft hyphens and zero-width characters. They are repaired here; every
position in the cleaned text maps back to the text as given, so evidence
offsets always point into the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LATIN_TO_CYR = str.maketrans("aeopcxyAEOPCXBKMHT", "аеорсхуАЕОРСХВКМНТ")
_CYR = "А-Яа-яЁё"
_MIXED_WORD = re.compile(rf"[{_CYR}A-Za-z]*[{_CYR}][{_CYR}A-Za-z]*")
_HAS_LATIN = re.compile(r"[A-Za-z]")


def _has_latin(text: str) -> bool:
    """``_HAS_LATIN.search(text)``, 4× cheaper on a Cyrillic notice: its ASCII characters, kept in C, hold a
    Latin letter exactly when their lower and upper cases differ."""
    ascii_part = text.encode("ascii", "ignore")
    return ascii_part.lower() != ascii_part.upper()
# A Latin look-alike touching a Cyrillic letter: the only case worth a word-by-word pass.
_LOOKALIKE = re.compile(rf"[{_CYR}][aeopcxyAEOPCXBKMHT]|[aeopcxyAEOPCXBKMHT][{_CYR}]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_SPACES = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " "})
_SPACE_CHARS = tuple(chr(c) for c in _SPACES)
# A card's crosses and stars in their many code points before a date («✝ 02.03.2024», «⭐️ 12.05.1995 ☦ 02.03.2024»,
# «👶 … 🕯 …») as the one each rule knows: «†» before the death, «*» before the birth (one character for one: offsets
# kept). Only before a figure: a candle or a cross beside words is a decoration, no death on a card.
_CARD_MARKS = {"✝": "†", "✞": "†", "✟": "†", "☦": "†", "✠": "†", "🕯": "†", "⭐": "*", "★": "*", "👶": "*"}
_CARD_MARK_CHARS = tuple(_CARD_MARKS)
_CARD_MARK = re.compile("[" + "".join(_CARD_MARKS) + "]\ufe0f?(?=[ \t]*\\d)")


def _card_mark(m: re.Match) -> str:
    return _CARD_MARKS[m.group(0)[0]] + " " * (len(m.group(0)) - 1)


def word_rx(pattern: str, flags: int = re.I) -> re.Pattern:
    """Compile ``pattern`` to match only at the start of a word. Big alternations
    of Russian stems are tried at every position otherwise, and under re.I that
    costs milliseconds a text; refusing mid-word starts makes them 3–6× faster."""
    return re.compile(r"(?<![А-Яа-яЁёA-Za-z])(?:" + pattern + ")", flags)


def lower_rx(pattern: str | re.Pattern) -> re.Pattern:
    """Like ``word_rx`` but for matching the lower-cased text without re.I, which
    is ~5× faster on Cyrillic. Escapes (``\\b``, ``\\s``, ``\\d``) are kept as written."""
    if isinstance(pattern, re.Pattern):
        pattern = pattern.pattern
    parts = re.split(r"(\\.)", pattern)
    lowered = "".join(p if p.startswith("\\") else p.lower() for p in parts).replace("(?p<", "(?P<")
    return re.compile(r"(?<![а-яёa-z])(?:" + lowered + ")")



def literal_cues(rx: re.Pattern) -> tuple[str, ...] | None:
    """Lower-case strings one of which the lower-cased text must contain for
    ``rx`` to match anywhere (a literal run every alternative starts with), or
    None when the pattern has no such run. ``any(c in low for c in cues)`` costs
    microseconds; a big alternation under re.I costs up to a millisecond a text.
    A run written between ``\\b``s (``\\bТрО\\b``) carries them as ``\\x08`` marks,
    which ``may_match`` checks, so a short word does not pass inside longer ones."""
    from re import _constants as K
    from re import _parser as P

    def need(seq) -> set[str] | None:
        run = ""
        lead = False
        trail_at = -1
        for op, av in seq:
            if op is K.LITERAL:
                run += chr(av)
            elif op is K.AT and av is K.AT_BOUNDARY:
                if run:
                    trail_at = len(run)
                else:
                    lead = True
            elif op in (K.AT, K.ASSERT, K.ASSERT_NOT):
                continue  # zero-width: the literals either side are contiguous
            elif run:
                break
            elif op is K.BRANCH:
                alts = [need(a) for a in av[1]]
                return None if any(a is None for a in alts) else set().union(*alts)
            elif op is K.SUBPATTERN:
                return need(av[-1])
            elif op in (K.MAX_REPEAT, K.MIN_REPEAT) and av[0] >= 1:
                return need(av[2])
            else:
                return None
        if not run:
            return None
        # \b before a word character means "no word character before it" (and after, likewise).
        head = "\b" if lead and _is_word_char(run[0]) else ""
        tail = "\b" if trail_at == len(run) and _is_word_char(run[-1]) else ""
        return {head + run + tail}

    found = need(P.parse(rx.pattern, rx.flags).data)
    return tuple(sorted({c.lower() for c in found})) if found else None


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what re's \w means on str patterns


#: cues -> (plain runs, runs with word-boundary marks): split once per cue tuple, not on every call
_CUE_SPLIT: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...]]] = {}


def may_match(cues: tuple[str, ...] | None, low: str) -> bool:
    """False only when ``literal_cues`` proves the pattern cannot match ``low``'s text."""
    if cues is None:
        return True
    split = _CUE_SPLIT.get(cues)
    if split is None:
        split = _CUE_SPLIT[cues] = (tuple(c for c in cues if c[0] != "\b" and c[-1] != "\b"),
                                    tuple(c for c in cues if c[0] == "\b" or c[-1] == "\b"))
    plain, bounded = split
    for cue in plain:
        if cue in low:
            return True
    for cue in bounded:
        lead, trail = cue[0] == "\b", cue[-1] == "\b"
        word = cue.strip("\b")
        i = low.find(word)
        while i >= 0:
            j = i + len(word)
            if ((not lead or i == 0 or not _is_word_char(low[i - 1]))
                    and (not trail or j == len(low) or not _is_word_char(low[j]))):
                return True
            i = low.find(word, i + 1)
    return False


@dataclass
class CleanText:
    text: str
    raw: str
    #: original offset of each character of ``text`` (plus one past the end)
    origin: list[int] | None

    def to_original(self, pos: int) -> int:
        if self.origin is None:
            return pos
        return self.origin[min(pos, len(self.origin) - 1)]


def _repair_word(m: re.Match) -> str:
    word = m.group(0)
    if not _HAS_LATIN.search(word):
        return word
    # Only letters that have a Cyrillic twin are swapped; a word with other
    # Latin letters (e.g. a brand name) is left as written.
    latin = [c for c in word if "A" <= c <= "z"]
    if all(c in "aeopcxyAEOPCXBKMHT" for c in latin):
        return word.translate(_LATIN_TO_CYR)
    return word


_WORD_BREAK = re.compile(r"[А-ЯЁ][а-яё]+(-\n[ \t]*)(?!оол)[а-яё]{2,}")


def clean(text: str) -> CleanText:
    raw = text
    origin: list[int] | None = None
    if "\r" in text:
        # \r\n loses its \r (offsets kept through ``origin``); a lone \r is a line break.
        text = re.sub(r"\r(?!\n)", "\n", text)
    if "\r" in text or any(c in text for c in _INVISIBLE_CHARS):
        kept = [(i, c) for i, c in enumerate(text) if not (_INVISIBLE.match(c) or c == "\r")]
        origin = [i for i, _ in kept] + [len(text)]
        text = "".join(c for _, c in kept)
    if "-\n" in text:
        # «слесаря Николая Александровича Петру-\nшина»: a name hyphenated across a line break is one word
        # (a compound broken at its own hyphen, «Алдын-\nоол», «Бато-\nМунко», keeps it).
        drop = {i for m in _WORD_BREAK.finditer(text) for i in range(m.start(1), m.end(1))}
        if drop:
            base = origin if origin is not None else range(len(text) + 1)
            kept = [i for i in range(len(text)) if i not in drop]
            origin = [base[i] for i in kept] + [base[len(text)]]
            text = "".join(text[i] for i in kept)
    if any(c in text for c in _SPACE_CHARS):  # translate() costs ~0.2 ms a text even when nothing changes
        text = text.translate(_SPACES)
    if any(c in text for c in _CARD_MARK_CHARS):
        text = _CARD_MARK.sub(_card_mark, text)
    if _has_latin(text) and _LOOKALIKE.search(text):  # the first is cheaper and usually fails
        text = _MIXED_WORD.sub(_repair_word, text)
    if any(w in text for w in _TEASER_WORDS) and _TEASER_CUE.search(text):
        text = _blank_teasers(text)
    return CleanText(text, raw, origin)


# A web page's links to other articles («Читайте также: В Ливнах простились с Сергеем Мещеряковым»,
# «Похожие новости:» and the lines under it) report other deaths, not this text's.
_TEASER_CUE = re.compile(r"(?:Читайте|Смотрите)\s+также|(?:Похожие|Другие|Ещё|Еще|Последние)\s+новости|Новости\s+по\s+теме"
                         r"|По\s+теме\s*:|Ещё\s+по\s+теме|Рекомендуем\s*:")
_TEASER_WORDS = ("Читайте", "Смотрите", "новости", "теме", "Рекомендуем")  # one in every match (case-sensitive)
_TEASER_LINE = re.compile(r"^[ \t]*(?:" + _TEASER_CUE.pattern + r")[^\n]*", re.M)
_TEASER_HEADER = re.compile(r"^[ \t]*(?:" + _TEASER_CUE.pattern + r")[ \t]*:?[ \t]*\n((?:[ \t]*\S[^\n]*(?:\n|$))+)", re.M)


def _blank_teasers(text: str) -> str:
    """Teaser lines and the block of lines under a teaser header become spaces (offsets kept)."""
    spans = [(m.start(), m.end()) for m in _TEASER_LINE.finditer(text)]
    spans += [(m.start(1), m.end(1)) for m in _TEASER_HEADER.finditer(text)]
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


_LOWERED: dict[int, tuple[str, str]] = {}


def lower_text(text: str) -> str:
    """``text.lower()``: every finder lowers the whole notice (~10 µs a time on Cyrillic), so
    the last few results are kept, found by the identity of the string. A lowered text is
    its own lower case (str.lower() is idempotent: checked for every code point)."""
    hit = _LOWERED.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    low = text.lower()
    if len(_LOWERED) > 16:
        _LOWERED.clear()
    _LOWERED[id(text)] = (text, low)  # the strings are held, so their ids are not reused meanwhile
    _LOWERED[id(low)] = (low, low)
    return low


@dataclass
class Sentence:
    start: int
    end: int
    text: str


# A sentence ends at . ! ? … (with closing quotes/brackets) before a space and
# a capital, digit, quote or dash — but not after an initial (А.), a common
# abbreviation (г., с., ул., им., т.д.) or inside a number (1.5).
_END = re.compile(r"[.!?…]+[»\")]*(?=\s+[«\"(—–-]?\s*[А-ЯЁA-Z0-9])")
_END_LOWER = re.compile(r"[.!?…]+[»\")]*(?=\s+[«\"(—–-]?\s*[а-яёa-z0-9])")
_UPPER = re.compile(r"[А-ЯЁA-Z]")
_NO_END_BEFORE = re.compile(
    r"(?:\b[А-ЯЁA-Z]|\b(?:г|гг|с|п|д|ст|ул|пр|пер|им|т|тыс|млн|млрд|руб|обл|р-н|респ|пос|пгт|корп|кв|рис|см"
    r"|др|проф|акад|св|о|оз|р|мкр|наб|пл|чел|мин|ч|нояб|сент|окт|дек|янв|февр|авг|апр|фев|мар|июн|июл|сен|ноя|мл|ст|ген|полк|подп|лейт|кап"
    r"|сер|мл\.с-т|в/ч|войск|ед|шт|стр|зам|пред|гл|ср|соч|тел|моб|рег|нас|т\.\s?е|т\.\s?д|т\.\s?п"
    # a plaque's rank before the name: «Ряд. ПЕТУХОВ С.Н.», «Ефр. Маркин», «Гв. ряд.»
    r"|[Рр]яд|РЯД|[Ее]фр|ЕФР|[Гг]в|ГВ|[Мм]л|МЛ|[Сс]т|СТ))\.$"
)


def sentences(text: str) -> list[Sentence]:
    """Sentences, never crossing a line break: list items and headlines are
    lines of their own even without a full stop. A regex splitter: razdel
    splits as well here but costs ~4 ms a text, over the whole budget."""
    out: list[Sentence] = []
    pos = 0
    lower_post = ". " in text and not _UPPER.search(text)
    for line in text.split("\n"):
        if line.strip():
            start = 0
            # an all-lower-case post («погиб мой одноклассник костя рыжов. ему был 31 год. похороны 22 марта»):
            # a stop before a lower-case word ends its sentence too (abbreviations are kept as for capitals)
            end = _END_LOWER if lower_post else _END
            for m in end.finditer(line):
                head = line[max(0, m.start() - 12): m.start() + 1]
                if m.group(0).startswith(".") and _NO_END_BEFORE.search(head):
                    continue
                _add(out, line, pos, start, m.end())
                start = m.end()
            _add(out, line, pos, start, len(line))
        pos += len(line) + 1
    return out


def _add(out: list[Sentence], line: str, pos: int, a: int, b: int) -> None:
    seg = line[a:b]
    stripped = seg.strip()
    if not stripped:
        return
    lead = len(seg) - len(seg.lstrip())
    s = pos + a + lead
    out.append(Sentence(s, s + len(stripped), stripped))


# Clause boundaries: commas, semicolons, colons, brackets and dashes used as
# punctuation (a hyphen inside a word is not one).
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[—–-]\s|\s[—–]|[—–]\s")


def clauses(sentence: Sentence) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    last = sentence.start
    for m in _CLAUSE_BREAK.finditer(sentence.text):
        s = sentence.start + m.start()
        if s > last:
            bounds.append((last, s))
        last = sentence.start + m.end()
    if last < sentence.end:
        bounds.append((last, sentence.end))
    return bounds or [(sentence.start, sentence.end)]
