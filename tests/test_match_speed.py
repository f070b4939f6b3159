"""Speed work must not change what the matcher finds: threaded blocking passes,
the name order of the sorted neighbourhood and the incremental shortcuts give the
same pairs as the plain computations they replace."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from db import open_db
from matching.blocking import _name_pair_ranks, _rank_strings, candidate_pairs
from matching.data import load_mentions


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from gen_persons import generate, write_db

    # the narrow name pools (the stress test): their common names make oversized blocks
    mentions, truth = generate(4000, seed=11, names="narrow")
    path = tmp_path_factory.mktemp("speed") / "gen.db"
    write_db(path, mentions, truth)
    return load_mentions(open_db(path).conn)


def _joined_ranks(items, sur, first):
    return _rank_strings([items[s] + " " + items[f] for s, f in zip(sur.tolist(), first.tolist())])


def test_name_pair_ranks_equal_the_joined_string_order():
    items = ["", "ан", "ан-на", "анна", "ан", "б", "аб", "иванов", "иван", "ива"]
    items[4] = "анн"
    sur = np.array([1, 2, 3, 4, 1, 7, 8, 9, 6, 2], np.int64)
    first = np.array([3, 1, 1, 5, 6, 8, 7, 7, 1, 6], np.int64)
    assert _name_pair_ranks(items, sur, first).tolist() == _joined_ranks(items, sur, first).tolist()


def test_name_pair_ranks_fall_back_when_a_name_holds_a_space_or_control_character():
    # "ан\tб" sorts before "ан б..." in the joined order but after "ан" as a word
    items = ["", "ан", "ан\tб", "в", "ан б"]
    sur = np.array([1, 2, 4, 1], np.int64)
    first = np.array([3, 3, 3, 4], np.int64)
    assert _name_pair_ranks(items, sur, first).tolist() == _joined_ranks(items, sur, first).tolist()


def test_name_pair_ranks_on_a_generated_vocabulary(generated):
    m = generated
    size = np.int64(len(m.names) + 1)
    pairs = np.unique(m.sur[m.usable] * size + m.first[m.usable])
    got = _name_pair_ranks(m.names.items, pairs // size, pairs % size)
    assert got.tolist() == _joined_ranks(m.names.items, pairs // size, pairs % size).tolist()
    assert len(set(got.tolist())) == len(pairs)


@pytest.mark.parametrize("share", [1.0, 0.05])
def test_threaded_blocking_gives_the_same_pairs_and_report(generated, share):
    m = generated
    dirty = np.random.default_rng(3).random(len(m)) < share
    a1, b1, r1 = candidate_pairs(m, dirty, cap=8, window=3, threads=1)
    a2, b2, r2 = candidate_pairs(m, dirty, cap=8, window=3, threads=2)
    assert len(a1) > 1000
    assert np.array_equal(a1, a2) and np.array_equal(b1, b2)
    assert list(r1.pairs_per_pass.items()) == list(r2.pairs_per_pass.items())
    assert (r1.capped_blocks, r1.pairs_cut, r1.largest_cut, r1.sub_blocked) == \
        (r2.capped_blocks, r2.pairs_cut, r2.largest_cut, r2.sub_blocked)
    assert r1.capped_blocks > 0 or r1.sub_blocked  # the cap is exercised


def test_scores_do_not_depend_on_chunks_or_threads(generated):
    from matching.config import MatchConfig
    from matching.scoring import score_in_chunks

    m = generated
    a, b, _ = candidate_pairs(m, np.ones(len(m), bool), cap=40, window=4)
    cfg = MatchConfig()
    whole = score_in_chunks(m, a, b, cfg, chunk=10**9, threads=1)
    seen = []
    cut = score_in_chunks(m, a, b, cfg, chunk=997, threads=2, on_chunk=lambda done, total: seen.append(done))
    assert len(whole[0]) > 100
    for x, y in zip(whole, cut):
        assert np.array_equal(x, y)
    assert seen == sorted(seen) and seen[-1] == len(a) and len(seen) > 5


def test_in_sorted_equals_isin_on_the_hash_table_and_search_paths():
    from matching.arrays import in_sorted

    rng = np.random.default_rng(5)
    for _ in range(150):
        scale = int(rng.choice([1, 7, 2**40, 2**62 // 100]))
        known = np.unique(rng.integers(-50, 50, int(rng.integers(1, 3000))) * scale)
        values = np.concatenate([rng.integers(-60, 60, int(rng.integers(1, 40000))) * scale, known])
        assert np.array_equal(in_sorted(known, values), np.isin(values, known))
    # a common-name block: most values are real hits, many share a probe sequence
    known = np.arange(0, 1 << 20, 64, dtype=np.int64)
    values = rng.integers(0, 1 << 20, 200_000)
    got = in_sorted(known, values)
    assert np.array_equal(got, values % 64 == 0) and got.any()


@pytest.mark.parametrize("share", [0.002, 0.02, 0.2])
def test_edit_passes_in_an_increment_give_the_full_pairs_with_a_dirty_side(generated, share):
    from matching.blocking import _double_edit_neighbours, _edit_neighbours

    m = generated
    dirty = np.random.default_rng(int(share * 1000)).random(len(m)) < share
    everyone = np.ones(len(m), bool)
    passes = {
        "surname_edit": lambda d: _edit_neighbours(m, m.sur, m.first_phon, d),
        "first_edit": lambda d: _edit_neighbours(m, m.first, m.sur_phon, d),
        "double_edit": lambda d: _double_edit_neighbours(m, d),
    }
    for label, run in passes.items():
        a, b = run(everyone)
        assert len(a) > 20, label
        touching = dirty[a] | dirty[b]
        want = sorted(zip(a[touching].tolist(), b[touching].tolist()))
        a, b = run(dirty)
        assert sorted(zip(a.tolist(), b.tolist())) == want, label


def test_the_match_command_starts_without_importing_the_other_commands():
    import subprocess

    code = ("import sys; from nekrolog.cli import cli; cli.get_command(None, 'match'); "
            "print(sorted(m for m in ('scrapers.extract', 'datasette', 'nekrolog.commands.serve') if m in sys.modules)); "
            "print(len([cli.get_command(None, n) for n in cli.list_commands(None)]), 'nekrolog.commands.serve' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split("\n")
    assert out[0] == "[]"
    from nekrolog.cli import COMMAND_MODULES

    assert out[1] == f"{len(COMMAND_MODULES)} True"  # listing them all imports every module
