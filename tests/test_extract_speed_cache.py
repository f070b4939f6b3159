"""The speed caches and scanners of the extractor give what the plain code gives.

lower_text keeps the last lower-cased notices by the identity of the string; db.rxfast's
word_start_scan finds a pattern's matches from the character before them; db.regions._norm
is cached by string. Each is checked against the uncached computation."""

from __future__ import annotations

import re
import sys

import pytest

from db import regions
from db.rxfast import _WordStart, word_start_scan
from scrapers.extract import extract
from scrapers.extract.textnorm import _LOWERED, lower_text


def test_str_lower_is_idempotent_for_every_code_point() -> None:
    # lower_text registers a lowered text as its own lower case; that rests on this.
    assert [c for c in range(sys.maxunicode + 1) if chr(c).lower().lower() != chr(c).lower()] == []


@pytest.mark.parametrize("text", [
    "Погиб рядовой Иван Иванов", "ΟΔΥΣΣΕΥΣ и ΣΟΦΙΑ", "İstanbul — КАЗАНЬ", "ᲀᲁᲂ Ёлкино", "", "already lower",
])
def test_lower_text_is_str_lower(text: str) -> None:
    low = lower_text(text)
    assert low == text.lower()
    assert lower_text(text) is low  # the same string again: the kept result
    assert lower_text(low) == low.lower()
    copy = "".join(list(text))  # an equal string that is another object
    assert lower_text(copy) == text.lower()


def test_lower_text_keeps_only_a_few_texts() -> None:
    for i in range(100):
        lower_text(f"Текст номер {i}")
    assert len(_LOWERED) <= 18


def test_extract_gives_the_same_for_equal_texts_in_any_order() -> None:
    a = "Погиб рядовой Иван Петров, 1990 г.р. Прощание состоится 12 марта в Чите."
    b = "В Улан-Удэ похоронили сержанта Баира Дашиева. Он погиб 3 февраля под Бахмутом."
    first = [extract(t, "2024-03-10").to_dict() for t in (a, b, a)]
    again = [extract("".join(list(t)), "2024-03-10").to_dict() for t in (b, a, b)]
    assert first[0] == first[2] == again[1]
    assert first[1] == again[0] == again[2]


_WORDS = re.compile(r"(?<![а-яёa-z])(?:(?P<death>погиб\w*|смерт\w+)|(?P<funeral>похорон\w+|прощани\w+)|(?P<o>служ\w+))")


@pytest.mark.parametrize("text", [
    "погиб в бою", "он погиб, похороны завтра", "непогибший xпохороны", "служил. Погиб: прощание",
    "погибпохороны погиб", "a-погиб 1погиб _прощание", "", "смерть",
])
def test_word_start_scan_finds_what_the_pattern_finds(text: str) -> None:
    fast = word_start_scan(_WORDS)
    assert isinstance(fast, _WordStart)

    def sig(matches):
        return [(m.span(), m.lastgroup, m.groups()) for m in matches]

    assert sig(fast.finditer(text)) == sig(_WORDS.finditer(text))
    for pos in range(len(text) + 1):
        for endpos in (len(text), max(pos, len(text) - 3)):
            a, b = fast.search(text, pos, endpos), _WORDS.search(text, pos, endpos)
            assert (a and (a.span(), a.lastgroup)) == (b and (b.span(), b.lastgroup)), (text, pos, endpos)
            assert sig(fast.finditer(text, pos, endpos)) == sig(_WORDS.finditer(text, pos, endpos))


def test_word_start_scan_leaves_other_patterns_to_the_first_character_rewrite() -> None:
    # no one-character lookbehind at the start; an empty match possible
    assert not isinstance(word_start_scan(re.compile(r"погиб\w*")), _WordStart)
    assert not isinstance(word_start_scan(re.compile(r"(?<![а-я])\w*")), _WordStart)


@pytest.mark.parametrize("name", ["г. Сальск", "Улан-Удэ", "Ёлкино", "Республика Саха (Якутия)", "САНКТ-ПЕТЕРБУРГ"])
def test_cached_place_key_is_the_computed_one(name: str) -> None:
    assert regions._norm(name) == regions._norm.__wrapped__(name)
