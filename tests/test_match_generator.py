"""The benchmark generator's name pools (bench/gen_persons.py): the ``wide`` pools give
the minority groups the long tails of real name lists; both keep namesakes (the issue
asks for at least 1% of persons sharing a full name with another)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from gen_persons import _GROUPS, Generator, generate, name_stats  # noqa: E402

_RUSSIAN_TOP = {"Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров"}


@pytest.fixture(scope="module")
def stats():
    return {names: name_stats(*generate(20_000, seed=5, names=names)) for names in ("narrow", "wide")}


def test_wide_pools_put_russian_surnames_first(stats):
    # in the narrow pools a Tatar, a Central Asian or a Dagestani surname is the commonest of all
    narrow_top = stats["narrow"]["top_surnames"][0][0]
    assert narrow_top not in _RUSSIAN_TOP
    assert {s for s, _, _ in stats["wide"]["top_surnames"][:3]} <= _RUSSIAN_TOP | {"Монгуш"}
    assert stats["wide"]["top_names"][0][2] < stats["narrow"]["top_names"][0][2] / 2


def test_both_pools_keep_namesakes(stats):
    for names in ("narrow", "wide"):
        assert stats[names]["with_namesake"] >= 0.01


def test_wide_pool_shares_of_the_commonest_names_per_group():
    gen = Generator(7, "wide")
    for group, (surnames, surname_p, firsts, first_p, _father_p) in gen.pools.items():
        assert surnames[0] == _GROUPS[group]["surnames"][0]  # the group's own commonest stays first
        assert len(set(surnames)) == len(surnames) and len(set(firsts)) == len(firsts)
        assert first_p[0] <= 0.13
        if group != "tuvan":  # Tuvan surnames really are few
            assert surname_p[0] <= 0.08
    narrow = Generator(7, "narrow")
    assert narrow.pools["tatar_bashkir"][1][0] > 0.15


def test_unknown_pool_is_refused():
    with pytest.raises(ValueError, match="narrow"):
        Generator(7, "realistic")
