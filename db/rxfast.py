"""Faster scanning for the same regular expressions: ``first_char_scan(rx)``.

Python's ``re`` skips ahead in C to positions where a match can start only
when the pattern's first operation is a literal or a character class (the
"charset prefix" of its INFO block). Our patterns mostly open with a
lookbehind (``(?<![а-яё])``, ``(?<![\\w-])``) or an alternation of words, so
``search``/``finditer`` start the whole matcher at every position of the
text: 50–250 µs a pattern on a 1,500-character notice.

``first_char_scan`` rewrites the parsed pattern so that it opens with the set
of characters a match can start with, and is otherwise the same pattern:

* a leading lookbehind ``(?<!B)X…`` becomes ``X(?<!BX)…`` (checked one
  character later, against the same characters);
* an alternation ``(?:ab…|cd…)`` becomes ``[ac](?:(?<=a)b…|(?<=c)d…)`` — the
  alternatives are tried in the same order, each after re-checking its own
  first character;
* ``\\d{2}`` becomes ``\\d\\d{1}``, ``(?:X…)`` is entered, a capturing group is
  entered only when its start does not move.

The matches (spans, groups, ``lastgroup``) are identical; whatever the rewrite
does not understand is returned unchanged. ``tests/test_rxfast.py`` checks the
round trip and the equivalence on the gold texts.
"""

from __future__ import annotations

import _sre  # the compiler's back end: a rewritten tree is compiled without re-parsing its text
import re
import sys
from functools import cache
from re import _casefix as _CF  # noqa: PLC2701 - the case-fold table the re compiler itself uses
from re import _compiler as C  # noqa: PLC2701
from re import _constants as K  # noqa: PLC2701
from re import _parser as P  # noqa: PLC2701

# Plain ints: RegexFlag arithmetic goes through enum and costs ~5 µs an operation at import.
_I, _M, _S, _X, _A, _L, _DEBUG = (int(f) for f in (re.I, re.M, re.S, re.X, re.A, re.L, re.DEBUG))

__all__ = ["ACCELERATED", "accelerate", "first_char_scan", "unparse", "word_start_scan"]

_CATS = {
    K.CATEGORY_DIGIT: r"\d", K.CATEGORY_NOT_DIGIT: r"\D", K.CATEGORY_SPACE: r"\s", K.CATEGORY_NOT_SPACE: r"\S",
    K.CATEGORY_WORD: r"\w", K.CATEGORY_NOT_WORD: r"\W",
}
_ATS = {
    K.AT_BEGINNING: "^", K.AT_BEGINNING_STRING: r"\A", K.AT_END: "$", K.AT_END_STRING: r"\Z",
    K.AT_BOUNDARY: r"\b", K.AT_NON_BOUNDARY: r"\B",
}
_FLAG_LETTERS = ((_I, "i"), (_M, "m"), (_S, "s"), (_X, "x"), (_A, "a"))


class _Unsupported(Exception):
    pass


def _char(c: int) -> str:
    ch = chr(c)
    if ch.isalnum() and ch.isprintable():
        return ch
    return f"\\x{c:02x}" if c < 256 else f"\\u{c:04x}" if c < 0x10000 else f"\\U{c:08x}"


def _class(items) -> str:
    out = []
    for op, av in items:
        if op is K.NEGATE:
            out.insert(0, "^")
        elif op is K.LITERAL:
            out.append(_char(av))
        elif op is K.RANGE:
            out.append(_char(av[0]) + "-" + _char(av[1]))
        elif op is K.CATEGORY:
            out.append(_CATS[av])
        else:
            raise _Unsupported(op)
    return "[" + "".join(out) + "]"


def _flags(add: int, delete: int) -> str:
    plus = "".join(letter for f, letter in _FLAG_LETTERS if add & f)
    minus = "".join(letter for f, letter in _FLAG_LETTERS if delete & f)
    return plus + ("-" + minus if minus else "")


def unparse(seq, names: dict[int, str]) -> str:
    """Pattern text for a parsed pattern (``re._parser`` tree)."""
    out = []
    for op, av in seq:
        if op is K.LITERAL:
            out.append(_char(av))
        elif op is K.NOT_LITERAL:
            out.append("[^" + _char(av) + "]")
        elif op is K.ANY:
            out.append(".")
        elif op is K.IN:
            out.append(_class(av))
        elif op is K.AT:
            out.append(_ATS[av])
        elif op is K.BRANCH:
            out.append("(?:" + "|".join(unparse(a, names) for a in av[1]) + ")")
        elif op is K.SUBPATTERN:
            group, add, delete, p = av
            inner = unparse(p, names)
            if group is None:
                out.append("(?" + _flags(add, delete) + ":" + inner + ")")
            else:
                if add or delete:
                    inner = "(?" + _flags(add, delete) + ":" + inner + ")"
                out.append(("(?P<" + names[group] + ">" if group in names else "(") + inner + ")")
        elif op in (K.MAX_REPEAT, K.MIN_REPEAT):
            lo, hi, p = av
            q = "{" + str(lo) + "," + ("" if hi is K.MAXREPEAT else str(hi)) + "}"
            out.append("(?:" + unparse(p, names) + ")" + q + ("?" if op is K.MIN_REPEAT else ""))
        elif op in (K.ASSERT, K.ASSERT_NOT):
            direction, p = av
            head = ("(?<" if direction < 0 else "(?") + ("=" if op is K.ASSERT else "!")
            out.append(head + unparse(p, names) + ")")
        else:
            raise _Unsupported(op)
    return "".join(out)


# --------------------------------------------------------------------------- the rewrite

_SINGLE = (K.LITERAL, K.IN, K.NOT_LITERAL, K.ANY)


def _case_variants(c: int) -> set[int]:
    ch = chr(c)
    out = {c}
    for x in (ch.lower(), ch.upper()):
        if len(x) == 1:
            out.add(ord(x))
    for x in list(out):
        out.update(_CF._EXTRA_CASES.get(x, ()))  # noqa: SLF001
    return out


def _first_set(atom, ignorecase: bool) -> list:
    """Class items covering every character ``atom`` can match (a superset under re.I)."""
    op, av = atom
    if op is K.LITERAL:
        return [(K.LITERAL, c) for c in sorted(_case_variants(av) if ignorecase else {av})]
    if op is K.IN:
        if any(o is K.NEGATE for o, _ in av):
            raise _Unsupported("negated class")
        items = []
        for o, a in av:
            if o is K.LITERAL:
                items += [(K.LITERAL, c) for c in sorted(_case_variants(a) if ignorecase else {a})]
            elif o is K.RANGE:
                if ignorecase:
                    if a[1] - a[0] > 400:
                        raise _Unsupported("wide range")
                    for c in range(a[0], a[1] + 1):
                        items += [(K.LITERAL, v) for v in sorted(_case_variants(c))]
                else:
                    items.append((o, a))
            elif o is K.CATEGORY:
                items.append((o, a))
            else:
                raise _Unsupported(o)
        return items
    raise _Unsupported(op)


def _peel(seq: list, flags: int) -> tuple[tuple, list, int]:
    """(first single-character atom, the sequence after it, flags in force at the atom).

    Leading zero-width lookbehinds are not allowed here (the caller takes them);
    non-capturing groups are entered and kept around the rest."""
    if not seq:
        raise _Unsupported("empty")
    op, av = seq[0]
    rest = list(seq[1:])
    if op in _SINGLE:
        return (op, av), rest, flags
    if op in (K.MAX_REPEAT, K.MIN_REPEAT):
        lo, hi, p = av
        if lo >= 1 and len(p) == 1 and p[0][0] in _SINGLE:
            nhi = hi if hi is K.MAXREPEAT else hi - 1
            tail = [(op, (lo - 1, nhi, p))] if nhi is K.MAXREPEAT or nhi > 0 else []
            return p[0], tail + rest, flags
        raise _Unsupported("repeat")
    if op is K.SUBPATTERN:
        group, add, delete, p = av
        if group is not None:
            raise _Unsupported("capturing group")
        inner_flags = (flags | add) & ~delete
        inner_lbs, inner_body = _lookbehinds(list(p))
        atom, inner_rest, at_flags = _peel(inner_body, inner_flags)
        inner_rest = _shift(inner_lbs, _in_flags([atom], at_flags, inner_flags), inner_flags) + inner_rest
        return atom, [(K.SUBPATTERN, (None, add, delete, inner_rest))] + rest, at_flags
    raise _Unsupported(op)


def _lookbehinds(seq: list) -> tuple[list, list]:
    i = 0
    while i < len(seq) and seq[i][0] in (K.ASSERT, K.ASSERT_NOT):
        i += 1  # lookbehinds, and lookaheads (shifted differently, see _shift)
    return list(seq[:i]), list(seq[i:])


def _shift(lbs: list, atom_seq: list, flags: int) -> list:
    """Zero-width checks made one character later. A lookbehind gets the consumed character
    appended; a lookahead ``(?!ab|cd)`` becomes ``(?!(?<=a)b|(?<=c)d)`` (its own first
    characters re-checked behind). ``flags``: those in force where the checks are written."""
    return [(op, (d, list(p) + atom_seq if d < 0 else _lookahead_later(p, flags))) for op, (d, p) in lbs]


def _lookahead_later(body, flags: int) -> list:
    if _has_groups(body):
        raise _Unsupported("group in a lookahead")
    alternatives = []
    for alt in _expand(list(body)):
        alt_lbs, alt_body, word = _head(alt)
        if alt_lbs or word:
            raise _Unsupported("zero-width check inside a leading lookahead")
        atom, rest, at_flags = _peel(alt_body, flags)
        alternatives.append([(K.ASSERT, (-1, _in_flags([atom], at_flags, flags)))] + rest)
    return alternatives[0] if len(alternatives) == 1 else [(K.BRANCH, (None, alternatives))]


def _scope(flags: int, ignorecase_atom: bool, seq: list) -> list:
    """``seq`` wrapped so that re.I is off (a charset prefix must be case-sensitive)."""
    if ignorecase_atom and flags & _I:
        return [(K.SUBPATTERN, (None, 0, _I, seq))]
    return seq


def _in_flags(seq: list, inner: int, outer: int) -> list:
    """``seq`` as written under ``inner`` flags, placed where ``outer`` flags are in force."""
    inner, outer = inner & _SCOPED, outer & _SCOPED
    if inner == outer:
        return seq
    return [(K.SUBPATTERN, (None, inner & ~outer, outer & ~inner, seq))]


_SCOPED = _I | _M | _S


def _word_chars_only(items: list) -> bool:
    for op, av in items:
        if op is K.LITERAL and not re.fullmatch(r"\w", chr(av)):
            return False
        if op is K.RANGE and not all(re.fullmatch(r"\w", chr(c)) for c in range(av[0], av[1] + 1)):
            return False
        if op is K.CATEGORY and av not in (K.CATEGORY_WORD, K.CATEGORY_DIGIT):
            return False
    return True


_NOT_AFTER_WORD = (K.ASSERT_NOT, (-1, [(K.IN, [(K.CATEGORY, K.CATEGORY_WORD)])]))


def _rewrite(seq: list, flags: int) -> list:
    lbs, body, word = _head(seq)
    if word:
        # «\b» before a word character is «no word character before it»: checked here.
        out = _rewrite(lbs + body, flags)
        if not _word_chars_only(_opening_class(out)):
            raise _Unsupported("\\b before a non-word character")
        return out
    if not body:
        raise _Unsupported("empty body")
    op, av = body[0]
    if op is K.SUBPATTERN and av[0] is not None:
        # A capturing group: rewrite inside it (its start does not move), carrying the lookbehinds in.
        group, add, delete, p = av
        inner = _rewrite(lbs + list(p), (flags | add) & ~delete)
        return [(K.SUBPATTERN, (group, add, delete, inner))] + body[1:]
    if op is K.SUBPATTERN and len(av[3]) == 1 and av[3][0][0] is K.BRANCH:
        # A non-capturing group holding an alternation: its flags apply to the alternation.
        group, add, delete, p = av
        return _rewrite_branch(lbs, p[0], (flags | add) & ~delete, flags, wrap=(add, delete)) + body[1:]
    if op is K.BRANCH:
        return _rewrite_branch(lbs, body[0], flags, flags, wrap=None) + body[1:]
    if op in (K.MAX_REPEAT, K.MIN_REPEAT) and av[0] == 0:
        alternatives = _expand(body)  # «(?:гвардии\s+)?рядов…» is «гвардии\s+рядов…|рядов…»
        if len(alternatives) > 1:
            return _rewrite_branch(lbs, (K.BRANCH, (None, alternatives)), flags, flags, wrap=None)
    atom, rest, at_flags = _peel(body, flags)
    placed = _in_flags([atom], at_flags, flags)
    if at_flags & _I:
        # Case-insensitive first character: a case-sensitive class of its variants, then the
        # original atom re-checked as a lookbehind (exactly its own matching rule).
        first = [(K.IN, _first_set(atom, True))]
        return _scope(flags, True, first) + [(K.ASSERT, (-1, placed))] + _shift(lbs, placed, flags) + rest
    return placed + _shift(lbs, placed, flags) + rest


def _opening_class(seq: list) -> list:
    """Class items of the first character the rewritten ``seq`` consumes."""
    op, av = seq[0]
    if op is K.SUBPATTERN:
        return _opening_class(list(av[3]))
    if op is K.LITERAL:
        return [(op, av)]
    if op is K.IN:
        return list(av)
    if op is K.BRANCH:
        return [item for alt in av[1] for item in _opening_class(list(alt))]
    raise _Unsupported(op)


def _has_groups(seq) -> bool:
    for op, av in seq:
        if op is K.SUBPATTERN and (av[0] is not None or _has_groups(av[3])):
            return True
        if op is K.BRANCH and any(_has_groups(a) for a in av[1]):
            return True
        if op in (K.MAX_REPEAT, K.MIN_REPEAT) and _has_groups(av[2]):
            return True
        if op in (K.ASSERT, K.ASSERT_NOT) and _has_groups(av[1]):
            return True
    return False


_MAX_ALTERNATIVES = 400


def _expand(seq: list) -> list[list]:
    """``seq`` as alternatives tried in the same order: ``(?:A|B)C`` → ``AC``, ``BC``;
    ``x?C`` → ``xC``, ``C``. Only where nothing duplicated holds a capturing group."""
    if not seq:
        return [seq]
    op, av = seq[0]
    rest = list(seq[1:])
    if _has_groups(rest):
        return [seq]
    if op is K.BRANCH:
        return [e for a in av[1] for e in _expand(list(a) + rest)]
    if op is K.SUBPATTERN and av[0] is None:
        group, add, delete, p = av
        inner = _expand(list(p))
        if len(inner) == 1:
            return [seq]
        return [[(K.SUBPATTERN, (None, add, delete, q))] + rest for q in inner]
    if op in (K.MAX_REPEAT, K.MIN_REPEAT) and av[0] == 0 and av[1] == 1 and not _has_groups(av[2]):
        both = [_expand(list(av[2]) + rest), _expand(rest)]
        if op is K.MIN_REPEAT:
            both.reverse()
        return both[0] + both[1]
    if op in (K.ASSERT, K.ASSERT_NOT) and rest and not _has_groups(av[1]):
        # «(?<![а-яё])(?:по)?звонил»: a zero-width check before an optional part or an alternation is made
        # at the same position in every alternative («(?<!…)позвонил|(?<!…)звонил»). Without this, one such
        # alternative nested one group deep left the whole trigger pattern unaccelerated.
        inner = _expand(rest)
        if len(inner) > 1:
            return [[(op, av)] + e for e in inner]
    return [seq]


def _head(seq: list) -> tuple[list, list, bool]:
    """(leading lookbehinds, the rest, whether a leading «\b» was turned into one)."""
    lbs, body = _lookbehinds(seq)
    word = False
    if body and body[0] == (K.AT, K.AT_BOUNDARY):
        more, body = _lookbehinds(body[1:])
        lbs, word = lbs + [_NOT_AFTER_WORD] + more, True
    return lbs, body, word


def _rewrite_branch(lbs: list, branch, flags: int, outer: int, wrap) -> list:
    _, alts = branch[1]
    entries = []
    for alt in alts:
        head_lbs, head_body, head_word = _head(list(alt))
        for e in _expand(head_body):
            if len(entries) >= _MAX_ALTERNATIVES:
                raise _Unsupported("too many alternatives")
            alt_lbs, alt_body, word = _head(e)
            alt_lbs, word = head_lbs + alt_lbs, word or head_word
            if alt_body and alt_body[0][0] is K.AT:
                raise _Unsupported("anchor in an alternative")
            atom, rest, at_flags = _peel(alt_body, flags)
            if word and not _word_chars_only(_first_set(atom, bool(at_flags & _I))):
                raise _Unsupported("\\b before a non-word character")
            entries.append((atom, alt_lbs, rest, at_flags))
    dispatch = _literal_dispatch(lbs, entries, flags, outer)
    if dispatch is not None:
        return dispatch
    first_items: list = []
    new_alts = []
    for atom, alt_lbs, rest, at_flags in entries:
        first_items += _first_set(atom, bool(at_flags & _I))
        placed = _in_flags([atom], at_flags, flags)
        new_alts.append([(K.ASSERT, (-1, placed))] + _shift(alt_lbs, placed, flags) + rest)
    first = [(K.IN, first_items)]
    alternation = [(K.BRANCH, (None, new_alts))]
    if wrap is not None:
        alternation = [(K.SUBPATTERN, (None, wrap[0], wrap[1], alternation))]
    # Outer lookbehinds see the consumed character as one of the first set (closed under case).
    return _scope(outer, True, first) + _shift(lbs, first, outer) + alternation


_MAX_CLASS = 16


def _atom_chars(atom, ignorecase: bool) -> list[int] | None:
    """Every character ``atom`` can match (a superset under re.I), or None for a big class."""
    op, av = atom
    if op is K.LITERAL:
        codes = [av]
    elif op is K.IN:
        codes = []
        for o, a in av:
            if o is K.LITERAL:
                codes.append(a)
            elif o is K.RANGE and a[1] - a[0] < _MAX_CLASS:
                codes.extend(range(a[0], a[1] + 1))
            else:
                return None
    else:
        return None
    out: list[int] = []
    for c in codes:
        for v in (_exact_variants(c) if ignorecase else [c]):
            if v not in out:
                out.append(v)
    return out if len(out) <= _MAX_CLASS else None


_ALL_BMP = None


@cache
def _exact_variants(c: int) -> tuple[int, ...]:
    """Characters re.I matches to the literal ``c`` (scanned by re itself, so exactly its rule)."""
    global _ALL_BMP
    if _ALL_BMP is None:
        # Only cased characters (and the literal itself) can match a letter under re.I.
        _ALL_BMP = "".join(ch for ch in map(chr, range(0x10000)) if ch.lower() != ch or ch.upper() != ch)
    found = {ord(m.group()) for m in re.finditer(re.escape(chr(c)), _ALL_BMP, _I)}
    return tuple(sorted(found | {c}))


def _literal_dispatch(lbs: list, entries: list, flags: int, outer: int) -> list | None:
    """``(?:погиб…|похорон…|смерт…)`` → ``п(?:огиб…|охорон…)|с(?:мерт…)``, case-sensitively:
    a branch of literals is what lets re skip to the positions a match can start at."""
    by_char: dict[int, list] = {}
    for entry in entries:
        atom, _, _, at_flags = entry
        chars = _atom_chars(atom, bool(at_flags & _I))
        if chars is None:
            return None
        for ch in chars:
            by_char.setdefault(ch, []).append(entry)
    if len(by_char) > 200:
        return None
    scope = outer & ~_I
    groups = []
    for ch, group in by_char.items():
        lit = [(K.LITERAL, ch)]
        alternatives = []
        for atom, alt_lbs, rest, at_flags in group:
            placed = _in_flags([atom], at_flags, flags)
            exact = atom[0] is K.LITERAL and not at_flags & _I or atom[0] is K.IN and not at_flags & _I
            recheck = [] if exact else [(K.ASSERT, (-1, placed))]
            alternatives.append(recheck + _shift(alt_lbs, placed, flags) + rest)
        body = [(K.BRANCH, (None, alternatives))] if len(alternatives) > 1 else alternatives[0]
        shifted = [(op, (d, _in_flags(list(p), outer, scope) + lit if d < 0 else
                         _in_flags(_lookahead_later(p, outer), outer, scope))) for op, (d, p) in lbs]
        groups.append(lit + shifted + _in_flags(body, flags, scope))
    out = [(K.BRANCH, (None, groups))]
    return [(K.SUBPATTERN, (None, 0, _I, out))] if outer & _I else out


def _strip_names(seq):
    """``seq`` with every capturing group made non-capturing (for a scanner whose
    matches are then re-matched by the original pattern). A group that matches only the
    empty string (``()``, a placeholder for a group number) is dropped: it matches
    nothing, and left in place it keeps the rewrite from seeing the first character."""
    out = []
    for op, av in seq:
        if op is K.SUBPATTERN:
            if not av[3]:
                continue
            out.append((op, (None, av[1], av[2], _strip_names(av[3]))))
        elif op is K.BRANCH:
            out.append((op, (av[0], [_strip_names(a) for a in av[1]])))
        elif op in (K.MAX_REPEAT, K.MIN_REPEAT):
            out.append((op, (av[0], av[1], _strip_names(av[2]))))
        elif op in (K.ASSERT, K.ASSERT_NOT):
            out.append((op, (av[0], _strip_names(av[1]))))
        else:
            out.append((op, av))
    return out


class _Rescan:
    """A pattern whose matches start with a capturing group: a group-less rewrite finds
    where the matches are, and the original pattern, matched right there, gives
    the match object (groups, ``lastgroup``) it would have given."""

    def __init__(self, original: re.Pattern, scanner: re.Pattern) -> None:
        self._original = original
        self._scanner = scanner
        self.pattern, self.flags = original.pattern, original.flags
        self.groups, self.groupindex = original.groups, original.groupindex

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize):
        match = self._original.match
        for m in self._scanner.finditer(string, pos, endpos):
            yield match(string, m.start(), endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize):
        m = self._scanner.search(string, pos, endpos)
        return self._original.match(string, m.start(), endpos) if m else None

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list:
        return self._original.findall(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize):
        return self._original.match(string, pos, endpos)

    def __getattr__(self, name: str):
        return getattr(self._original, name)  # sub, split, scanner …: the original's own

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize):
        return self._original.fullmatch(string, pos, endpos)


def _subpattern(seq, state) -> P.SubPattern:
    """The rewritten tree as the compiler's own node objects (it asks them for their widths)."""
    out = []
    for op, av in seq:
        if op is K.SUBPATTERN:
            av = (av[0], av[1], av[2], _subpattern(av[3], state))
        elif op is K.BRANCH:
            av = (av[0], [_subpattern(a, state) for a in av[1]])
        elif op in (K.MAX_REPEAT, K.MIN_REPEAT):
            av = (av[0], av[1], _subpattern(av[2], state))
        elif op in (K.ASSERT, K.ASSERT_NOT):
            av = (av[0], _subpattern(av[1], state))
        elif op not in (K.LITERAL, K.NOT_LITERAL, K.ANY, K.IN, K.AT):
            raise _Unsupported(op)
        out.append((op, av))
    return P.SubPattern(state, out)


_KNOWN = frozenset((K.LITERAL, K.NOT_LITERAL, K.ANY, K.IN, K.AT, K.SUBPATTERN, K.BRANCH, K.MAX_REPEAT,
                    K.MIN_REPEAT, K.ASSERT, K.ASSERT_NOT))


def _check(seq) -> None:
    for op, av in seq:
        if op not in _KNOWN:
            raise _Unsupported(op)
        if op is K.SUBPATTERN:
            _check(av[3])
        elif op is K.BRANCH:
            for a in av[1]:
                _check(a)
        elif op in (K.MAX_REPEAT, K.MIN_REPEAT):
            _check(av[2])
        elif op in (K.ASSERT, K.ASSERT_NOT):
            _check(av[1])


def _compile(seq, state, pattern: str, flags: int) -> re.Pattern:
    """Compile a tree straight to a pattern object (what ``re.compile`` does after parsing
    its text, so the rewrite is not parsed again: half the import cost). ``pattern`` is
    the original's text, which is what ``.pattern`` shows."""
    code = C._code(_subpattern(seq, state), flags)  # noqa: SLF001
    indexgroup = [None] * state.groups
    for name, i in state.groupdict.items():
        indexgroup[i] = name
    return _sre.compile(pattern, flags, code, state.groups - 1, state.groupdict, tuple(indexgroup))


def first_char_scan(rx: re.Pattern):
    """The same pattern, rewritten to open with the characters a match can start with
    (see the module docstring); ``rx`` itself when it cannot be rewritten. The result's
    ``.pattern`` is the original text."""
    if not isinstance(rx.pattern, str) or rx.flags & (_X | _L | _DEBUG):
        return rx
    try:
        parsed = P.parse(rx.pattern, rx.flags)
        _check(parsed)  # raises on what the rewrite does not know
        if C._get_literal_prefix(parsed, rx.flags)[0] or C._get_charset_prefix(parsed, rx.flags):  # noqa: SLF001
            return rx  # re already skips ahead for it
    except (_Unsupported, re.error, RecursionError):
        return rx
    try:
        out = _compile(_rewrite(list(parsed), parsed.state.flags), parsed.state, rx.pattern, rx.flags)
        if out.groups == rx.groups and out.groupindex == rx.groupindex:
            return out
    except (_Unsupported, re.error, RecursionError):
        pass
    if rx.match("") is not None:
        return rx  # an empty match would make the scanner and the pattern step differently
    try:
        state = P.State()
        state.flags = parsed.state.flags
        scanner = _compile(_rewrite(_strip_names(list(parsed)), parsed.state.flags), state, rx.pattern, rx.flags)
    except (_Unsupported, re.error, RecursionError):
        return rx
    return _Rescan(rx, scanner)


class _WordStart:
    """A pattern that opens with a one-character negative lookbehind (``(?<![а-яёa-z])…``),
    scanned for from the character that must stand *before* a match (a space, a
    punctuation mark: one position a word) instead of the characters a match may
    start with. Faster for a big alternation of words whose first letters are most
    of the alphabet; slower for the others, so it is chosen per pattern
    (``WORD_START_SCANNED``). The scanner finds such a character followed by a match
    (a lookahead, so the lookbehinds inside still see the real text); the original,
    matched right after it, gives the match object."""

    def __init__(self, original: re.Pattern, scanner: re.Pattern) -> None:
        self._original = original
        self._scanner = scanner
        self.pattern, self.flags = original.pattern, original.flags
        self.groups, self.groupindex = original.groups, original.groupindex

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize):
        if pos <= 0:
            m = self._original.match(string, 0, endpos)  # nothing stands before the first character
            if m is not None:
                return m
            pos = 1
        m = self._scanner.search(string, pos - 1, endpos)
        return self._original.match(string, m.start() + 1, endpos) if m else None

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize):
        m = self.search(string, pos, endpos)
        while m is not None:  # never empty (checked when built), so the next search starts after it
            yield m
            m = self.search(string, m.end(), endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list:
        return self._original.findall(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize):
        return self._original.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize):
        return self._original.fullmatch(string, pos, endpos)

    def __getattr__(self, name: str):
        return getattr(self._original, name)  # sub, split, scanner …: the original's own


def word_start_scan(rx: re.Pattern):
    """``rx`` as a ``_WordStart`` when it opens with ``(?<![…])`` of one character and
    cannot match the empty string; ``first_char_scan(rx)`` otherwise."""
    if not isinstance(rx.pattern, str) or rx.flags & (_X | _L | _DEBUG) or rx.match("") is not None:
        return first_char_scan(rx)
    try:
        parsed = P.parse(rx.pattern, rx.flags)
        _check(parsed)
        seq = list(parsed)
        op, av = seq[0]
        body = list(av[1]) if op is K.ASSERT_NOT and av[0] == -1 else []
        if len(body) != 1 or body[0][0] is not K.IN or any(o is K.NEGATE for o, _ in body[0][1]):
            return first_char_scan(rx)
        rest = _rewrite(_strip_names(seq[1:]), parsed.state.flags)
        state = P.State()
        state.flags = parsed.state.flags
        before = [(K.IN, [(K.NEGATE, None), *body[0][1]])]  # a character the lookbehind lets stand before
        scanner = _compile(before + [(K.ASSERT, (1, rest))], state, rx.pattern, rx.flags)
    except (_Unsupported, re.error, RecursionError):
        return first_char_scan(rx)
    return _WordStart(rx, scanner)


#: Patterns scanned from the character before a match (``_WordStart``): measured faster that
#: way on the calls the extractor makes (bench/extraction.py's texts): the trigger words, the
#: «unrelated» story, the month names; the age told with «было», the lower-case family row, the
#: military and old-war words, the ordinal days (measured in session 6: their first-character
#: rewrite was as slow as, or slower than, the pattern as written). (A name that no longer exists
#: is simply not found.)
WORD_START_SCANNED = frozenset({
    "scrapers.extract.core._TRIGGERS", "scrapers.extract.relevance._SENTENCE_NEGATIVE[2]",
    "scrapers.extract.dates._MONTH_ONLY", "scrapers.extract.fields._AGE_WAS",
    "scrapers.extract.names._LOWER_SHARED_SURNAME", "scrapers.extract.relevance._MILITARY",
    "scrapers.extract.relevance._WW2", "scrapers.extract.dates._WORD_DAY",
    # session 8 (replaying the calls the extractor makes on generated notices, same minute): the death words a
    # sentence is judged by (92 -> 47 µs a text), the first sentence-level negative (30 -> 24 µs)
    "scrapers.extract.relevance._DEATH_SENT", "scrapers.extract.relevance._SENTENCE_NEGATIVE[0]",
})
#: Patterns whose first-character rewrite measured slower than the pattern as written
#: (the first is searched for in a 13-character slice, where the rewrite's set-up costs more; the
#: confirmed-death words open with letters that stand at most positions of a text).
KEEP_AS_WRITTEN = frozenset({"scrapers.extract.textnorm._NO_END_BEFORE", "scrapers.extract.relevance._CONFIRMED_DEATH"})

#: (where, original, rewritten) for every pattern ``accelerate`` replaced: what the tests compare.
ACCELERATED: list[tuple[str, re.Pattern, object]] = []


def accelerate(namespace: dict) -> int:
    """Replace every compiled pattern in a module's ``globals()`` by ``first_char_scan`` of it.

    Called at the end of a module, so every pattern defined above is covered; a
    dict keyed by ``id(pattern)`` is re-keyed to the new objects. Returns how
    many were replaced."""
    where = namespace.get("__name__", "?")
    new_id: dict[int, int] = {}

    def fast_of(label: str, value: re.Pattern):
        if label in KEEP_AS_WRITTEN:
            return value
        fast = word_start_scan(value) if label in WORD_START_SCANNED else first_char_scan(value)
        if fast is not value:
            new_id[id(value)] = id(fast)
            ACCELERATED.append((label, value, fast))
        return fast

    for name, value in list(namespace.items()):
        if isinstance(value, re.Pattern):
            namespace[name] = fast_of(f"{where}.{name}", value)
        elif isinstance(value, list) and not name.startswith("__"):
            # A table of patterns ([(reason, pattern), …]): replaced in place, items as they were.
            for k, item in enumerate(value):
                if isinstance(item, re.Pattern):
                    value[k] = fast_of(f"{where}.{name}[{k}]", item)
                elif isinstance(item, tuple) and any(isinstance(x, re.Pattern) for x in item):
                    value[k] = tuple(fast_of(f"{where}.{name}[{k}]", x) if isinstance(x, re.Pattern) else x
                                     for x in item)
    for name, value in list(namespace.items()):
        if isinstance(value, dict) and any(isinstance(k, int) and k in new_id for k in value):
            namespace[name] = {new_id.get(k, k): v for k, v in value.items()}
    return len(new_id)
