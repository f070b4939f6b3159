"""The extractor's output: one ``Extraction`` per text, one ``ExtractedMention`` per named dead person."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from db.store import MENTION_FIELDS


@dataclass
class ExtractedMention:
    full_name: str | None = None
    surname: str | None = None
    first_name: str | None = None
    patronymic: str | None = None
    birth_date: str | None = None
    age: int | None = None
    death_date: str | None = None
    funeral_date: str | None = None
    reported_date: str | None = None
    region: str | None = None
    region_name: str | None = None
    region_raw: str | None = None
    settlement: str | None = None
    unit: str | None = None
    rank: str | None = None
    category: str | None = None
    category_raw: str | None = None
    #: field -> {"start", "end", "text"}: offsets into the text as given, so a
    #: reviewer can see the words each value was read from.
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_record(self) -> dict[str, Any]:
        """What ``db.store.save_mentions`` takes: the mention columns plus evidence."""
        data = asdict(self)
        record = {name: data[name] for name in MENTION_FIELDS}
        record["evidence"] = data["evidence"]
        return record


@dataclass
class Extraction:
    relevant: bool
    reason: str | None = None
    unnamed: int = 0
    mentions: list[ExtractedMention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "relevant": self.relevant,
            "reason": self.reason,
            "unnamed": self.unnamed,
            "mentions": [m.to_dict() for m in self.mentions],
        }
