"""db.rxfast: the rewritten patterns find exactly what the originals find, only faster."""

from __future__ import annotations

import json
import re
from pathlib import Path
from re import _compiler as C  # noqa: PLC2701
from re import _parser as P  # noqa: PLC2701

import pytest

import db.categories  # noqa: F401 - accelerates its patterns on import
import scrapers.extract  # noqa: F401 - accelerates the extractor's patterns on import
from db.rxfast import ACCELERATED, _Rescan, first_char_scan, unparse

DEV = Path(__file__).parent / "gold" / "dev"


def _signature(rx, text: str, pos: int = 0) -> list:
    return [(m.span(), m.groups(), m.lastgroup, m.lastindex,
             [m.span(i) for i in range(len(m.groups()) + 1)]) for m in rx.finditer(text, pos)]


def _same(a: re.Pattern, b, texts: list[str]) -> None:
    for text in texts:
        assert _signature(a, text) == _signature(b, text), (a.pattern, text[:80])
        for pos in (1, len(text) // 2):
            ma, mb = a.search(text, pos), b.search(text, pos)
            assert (ma and (ma.span(), ma.groups())) == (mb and (mb.span(), mb.groups())), (a.pattern, pos)


def _dev_texts() -> list[str]:
    texts = []
    for f in sorted(DEV.glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def test_the_extractor_patterns_are_accelerated() -> None:
    where = {w for w, _, _ in ACCELERATED}
    assert any(w.startswith("scrapers.extract.core.") for w in where)
    assert any(w.startswith("db.categories.") for w in where)
    assert len(ACCELERATED) > 50


def test_unparse_writes_back_the_same_program() -> None:
    for where, original, _ in ACCELERATED:
        tree = P.parse(original.pattern, original.flags)
        names = {v: k for k, v in tree.state.groupdict.items()}
        text = unparse(list(tree), names)
        assert C._code(P.parse(text, original.flags), original.flags) == \
            C._code(P.parse(original.pattern, original.flags), original.flags), where


def test_every_accelerated_pattern_matches_as_before_on_the_dev_texts() -> None:
    texts = _dev_texts()
    texts += [t.lower() for t in texts[::6]]  # the lower-cased text is what lower_rx patterns scan
    assert len(texts) > 300
    for _where, original, fast in ACCELERATED:
        _same(original, fast, texts)


@pytest.mark.parametrize("pattern,flags,texts", [
    # a lookbehind at the very start of the text, and after a word
    (r"(?<![а-яё])(?:погиб\w*|похорон\w+|смерт\w+)", 0, ["погиб", "он погиб", "непогибший", "похороны, смерть"]),
    # re.I: every case form of the first letter, the Kelvin sign included (it folds to k)
    (r"(?:kilo|Сел[оа])\s+\w+", re.I, ["\u212aILO x", "Kilo y", "СЕЛО Кырен", "село Кырен", "сЕла z"]),
    # \b before a word, an optional first character, a lazy one
    (r"\b(?:оба|все)\b|«?Шторм\w*»?|x??ab", 0, ["оба все", "ооба", "«Шторм» Шторма", "xab ab"]),
    # a lookahead before the first character, under re.I in part
    (r"(?<![а-яё])(?![Жж]ители\s|[Уу]роженцы\s)(?i:жител\w+|уроженц\w+)\s+\w+", 0,
     ["жители Саранска, житель Сибая", "Жители Уфы", "уроженцы Кыры и уроженец Читы", "ЖИТЕЛИ\nх"]),
    # a capturing group at the start: its span must not move
    (r"(?<![\d.])(\d{1,2})\s+(мая|июня)", 0, ["1 мая, 12 июня, 5.3 мая, 123 мая"]),
    # named groups per alternative (lastgroup), through the rescanning path
    (r"(?<![а-яё])(?:(?P<death>погиб\w*)|(?P<funeral>похорон\w+))", 0, ["похороны погибшего", "xпогиб"]),
])
def test_constructs(pattern: str, flags: int, texts: list[str]) -> None:
    original = re.compile(pattern, flags)
    fast = first_char_scan(original)
    assert fast is not original
    _same(original, fast, texts)


def test_a_pattern_it_cannot_rewrite_is_returned_as_is() -> None:
    rx = re.compile(r"(\w)\1")  # a back-reference
    assert first_char_scan(rx) is rx


def test_rescan_keeps_the_original_for_everything_else() -> None:
    rx = re.compile(r"(?<![а-яё])(?:(?P<a>да)|(?P<b>нет))")
    fast = first_char_scan(rx)
    assert isinstance(fast, _Rescan)
    assert [m.lastgroup for m in fast.finditer("да нет дане")] == ["a", "b", "a"]
    assert fast.sub("-", "да нет") == "- -"
    assert fast.pattern == rx.pattern
