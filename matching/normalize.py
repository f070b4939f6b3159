"""Name normalisation for comparison only.

The mention keeps the source's spelling; these keys exist so that "Семёнов",
"СЕМЕНОВ", "Semyonov" and "Ceмeнов" (with Latin look-alikes) compare equal, and
so that a swapped surname/first name or a dropped patronymic does not hide a
duplicate. Every function here is pure and cached per distinct token, because a
million mentions hold only tens of thousands of distinct name parts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_CYRILLIC = re.compile(r"[а-яё]")
_LATIN = re.compile(r"[a-z]")

#: Latin letters that look like Cyrillic ones (OCR, keyboard-layout mixing).
_LOOKALIKES = str.maketrans(
    {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "k": "к",
     "m": "м", "t": "т", "h": "н", "b": "в", "i": "і", "3": "з", "0": "о"}
)

#: Latin → Cyrillic, longest sequence first (covers BGN/PCGN, ICAO passport and
#: common informal spellings used by English-language media).
_TRANSLIT_SEQUENCES: tuple[tuple[str, str], ...] = (
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("tz", "ц"),
    ("ch", "ч"), ("sh", "ш"), ("yu", "ю"), ("iu", "ю"), ("ju", "ю"), ("ya", "я"),
    ("ia", "я"), ("ja", "я"), ("yo", "е"), ("jo", "е"), ("ye", "е"), ("ie", "ие"),
    ("iy", "ий"), ("yy", "ый"), ("x", "кс"),
)
_TRANSLIT_SINGLE = {
    "a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и",
    "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с",
    "t": "т", "u": "у", "f": "ф", "h": "х", "c": "к", "w": "в", "q": "к", "j": "й",
    "'": "ь", "y": "ы",
}
_VOWELS_LAT = set("aeiouy")
_VOWELS_CYR = set("аеиоуыэюяё")

#: Patronymic endings (Russian, and Turkic "оглы"/"кызы" written fused).
_PATRONYMIC_RE = re.compile(r"(вич|вна|ична|инична|ьич|оглы|огли|кызы|улы|уулу)$")

#: A small seed of first names so that order can be judged on small data sets;
#: on real data the frequencies of each token in each role decide (see ``NameRoles``).
SEED_FIRST_NAMES = frozenset(
    """александр алексей анатолий андрей антон артем артур богдан вадим валерий василий
    виктор виталий владимир владислав вячеслав геннадий георгий глеб григорий даниил денис
    дмитрий евгений егор иван игорь илья кирилл константин лев леонид максим марат михаил
    никита николай олег павел петр роман руслан рустам святослав семен сергей станислав
    степан тимур тимофей федор эдуард юрий ярослав магомед ахмед шамиль ислам адам рамзан
    ринат айдар ильдар баир булат жаргал аяс айдыс чингис алдар фаррух бахтиер""".split()
)


def fold(text: str | None) -> str:
    """Case, ё→е, Unicode form, and Latin look-alikes inside Cyrillic words."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).lower().replace("ё", "е").replace("і", "и")
    if _CYRILLIC.search(text) and _LATIN.search(text):
        text = " ".join(
            word.translate(_LOOKALIKES).replace("і", "и") if _CYRILLIC.search(word) else word
            for word in text.split()
        )
    return text


@lru_cache(maxsize=200_000)
def latin_to_cyrillic(word: str) -> str:
    """Transliterate one lower-case Latin word to Cyrillic (approximate, for comparison)."""
    out: list[str] = []
    i = 0
    n = len(word)
    while i < n:
        for seq, cyr in _TRANSLIT_SEQUENCES:
            if word.startswith(seq, i):
                out.append(cyr)
                i += len(seq)
                break
        else:
            ch = word[i]
            if ch == "y":
                prev = word[i - 1] if i else ""
                at_end = i == n - 1
                if prev in _VOWELS_LAT:
                    out.append("й")
                elif at_end and prev:
                    out.append("ий")  # Dmitry, Vysotsky
                else:
                    out.append("ы")
            else:
                out.append(_TRANSLIT_SINGLE.get(ch, ch))
            i += 1
    return "".join(out)


@lru_cache(maxsize=500_000)
def normalize_part(part: str | None) -> str:
    """One name part (surname, first name or patronymic) as a comparison key.

    Hyphens and spaces inside a compound part are dropped ("Даши-Нима",
    "Даши Нима", "Дашинима" are one key); Latin words are transliterated.
    """
    text = fold(part)
    if not text:
        return ""
    words = re.findall(r"[a-zа-я']+", text)
    keyed = [latin_to_cyrillic(w) if not _CYRILLIC.search(w) else w for w in words]
    key = "".join(keyed).replace("ъ", "").replace("'", "")
    return key.replace("э", "е")


@lru_cache(maxsize=500_000)
def phonetic(key: str) -> str:
    """A coarse sound key: vowel classes, devoiced consonants, no doubled letters.

    Absorbs transliteration round trips (Tsyrenov → цыренов vs Цыренов) and the
    commonest spelling variation, for blocking only.
    """
    table = str.maketrans(
        {"о": "а", "я": "а", "е": "и", "э": "и", "ы": "и", "й": "и", "ю": "у",
         "б": "п", "в": "ф", "г": "к", "д": "т", "ж": "ш", "з": "с", "щ": "ш",
         "ц": "с", "х": "к", "ь": None, "ъ": None}
    )
    out = key.translate(table)
    return re.sub(r"(.)\1+", r"\1", out)


def looks_like_patronymic(key: str) -> bool:
    return bool(_PATRONYMIC_RE.search(key))


@dataclass(frozen=True)
class NormName:
    surname: str
    first: str
    patronymic: str
    swapped: bool = False

    @property
    def usable(self) -> bool:
        """A name that can identify someone: a surname and a first name (anonymised
        lists give initials or nothing; such rows are never merged)."""
        return len(self.surname) >= 2 and len(self.first) >= 2


def split_full_name(full_name: str | None) -> tuple[str, str, str]:
    """Surname, first name, patronymic keys from a full name when the parts are missing.

    Russian lists write "Surname First Patronymic"; prose writes "First
    Patronymic Surname" — told apart by where the patronymic is.
    """
    words = [normalize_part(w) for w in re.split(r"\s+", fold(full_name)) if w]
    words = [w for w in words if w]
    if not words:
        return "", "", ""
    if len(words) >= 2 and words[-1] in ("оглы", "кызы", "улы", "уулу"):
        words = [*words[:-2], words[-2] + words[-1]]
    if len(words) == 1:
        return words[0], "", ""
    if len(words) == 2:
        return words[0], words[1], ""
    if looks_like_patronymic(words[1]) and not looks_like_patronymic(words[-1]):
        return words[-1], words[0], words[1]  # First Patronymic Surname
    return words[0], words[1], " ".join(words[2:]).replace(" ", "")


class NameRoles:
    """How often each key appears as a surname and as a first name in the data,
    used to undo swapped name order ("Иван Петров" stored as surname=Иван)."""

    def __init__(self) -> None:
        self.as_surname: dict[str, int] = {}
        self.as_first: dict[str, int] = {}

    def add(self, surname: str, first: str) -> None:
        if surname:
            self.as_surname[surname] = self.as_surname.get(surname, 0) + 1
        if first:
            self.as_first[first] = self.as_first.get(first, 0) + 1

    def first_score(self, key: str) -> float:
        seed = 5 if key in SEED_FIRST_NAMES else 0
        return (self.as_first.get(key, 0) + seed) / (self.as_surname.get(key, 0) + 1)

    def should_swap(self, surname: str, first: str) -> bool:
        if not surname or not first:
            return False
        fs, ff = self.first_score(surname), self.first_score(first)
        return fs > 2.0 and ff <= 1.0 and ff * 4 < fs


def normalize_name(
    surname: str | None,
    first_name: str | None,
    patronymic: str | None,
    full_name: str | None,
    roles: NameRoles | None = None,
) -> NormName:
    """Comparison keys for a mention's name; parts win over the full name."""
    s, f, p = normalize_part(surname), normalize_part(first_name), normalize_part(patronymic)
    if not s and not f:
        s, f, p = split_full_name(full_name)
    if p and not looks_like_patronymic(p) and f and looks_like_patronymic(f):
        f, p = p, f
    swapped = False
    if roles is not None and roles.should_swap(s, f):
        s, f, swapped = f, s, True
    return NormName(s, f, p, swapped)
