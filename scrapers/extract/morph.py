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


@lru_cache(maxsize=200_000)
def parse(word: str) -> tuple:
    return tuple(analyzer().parse(word))


def fold(s: str | None) -> str:
    return (s or "").lower().replace("ё", "е")


def restore_case(original: str, normal: str) -> str:
    """Give a lower-case normal form the original's capitals and its ё/е spelling
    over their common prefix (so ``Начын-оолу`` → ``Начын-оол``, not ``Начын-Оол``)."""
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
