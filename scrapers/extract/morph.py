"""Shared pymorphy3 analyzer, created once per process and cached per token."""

from __future__ import annotations

from functools import lru_cache

_ANALYZER = None


def analyzer():
    global _ANALYZER
    if _ANALYZER is None:
        import logging

        import pymorphy3

        # Its dictionary-loading INFO lines would land in every command's stderr.
        logging.getLogger("pymorphy3").setLevel(logging.WARNING)
        _ANALYZER = pymorphy3.MorphAnalyzer()
    return _ANALYZER


_PARSE_TYPE = None


@lru_cache(maxsize=200_000)
def _word_known(parse_type, word: str) -> bool:
    return parse_type._dict.word_is_known(word=word, substitutes_compiled=parse_type._morph.char_substitutes)


def _parse_type():
    """pymorphy3's Parse with ``is_known`` cached by word: the property looks the
    word up in the dictionary again on every access (~20 µs), and it depends on
    the word alone."""
    global _PARSE_TYPE
    if _PARSE_TYPE is None:
        base = analyzer()._result_type

        class CachedParse(base):  # type: ignore[misc, valid-type]
            __slots__ = ()

            @property
            def is_known(self) -> bool:
                return _word_known(base, self.word)

        _PARSE_TYPE = CachedParse
    return _PARSE_TYPE


@lru_cache(maxsize=200_000)
def parse(word: str) -> tuple:
    cls = _parse_type()
    return tuple(cls(*p) for p in analyzer().parse(word))


def fold(s: str | None) -> str:
    return (s or "").lower().replace("ё", "е")


@lru_cache(maxsize=100_000)
def restore_case(original: str, normal: str) -> str:
    """Give a lower-case normal form the original's capitals and its ё/е spelling
    over their common prefix (so ``Начын-оолу`` → ``Начын-оол``, not ``Начын-Оол``).
    (Kept by its two words: the same unit words and names recur, and a character loop costs ~10 µs.)"""
    out = []
    for i, ch in enumerate(normal):
        if i < len(original) and fold(original[i]) == fold(ch):
            out.append(original[i])
        else:
            out.append(ch)
    result = "".join(out)
    if original[:1].isupper():
        result = result[:1].upper() + result[1:]
    return result
