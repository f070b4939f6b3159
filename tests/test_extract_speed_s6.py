"""Speed changes of session 6 give the same results as the code they replace.

``scan.OpeningWords`` scans a pattern only where one of its opening words stands:
every use must yield exactly the matches of the pattern's own ``finditer`` — on the
dev gold texts, on generated notices, and on the same texts lower-cased, upper-cased
and title-cased (a word list missing a case-insensitive opening would show there).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import sys
from pathlib import Path

import pytest

import scrapers.extract as extract_pkg
from scrapers.extract.scan import OpeningWords

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def _uses() -> list[tuple[str, OpeningWords]]:
    found = []
    for info in pkgutil.iter_modules(extract_pkg.__path__):
        module = importlib.import_module(f"scrapers.extract.{info.name}")
        found += [(f"{info.name}.{name}", value) for name, value in vars(module).items()
                  if isinstance(value, OpeningWords)]
    return found


def _texts() -> list[str]:
    from extraction import generated_corpus

    texts = []
    for f in sorted((ROOT / "tests" / "gold" / "dev").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += [t for t, _ in generated_corpus(200, seed=11)]
    return texts


TEXTS = _texts()
USES = _uses()


def _found(matches) -> list[tuple]:
    return [(m.span(), m.groups(), m.lastgroup) for m in matches]


def test_every_use_is_found() -> None:
    assert {"places._TYPED_AT", "fields._UNIT_QUOTED_AT"} <= {name for name, _ in USES}


@pytest.mark.parametrize(("name", "scan"), USES, ids=[name for name, _ in USES])
def test_same_matches_as_the_pattern(name: str, scan: OpeningWords) -> None:
    assert scan.rx.match("") is None, f"{name} matches the empty string"
    checked = 0
    for text in TEXTS:
        for variant in (text, text.lower(), text.upper(), text.title()):
            expected = _found(scan.rx.finditer(variant))
            assert _found(scan.finditer(variant)) == expected, (name, variant[:200])
            assert _found(scan.finditer(variant, variant.lower())) == expected, (name, variant[:200])
            checked += len(expected)
    assert checked > 0, f"{name} never matched: the check proved nothing"


def test_words_are_found_overlapping_and_in_order() -> None:
    scan = OpeningWords(re.compile(r"(?i:аба|ба)\w*"), ("аба", "ба", "бар"))
    assert scan.words == ("аба", "ба")  # «бар» is found with «ба»
    assert scan.positions("абаба бар") == [0, 1, 2, 3, 6]
    text = "Абаба, бар и аба"
    assert _found(scan.finditer(text)) == _found(scan.rx.finditer(text))


def test_text_whose_lower_case_shifts_offsets_is_scanned_as_written() -> None:
    # «İ» lower-cases to two characters: positions in the lower-cased text would be off by one.
    scan = OpeningWords(re.compile(r"(?i:город)\s+\w+"), ("город",))
    text = "İİ город Тверь и ГОРОД Калуга"
    assert len(text.lower()) != len(text)
    assert _found(scan.finditer(text)) == _found(scan.rx.finditer(text)) != []


def test_old_letter_forms_that_re_folds_are_scanned_as_written() -> None:
    # re.I folds «ᲃ» (an old form of «с») onto «с»; str.lower() does not, so str.find would miss it.
    scan = OpeningWords(re.compile(r"(?i:село)\s+\w+"), ("село",))
    text = "\u1c83ело Кыра"
    assert _found(scan.rx.finditer(text)) != []
    assert _found(scan.finditer(text)) == _found(scan.rx.finditer(text))


def _names_demonym_word_by_word(lower_text: str, towns_only: bool = True) -> bool:
    """db.regions.names_demonym as it was written before session 6: one word at a time."""
    from db import regions

    forms = regions._DEMONYM_FORMS if towns_only else regions._ANY_DEMONYM_FORMS
    for w in lower_text.replace("ё", "е").split():
        w = w.strip(regions._PUNCT)
        if w and not w[0].isalpha():
            w = regions._LEADING_MARKS.sub("", w)
        if w in forms or ("-" in w and any(part in forms for part in w.split("-"))):
            return True
    return False


def test_names_demonym_same_as_word_by_word() -> None:
    from db.regions import names_demonym

    crafted = ["простились с земляком-туймазинцем.", "⚡️новочебоксарец кирилл погиб", "#чебоксарец", "(кунгуряк)",
               "кузбассовец иван", "красноярец, погиб", "житель туймазы", "", "—", "туймазинец-доброволец»."]
    hits = {True: 0, False: 0}
    for text in [t.lower() for t in TEXTS] + crafted:
        for towns_only in (True, False):
            expected = _names_demonym_word_by_word(text, towns_only)
            assert names_demonym(text, towns_only) == expected, (towns_only, text[:200])
            hits[expected] += 1
    assert hits[True] and hits[False]


# (module, pattern, words one of which stands in every match of it): the substring test gates the search.
GATES = [("relevance", "_ANCESTOR", "_ANCESTOR_WORDS"), ("relevance", "_SEARCH_POST", "_SEARCH_POST_WORDS"),
         ("relevance", "_STRIKE", "_STRIKE_WORDS"), ("relevance", "_DENIED", "_DENIED_WORDS"),
         ("core", "_RELATED_CUES", "_RELATED_WORDS"), ("core", "_CORRECTION", "_CORRECTION_WORDS"),
         ("core", "_STILL_SERVING_CUE", "_STILL_SERVING_WORDS"), ("textnorm", "_TEASER_CUE", "_TEASER_WORDS")]


@pytest.mark.parametrize(("module", "pattern", "words"), GATES, ids=[g[1] for g in GATES])
def test_gate_words_stand_in_every_match(module: str, pattern: str, words: str) -> None:
    namespace = vars(importlib.import_module(f"scrapers.extract.{module}"))
    rx, gate = namespace[pattern], namespace[words]
    matched = 0
    for text in TEXTS:
        for variant in (text, text.lower()):
            for m in rx.finditer(variant):
                matched += 1
                # (a case-insensitive pattern's gate is tested on the lower-cased text: scan.may_contain)
                found = m.group(0).lower() if rx.flags & re.I else m.group(0)
                assert any(w in found for w in gate), (pattern, m.group(0))
    assert matched > 0, f"{pattern} never matched: the check proved nothing"


def test_may_contain_falls_back_on_letters_re_folds() -> None:
    from scrapers.extract.scan import may_contain

    assert may_contain("погиб. поправка: иванов", ("поправка",), "Погиб. Поправка: Иванов")
    assert not may_contain("погиб иванов", ("поправка",), "Погиб Иванов")
    text = "\u1c83ледует читать"  # «ᲃ» is «с» to re.I, not to str.lower()
    assert re.search("(?i)следует", text) and may_contain(text.lower(), ("следует",), text)


def test_has_latin_same_as_the_pattern() -> None:
    from scrapers.extract.textnorm import _HAS_LATIN, _has_latin

    crafted = ["", "погиб", "погиб 5 мая 2024 г., №12 — «Z»", "Ивaнов", "x", "ÀÉ ß", "İ", "ё1-2", "ⅰ ＡＢＣ"]
    found = [(_HAS_LATIN.search(t) is not None, _has_latin(t)) for t in TEXTS + crafted]
    assert all(a == b for a, b in found)
    assert {a for a, _ in found} == {True, False}
