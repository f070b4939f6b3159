"""Reviewer accounts: volunteers and admins who decide the review queue.

Passwords are stored as ``pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`` with a
random per-account salt: the same format as datasette-auth-passwords, so a hash
made by its password tool can be pasted into ``reviewers.password_hash`` and a
hash made here works there. Verification compares in constant time and costs
the same whether or not the name exists, so timing reveals no account names.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

ALGORITHM = "pbkdf2_sha256"
#: OWASP's 2023 figure for PBKDF2-SHA256; ~0.3 s per check on a small server,
#: which also slows any password guessing that gets past the rate limit.
DEFAULT_ITERATIONS = 480_000
ROLES = ("volunteer", "admin")
NAME_RE = re.compile(r"^[\w.\-@]{2,64}$")
MIN_PASSWORD_LENGTH = 8

# Hash of a random password, checked when the name is unknown so that a wrong
# name takes as long as a wrong password.
_DUMMY_HASH: str | None = None


class ReviewerError(ValueError):
    """A reviewer account could not be created or changed; the message says why."""


@dataclass(frozen=True)
class Reviewer:
    id: int
    name: str
    role: str
    disabled: bool

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def hash_password(password: str, *, salt: str | None = None, iterations: int = DEFAULT_ITERATIONS) -> str:
    salt = salt or secrets.token_hex(16)
    if "$" in salt:
        raise ValueError("salt must not contain '$'")
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("utf-8"), iterations)
    return f"{ALGORITHM}${iterations}${salt}${base64.b64encode(digest).decode('ascii')}"


def verify_password(password: str, password_hash: str | None) -> bool:
    parts = (password_hash or "").strip().split("$")
    if len(parts) != 4 or parts[0] != ALGORITHM or not parts[1].isdigit():
        return False
    _, iterations, salt, _ = parts
    candidate = hash_password(password, salt=salt, iterations=int(iterations))
    return secrets.compare_digest(candidate.encode("ascii"), password_hash.strip().encode("ascii"))


def generate_password() -> str:
    """A password to hand to a volunteer: 16 URL-safe characters (~96 bits)."""
    return secrets.token_urlsafe(12)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _row_to_reviewer(row: tuple) -> Reviewer:
    return Reviewer(id=row[0], name=row[1], role=row[2], disabled=bool(row[3]))


def add_reviewer(
    conn: sqlite3.Connection,
    name: str,
    password: str,
    *,
    role: str = "volunteer",
    iterations: int = DEFAULT_ITERATIONS,
) -> Reviewer:
    name = name.strip()
    if not NAME_RE.match(name):
        raise ReviewerError(
            f"invalid reviewer name {name!r}: use 2-64 letters, digits, '.', '-', '_' or '@'"
        )
    if role not in ROLES:
        raise ReviewerError(f"invalid role {role!r}: one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ReviewerError(f"password too short: at least {MIN_PASSWORD_LENGTH} characters")
    try:
        cursor = conn.execute(
            "INSERT INTO reviewers (name, password_hash, role, created_at, disabled) VALUES (?, ?, ?, ?, 0)",
            (name, hash_password(password, iterations=iterations), role, _now()),
        )
    except sqlite3.IntegrityError as exc:
        raise ReviewerError(f"reviewer {name!r} already exists") from exc
    return Reviewer(id=cursor.lastrowid, name=name, role=role, disabled=False)


def get_reviewer(conn: sqlite3.Connection, reviewer_id: int) -> Reviewer | None:
    row = conn.execute(
        "SELECT id, name, role, disabled FROM reviewers WHERE id = ?", (reviewer_id,)
    ).fetchone()
    return _row_to_reviewer(row) if row else None


def find_reviewer(conn: sqlite3.Connection, name: str) -> Reviewer | None:
    row = conn.execute(
        "SELECT id, name, role, disabled FROM reviewers WHERE name = ?", (name.strip(),)
    ).fetchone()
    return _row_to_reviewer(row) if row else None


def list_reviewers(conn: sqlite3.Connection) -> list[Reviewer]:
    rows = conn.execute("SELECT id, name, role, disabled FROM reviewers ORDER BY name")
    return [_row_to_reviewer(row) for row in rows]


def set_disabled(conn: sqlite3.Connection, name: str, disabled: bool = True) -> Reviewer:
    reviewer = find_reviewer(conn, name)
    if reviewer is None:
        raise ReviewerError(f"no reviewer named {name!r}")
    conn.execute("UPDATE reviewers SET disabled = ? WHERE id = ?", (int(disabled), reviewer.id))
    # Whatever the account still holds goes back to the queue for others.
    conn.execute(
        "UPDATE review_items SET leased_by = NULL, lease_until = NULL WHERE leased_by = ?", (reviewer.id,)
    )
    return Reviewer(reviewer.id, reviewer.name, reviewer.role, disabled)


def set_password(
    conn: sqlite3.Connection, name: str, password: str, *, iterations: int = DEFAULT_ITERATIONS
) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ReviewerError(f"password too short: at least {MIN_PASSWORD_LENGTH} characters")
    reviewer = find_reviewer(conn, name)
    if reviewer is None:
        raise ReviewerError(f"no reviewer named {name!r}")
    conn.execute(
        "UPDATE reviewers SET password_hash = ? WHERE id = ?",
        (hash_password(password, iterations=iterations), reviewer.id),
    )


def authenticate(conn: sqlite3.Connection, name: str, password: str) -> Reviewer | None:
    """The enabled reviewer with this name and password, else None (same cost either way)."""
    global _DUMMY_HASH
    row = conn.execute(
        "SELECT id, name, role, disabled, password_hash FROM reviewers WHERE name = ?", (name.strip(),)
    ).fetchone()
    if row is None:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hash_password(secrets.token_hex(16))
        verify_password(password, _DUMMY_HASH)
        return None
    if not verify_password(password, row[4]) or row[3]:
        return None
    return _row_to_reviewer(row[:4])
