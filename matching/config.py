"""Weights and thresholds of the matcher (documented in docs/matching.md).

Scores are Fellegi-Sunter log2 likelihood ratios: each compared field adds
log2(m/u) when it agrees and log2((1-m)/(1-u)) when it disagrees, where m is
the chance of that outcome for two mentions of one person and u for two
different persons. Name agreement uses the name's own frequency as u (a
term-frequency adjustment: "Иванов" says less than "Дугаржапов"). The sum plus
the prior log2(1/N) is the posterior log-odds that the pair is one person.

Defaults below were set from the benchmark; ``nekrolog calibrate`` moves the
thresholds to what the volunteers' decisions support, stored in ``match_config``.
"""

from __future__ import annotations

import json
import sqlite3
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path


def _default_name_prior() -> dict[str, list[float]]:
    """log2 odds that two mentions sharing a name are one person, by which parts
    agree and by how many mentions share that key (index k: 2^k mentions; past
    the end, ``name_count_slope`` bits per doubling). Estimated without labels
    from the data (``nekrolog calibrate``): among such pairs with exact death days
    on both sides, the share whose death days agree is the share that are one
    person. The defaults are that estimate on the 100k benchmark (seed 7), where
    it agrees with the true share within 0.3 bits."""
    return {
        "name_patr_region": [5.5, 3.5, 0.0, -2.7, -4.5, -5.6],
        "name_patr": [3.0, 1.2, -1.6, -4.0, -5.3, -6.0],
        "name_region": [4.5, 2.6, -0.8, -3.7, -5.0, -6.0, -7.0, -8.7],
        "name": [1.5, -0.1, -2.8, -5.0, -6.3, -7.1, -8.0, -9.3, -10.3],
        # one part one edit away (a typo, Jaro-Winkler >= name_close) or merely
        # near (>= name_near), by the count of the commoner spelling of the name
        "typo": [0.5, 0.8, -1.5, -2.8, -4.0, -5.0, -6.1, -7.1, -7.8],
        "near": [-1.9, -2.5, -3.0, -3.2, -4.1, -5.0, -6.0, -6.7, -7.3],
    }


def _default_weights() -> dict[str, float]:
    return {
        # log2 prior odds for two mentions sharing a name, and the bits each
        # doubling of the number of mentions sharing it costs (learned on the benchmark)
        "prior": 1.0, "name_count_slope": 1.0,
        # name parts: exact agreement is log2(m / frequency), clipped to these bounds
        "surname_exact_min": 3.0, "surname_exact_max": 16.0,
        # added to name_prior["typo"] / ["near"] (Jaro-Winkler >= name_close / name_near)
        "surname_close": 0.0,
        "surname_near": 0.0,
        # a differing surname / first name: on the 300k benchmark the pairs that reach
        # scoring (found by a shared date, region or the other name part) with one part
        # differing were one man 2-3 bits less often than -11 / -10 said
        "surname_differ": -13.0,
        "first_exact_min": 2.0, "first_exact_max": 11.0,
        "first_close": 2.0,
        "first_differ": -12.0,
        "patronymic_exact_min": 2.0, "patronymic_exact_max": 9.0,
        "patronymic_close": 1.0,
        "patronymic_differ": -8.0,
        # the same patronymic beside a typo or near spelling of the name (with equal names
        # it is part of the name key: name_prior["name_patr…"])
        "patronymic_typo_agree": 2.5,
        # birth: exact day, same year, year compatible with a stated age
        "birth_day_agree": 11.0, "birth_day_differ": -8.0,
        "birth_year_agree": 5.0, "birth_year_near": -1.0, "birth_year_differ": -9.0,
        "age_agree": 4.0,
        # death and funeral
        "death_day_agree": 10.0, "death_partial_agree": 6.0, "death_close": 3.0,
        "death_differ": -7.0, "death_far": -9.0,
        "funeral_day_agree": 9.0, "funeral_close": 4.0, "funeral_far": -6.0,
        "death_funeral_agree": 5.0, "death_funeral_late": 0.0, "death_funeral_differ": -8.0,
        # report dates (when no death/funeral date is compared): within a week, a
        # month, two months; 2 months to 2 years apart, further
        "reported_week": 5.0, "reported_close": 4.0, "reported_late": 1.5,
        "reported_months": -2.5, "reported_far": -4.0,
        # place and unit
        "region_agree_max": 3.0, "region_differ": -4.0,
        "settlement_agree": 4.0, "settlement_differ": -2.0,
        "unit_agree": 6.0, "unit_differ": -2.0,
        # service category: one of seven, the commonest a quarter of the dead; a few
        # per cent of one man's reports name another (a volunteer called a contract soldier)
        "category_agree": 2.0, "category_differ": -3.0,
    }


@dataclass
class MatchConfig:
    weights: dict[str, float] = field(default_factory=_default_weights)
    #: term-frequency table of shared names (see ``_default_name_prior``)
    name_prior: dict[str, list[float]] = field(default_factory=_default_name_prior)
    #: posterior log-odds at or above which a pair is merged automatically
    match_threshold: float = 7.0
    #: below this a pair is a non-match; between the two it is uncertain
    nonmatch_threshold: float = -0.5
    #: added to ``nonmatch_threshold`` by how many mentions share the pair's name
    #: (index k: 2^k mentions, the last entry for every larger k), so that the review
    #: queue can hold the pairs most likely to join where that differs by the name's
    #: frequency. One edge by default: on the benchmark the gain was within the noise
    #: and reversed with another name stock (docs/matching.md, "Fifth pass").
    nonmatch_offsets: list[float] = field(default_factory=lambda: [0.0])
    #: Jaro-Winkler levels for name parts
    name_close: float = 0.93
    name_near: float = 0.85
    #: a spelling seen this often is a name of its own, not a typo of a neighbour
    typo_max_count: int = 6
    #: ... unless it is this many times rarer than its neighbour (a frequent typo)
    typo_ratio: float = 0.05
    #: death dates further apart than this (days) are two deaths
    death_far_days: int = 60
    #: a block larger than this is cut to a sorted neighbourhood (logged)
    block_cap: int = 1500
    #: window of that neighbourhood, and of the global sorted-neighbourhood pass
    window: int = 6

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_mapping(cls, data: dict) -> MatchConfig:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown matching settings: {sorted(unknown)}")
        cfg = cls()
        for key, value in data.items():
            if key == "weights":
                bad = set(value) - set(cfg.weights)
                if bad:
                    raise ValueError(f"unknown matching weights: {sorted(bad)}")
                cfg.weights.update({k: float(v) for k, v in value.items()})
            elif key == "name_prior":
                bad = set(value) - set(cfg.name_prior)
                if bad:
                    raise ValueError(f"unknown name_prior keys: {sorted(bad)}")
                for kind, table in value.items():
                    if not table or any(not isinstance(x, int | float) for x in table):
                        raise ValueError(f"name_prior.{kind} must be a non-empty list of numbers")
                    cfg.name_prior[kind] = [float(x) for x in table]
            elif key == "nonmatch_offsets":
                if not isinstance(value, list) or any(not isinstance(x, int | float) for x in value):
                    raise ValueError("nonmatch_offsets must be a list of numbers")
                cfg.nonmatch_offsets = [float(x) for x in value]
            else:
                setattr(cfg, key, type(getattr(cfg, key))(value))
        return cfg


def load_config(conn: sqlite3.Connection, path: str | Path | None = None) -> MatchConfig:
    """Defaults, then what ``nekrolog calibrate`` stored, then a TOML file if given."""
    data: dict = {}
    row = conn.execute("SELECT value FROM match_config WHERE key = 'settings'").fetchone()
    if row:
        data.update(json.loads(row[0]))
    if path is not None:
        try:
            with open(path, "rb") as fh:
                file_data = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(f"{path}: cannot read matching settings: {exc}") from exc
        weights = {**data.get("weights", {}), **file_data.pop("weights", {})}
        data.update(file_data)
        if weights:
            data["weights"] = weights
    try:
        return MatchConfig.from_mapping(data)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{path or 'match_config'}: {exc}") from exc


def save_thresholds(conn: sqlite3.Connection, match_threshold: float, nonmatch_threshold: float, now: str) -> None:
    row = conn.execute("SELECT value FROM match_config WHERE key = 'settings'").fetchone()
    data = json.loads(row[0]) if row else {}
    data["match_threshold"] = match_threshold
    data["nonmatch_threshold"] = nonmatch_threshold
    conn.execute(
        "INSERT INTO match_config (key, value, updated_at) VALUES ('settings', ?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        (json.dumps(data, sort_keys=True), now),
    )


def save_name_prior(conn: sqlite3.Connection, name_prior: dict[str, list[float]], now: str) -> None:
    """Store a term-frequency table estimated by ``estimate_name_prior``."""
    row = conn.execute("SELECT value FROM match_config WHERE key = 'settings'").fetchone()
    data = json.loads(row[0]) if row else {}
    data["name_prior"] = name_prior
    conn.execute(
        "INSERT INTO match_config (key, value, updated_at) VALUES ('settings', ?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        (json.dumps(data, sort_keys=True), now),
    )
