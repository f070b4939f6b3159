"""The incremental run's re-clustered set and its component labels, grown from
the seeds (``matching.graph``), equal what the global component labels give."""

from __future__ import annotations

import numpy as np
import pytest

from matching.cluster import components
from matching.graph import affected_closure, component_closure, component_labels


def _closure_from_global_labels(seed, ea, eb, person, rounds=10):
    """The computation ``run_match`` did before: every component labelled."""
    labels = components(len(seed), ea, eb)
    affected = seed
    for _ in range(rounds):
        grown = np.isin(labels, np.unique(labels[affected]))
        persons = np.unique(person[grown])
        grown |= np.isin(person, persons[persons > 0])
        if (grown == affected).all():
            return affected, True
        affected = grown
    return affected, False


def _random_graph(rng, n, n_edges):
    a = rng.integers(0, n, n_edges)
    # short edges: small components, some of them chains
    b = np.clip(a + rng.integers(1, 4, n_edges), 0, n - 1)
    keep = a != b
    # old persons of a few neighbouring mentions, a tenth of them one far away
    # (a person the new edges split); 0 = no person yet
    person = np.where(rng.random(n) < 0.6, np.arange(n) // 4 + 1, 0)
    far = rng.random(n) < 0.02
    person[far] = rng.integers(1, n // 4, far.sum())
    return a[keep], b[keep], person


@pytest.mark.parametrize("seed_share", [0.0005, 0.01, 0.2])
def test_closure_and_labels_equal_the_global_labelling(seed_share):
    rng = np.random.default_rng(5)
    n = 20_000
    ea, eb, person = _random_graph(rng, n, 9_000)
    seed = rng.random(n) < seed_share
    got, closed = affected_closure(seed, ea, eb, person)
    want, want_closed = _closure_from_global_labels(seed, ea, eb, person)
    assert closed and want_closed
    assert np.array_equal(got, want)
    assert got.sum() > seed.sum()  # the closure did grow
    nodes = np.flatnonzero(got)
    mine = component_labels(nodes, ea, eb)
    theirs = components(n, ea, eb)[nodes]
    # the same partition of the nodes, labelled by the smallest member
    assert len(np.unique(mine)) == len(np.unique(theirs))
    assert len(np.unique(mine * (theirs.max() + 1) + theirs)) == len(np.unique(mine))
    for label in np.unique(mine)[:200].tolist():
        assert nodes[mine == label].min() == label


def test_a_long_chain_is_closed_and_labelled_as_one():
    n = 5_000
    ea, eb = np.arange(n - 1), np.arange(1, n)
    order = np.random.default_rng(1).permutation(n - 1)  # edges in no particular order
    ea, eb = ea[order], eb[order]
    seed = np.zeros(n, bool)
    seed[2_500] = True
    grown = component_closure(seed, ea, eb)
    assert grown.all()
    assert (component_labels(np.arange(n), ea, eb) == 0).all()


def test_rounds_running_out_are_reported():
    # persons chaining components: each round adds one more component
    n = 40
    ea, eb = np.arange(0, n, 2), np.arange(1, n, 2)  # components {0,1}, {2,3}, ...
    person = np.zeros(n, np.int64)
    person[1:n - 1:2] = np.arange(1, n // 2)  # 1 and 2 share person 1, 3 and 4 person 2, ...
    person[2:n:2] = np.arange(1, n // 2)
    seed = np.zeros(n, bool)
    seed[0] = True
    got, closed = affected_closure(seed, ea, eb, person, rounds=3)
    want, want_closed = _closure_from_global_labels(seed, ea, eb, person, rounds=3)
    assert not closed and not want_closed
    assert np.array_equal(got, want)
    full, closed = affected_closure(seed, ea, eb, person, rounds=100)
    assert closed and full.all()


def test_no_edges_and_no_nodes():
    seed = np.array([False, True, False])
    empty = np.zeros(0, np.int64)
    got, closed = affected_closure(seed, empty, empty, np.zeros(3, np.int64))
    assert closed and got.tolist() == [False, True, False]
    assert component_labels(empty, empty, empty).tolist() == []
    assert component_labels(np.array([1]), empty, empty).tolist() == [1]


@pytest.mark.parametrize("n_edges", [1, 50, 3_000])
def test_review_forest_in_python_equals_scipy_spanning_tree(monkeypatch, n_edges):
    from matching import review

    rng = np.random.default_rng(n_edges)
    lo = rng.integers(1, 400, n_edges)
    hi = lo + rng.integers(1, 300, n_edges)
    key = lo * 1_000 + hi
    _, first = np.unique(key, return_index=True)  # one edge per pair of persons, as planned
    lo, hi, key = lo[first], hi[first], key[first]
    score = np.round(rng.normal(0, 3, len(lo)), 1)  # ties, broken by key
    small = review._outside_forest(lo, hi, score, key)
    monkeypatch.setattr(review, "_PYTHON_FOREST_MAX", 0)
    large = review._outside_forest(lo, hi, score, key)
    assert np.array_equal(small, large)
    if n_edges > 1000:
        assert 0 < small.sum() < len(lo)  # some edges close cycles, most do not
