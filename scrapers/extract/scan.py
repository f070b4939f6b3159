"""Scanning a text for a pattern only where one of its opening words stands.

A whole-text ``finditer`` of a big alternation runs the matcher at every
character that may open a match (db.rxfast already skips the others): in a
Russian text that is a third of all positions for patterns opening with
«с», «п», «г», «д», «р». The words a match must open with (``город``, ``с.``,
``посёл``, …) are rare; ``str.find`` finds them at C speed, and the pattern is
then matched only there. ``OpeningWords.finditer`` yields exactly the matches
``rx.finditer`` yields (same spans, groups, order) as long as every match of
``rx`` opens with one of the words (``tests/test_extract_speed_s6.py`` checks
each use on the gold texts and on generated notices).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Characters that re's case-insensitive matching folds onto a Cyrillic letter without str.lower()
# doing the same (old letter forms: «ᲀ» is «в», «ᲃ» is «с»), and the Latin capital I with a dot,
# whose lower() is two characters long (offsets would shift). A text holding one is scanned as written.
_UNSAFE = re.compile("[\u1c80-\u1c88\ua64a\ua64b\u0130\u1e9e]")
_UNSAFE_SEEN: dict[int, tuple[str, bool]] = {}


def unsafe(text: str) -> bool:
    """``_UNSAFE.search(text) is not None``, kept for the last few texts (found by the string's identity):
    every scan of a notice asks it of the same text, ~25 µs a time."""
    hit = _UNSAFE_SEEN.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    found = _UNSAFE.search(text) is not None
    if len(_UNSAFE_SEEN) > 16:
        _UNSAFE_SEEN.clear()
    _UNSAFE_SEEN[id(text)] = (text, found)  # the string is held, so its id is not reused meanwhile
    return found


class OpeningWords:
    """``rx`` with the lower-case words every match of it opens with."""

    def __init__(self, rx: re.Pattern, words: tuple[str, ...]) -> None:
        self.rx = rx
        # A word that starts with a shorter listed word is found with it (one find loop fewer).
        self.words = tuple(w for w in dict.fromkeys(words)
                           if not any(o != w and w.startswith(o) for o in words))

    def positions(self, low: str) -> list[int]:
        """Every offset of ``low`` (a lower-cased text) where one of the words starts, sorted."""
        found = []
        for word in self.words:
            i = low.find(word)
            while i >= 0:
                found.append(i)
                i = low.find(word, i + 1)
        found.sort()
        return found

    def finditer(self, text: str, low: str | None = None) -> Iterator[re.Match]:
        """``self.rx.finditer(text)``; ``low`` is ``text.lower()`` when the caller has it."""
        if low is None:
            low = text.lower()
        if len(low) != len(text) or unsafe(text):
            yield from self.rx.finditer(text)
            return
        match = self.rx.match
        end = 0
        for pos in self.positions(low):
            if pos < end:
                continue  # inside the previous match: finditer goes on from its end
            m = match(text, pos)  # (a lookbehind still sees the text before pos)
            if m is not None:
                yield m
                # finditer never returns an empty match at the position an empty one ended at;
                # our patterns never match empty (checked by the tests), so the end is the next start
                end = m.end() if m.end() > pos else pos + 1


def may_contain(low: str, words: tuple[str, ...], text: str) -> bool:
    """False only when no match of a case-insensitive pattern can be in ``text``: none of ``words`` (one of
    which every match holds, lower-cased) is in ``low`` (``text.lower()``) and no letter re folds
    differently from str.lower() is in ``text``. A few substring tests instead of a whole-text search."""
    return any(w in low for w in words) or unsafe(text)


def has_initial(text: str) -> bool:
    """Whether ``text`` has a capital Cyrillic letter and a full stop with no word character nor full stop before
    them («Котов А.В.», «Н. Ященко»): what every initial of names.find_initialled's patterns is
    (``(?<![\\w.])[А-ЯЁ]\\.``, or whitespace before it). Full stops are few: ~20 look-ups instead of a
    whole-text scan for a capital letter."""
    i = text.find(".", 1)
    while i > 0:
        c = text[i - 1]
        if "А" <= c <= "Я" or c == "Ё":
            before = text[i - 2] if i >= 2 else ""
            if not before or not (before.isalnum() or before == "_" or before == "."):
                return True
        i = text.find(".", i + 1)
    return False
