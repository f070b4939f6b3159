"""Speed changes of session 8 give the same results as the code they replace.

* db.rxfast expands a zero-width check standing before an optional part or an
  alternation («(?<![а-яё])(?:по)?звонил»): one such alternative, nested a group
  deep, had left core._TRIGGERS (the whole-text trigger scan, the costliest
  single pattern) unaccelerated. The hot patterns listed in
  ``rxfast.WORD_START_SCANNED`` must stay accelerated whatever alternatives are
  added to them.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

import scrapers.extract  # noqa: F401 - accelerates the extractor's patterns on import
from db import rxfast
from db.rxfast import ACCELERATED, first_char_scan, word_start_scan

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    # bench/ holds a matching.py: left on sys.path it would shadow the matching package for later test modules
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from extraction import generated_corpus
    finally:
        sys.path.remove(str(ROOT / "bench"))

    texts = []
    for f in sorted((ROOT / "tests" / "gold" / "dev").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += [t for t, _ in generated_corpus(100, seed=12)]
    return texts


def _found(rx, text: str) -> list[tuple]:
    return [(m.span(), m.groups(), m.lastgroup) for m in rx.finditer(text)]


def test_every_word_start_pattern_is_accelerated() -> None:
    # A pattern named in WORD_START_SCANNED that rxfast cannot rewrite is silently left as written
    # (the extractor's slowest scan, 3-4x slower): a new alternative must not do that unnoticed.
    kinds = {where: type(fast).__name__ for where, _, fast in ACCELERATED}
    missing = {w for w in rxfast.WORD_START_SCANNED if kinds.get(w) != "_WordStart"}
    assert "scrapers.extract.core._TRIGGERS" not in missing
    assert not missing, f"no longer accelerated: {sorted(missing)}"


@pytest.mark.parametrize(("pattern", "texts"), [
    # a lookbehind, then an optional part, one group deep (the trigger pattern's shape)
    (r"(?<![а-яё])(?:(?:погиб\w*|(?<![а-яё])(?:по)?звонил\w*)|(?P<x>ранен\w*))",
     ["позвонил 3 марта, звонила", "перезвонил", "непогибший погиб", "раненый", "ПОЗВОНИЛ", ""]),
    # a lazy optional part after a lookahead, and an alternation after a lookbehind
    (r"(?:(?=\w)(?:в\s+)??бою|(?<!\d)(?:\d{4}|\d{2})\s+г\.)",
     ["в бою 1995 г. и 95 г.", "бою", "в  бою", "21995 г."]),
    # a negative lookbehind before an alternation of words of either case (re.I)
    (r"(?i)(?:(?<![а-яё])(?:гвардии\s+)?(?:рядов|сержант)\w*|x)", ["Гвардии рядовой, сержанта; СЕРЖАНТ", "нерядовой"]),
])
def test_rewrite_before_an_optional_part_matches_as_written(pattern: str, texts: list[str]) -> None:
    rx = re.compile(pattern)
    for fast in (first_char_scan(rx), word_start_scan(rx)):
        assert fast is not rx, "the rewrite should apply"
        for text in texts:
            assert _found(fast, text) == _found(rx, text), (pattern, text)
            for pos in range(len(text) + 1):
                a, b = rx.search(text, pos), fast.search(text, pos)
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (pattern, text, pos)


def test_the_trigger_scan_finds_what_the_pattern_finds() -> None:
    from scrapers.extract import core

    fast = core._TRIGGERS
    original = next(o for w, o, _ in ACCELERATED if w == "scrapers.extract.core._TRIGGERS")
    for text in _texts():
        low = text.lower()
        assert _found(fast, low) == _found(original, low)


_INITIAL = re.compile(r"(?<![\w.])[А-ЯЁ]\.")


@pytest.mark.parametrize("text", [
    "Котов А.В.", "А.В. Котов", "Н. Ященко", "СВО.", "в МФЦ.", ".А.", "_А.", "1А.", "ЁЁ. Ё.", "Ё.", "А", ".", "",
    "погиб рядовой Гусев Н., 1990 г.р.", "Х.", "x.Ж.", "«Ж.", "\tЖ.", "Я.", "а.", "Ա.", "ᲀ.",
])
def test_has_initial_is_the_pattern(text: str) -> None:
    from scrapers.extract.scan import has_initial

    assert has_initial(text) == bool(_INITIAL.search(text))


def test_has_initial_on_the_texts() -> None:
    from scrapers.extract.scan import has_initial

    texts = _texts()
    assert any(has_initial(t) for t in texts) and not all(has_initial(t) for t in texts)
    for text in texts:
        assert has_initial(text) == bool(_INITIAL.search(text)), text[:80]


def test_unsafe_is_remembered_per_text() -> None:
    from scrapers.extract.scan import unsafe

    for text in ("Погиб Иван", "Погиб Иᲃан", "İstanbul"):
        copy = "".join(list(text))  # an equal string of another identity: looked up afresh
        assert unsafe(text) == unsafe(copy) == bool(re.search("[\u1c80-\u1c88\ua64a\ua64b\u0130\u1e9e]", text))



def test_word_start_patterns_in_sentence_windows() -> None:
    # The judge searches some of them sentence by sentence (``search(text, start, end)``): the same matches as the
    # pattern as written, in every window.
    from scrapers.extract.textnorm import sentences

    pairs = [(w, o, f) for w, o, f in ACCELERATED if w in rxfast.WORD_START_SCANNED]
    assert {"scrapers.extract.relevance._DEATH_SENT", "scrapers.extract.core._TRIGGERS"} <= {w for w, _, _ in pairs}
    for text in _texts()[::3]:
        low = text.lower()
        windows = [(s.start, s.end) for s in sentences(low)]
        for where, original, fast in pairs:
            for a, b in windows:
                x, y = original.search(low, a, b), fast.search(low, a, b)
                assert (x and (x.span(), x.groups())) == (y and (y.span(), y.groups())), (where, low[a:b])


@pytest.mark.parametrize(("sur", "first", "patr"), [
    ("Иванова", "Сергея", "Петровича"), ("Иванову", "Сергею", None), ("Ковальчуку", "Андрею", None),
    ("Рыбиной", "Евгении", None), ("Рыбине", "Евгении", None), ("Мамедова", "Эльвина", "Рафик оглы"), (None, "Ивану", None),
    ("Начын-оолу", "Айдысу", None), ("Цхай", "Валерием", None), ("Кууларе", "Шамсутдине", None),
])
def test_remembered_name_forms_equal_computed(sur, first, patr) -> None:
    # choose_case, nominative and restore_case are kept by their words (lru_cache): each must be a function of
    # its words alone, the remembered answer the one computed afresh, asked in either order.
    from scrapers.extract import morph, names

    names.choose_case.cache_clear()
    names.nominative.cache_clear()
    fresh_case = names.choose_case.__wrapped__(sur, first, patr)
    fresh_nom = names.nominative.__wrapped__(sur, first, patr)
    assert names.nominative(sur, first, patr) == fresh_nom
    assert names.choose_case(sur, first, patr) == fresh_case == names.choose_case(sur, first, patr)
    for word in (w for w in (sur, first) if w):
        normal = word.lower()[:-1] + "а"
        morph.restore_case.cache_clear()
        assert morph.restore_case(word, normal) == morph.restore_case.__wrapped__(word, normal)
        assert morph.restore_case(word, normal) == morph.restore_case.__wrapped__(word, normal)
