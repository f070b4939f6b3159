"""A dead man's brother, son or father named by his given name alone, whose own death the text tells.

«Рядовой Иван Соколов погиб в июне, а через полгода — его младший брат Михаил», «Его сын Кирилл тоже погиб»,
«похоронили рядом с братом Тимуром, погибшим в 2023 году», «после гибели брата Максима»: the kinsman carries the
surname of the man he is kin to (a brother, son or father shares it; a cousin's is not implied — tests/gold/README.md).
«Семья Кузнецовых потеряла двоих сыновей: Виктор погиб …, Евгений — …»: the family's surname in the genitive plural
goes to the bare given names the text tells dead.

Precision first: a kinsman counts only when a verb or participle of death is his (in his clause, agreeing with him,
or an elliptic «а через полгода — его брат Михаил» after a death); a living cue («служит», «ранен», «вернулся»,
«бы») in his clause keeps him out. Works on the core's Doc (text, lower, sentences, persons, refs) without importing
it.
"""

from __future__ import annotations

import re

from .morph import fold, parse
from .names import NameParts, _first_nominative, name_info

# Substrings one of which every match needs: the patterns run only in texts holding one.
_GATE = ("брат", "сын", "отц", "отец", "пап")
_FAMILY_GATE = ("семь", "брат", "сын")

# The case(s) each kinship noun's form stands in; the given name after it agrees.
_KIN_CASES = {
    "брат": ("nomn",), "сын": ("nomn",), "отец": ("nomn",), "папа": ("nomn",),
    "брата": ("gent", "accs"), "сына": ("gent", "accs"), "отца": ("gent", "accs"), "папы": ("gent",), "папу": ("accs",),
    "брату": ("datv",), "сыну": ("datv",), "отцу": ("datv",), "папе": ("datv", "loct"),
    "братом": ("ablt",), "сыном": ("ablt",), "отцом": ("ablt",), "папой": ("ablt",),
    "брате": ("loct",), "сыне": ("loct",), "отце": ("loct",),
}
_KIN = re.compile(
    r"(?<![А-ЯЁа-яё])(?P<adj>(?:[Сс]тарш|[Мм]ладш|[Рр]одн|[Сс]редн|[Ее]динственн|[Дд]воюродн|[Тт]рою?родн|[Сс]водн)"
    r"[а-яё]{2,3}[ \t]+)?"
    r"(?P<kin>(?:[Бб]рат|[Сс]ын|[Оо]т[её]?ц|[Пп]ап)(?:а|у|ом|е|ой|ы)?)"
    r"[ \t]*(?:,[ \t]*)?(?P<name>[А-ЯЁ][а-яё]{2,})(?![А-ЯЁа-яё-])(?![ \t]*\n?[ \t]*[А-ЯЁ][а-яё])")
# a kinsman of another blood or of marriage by another family: his surname is not implied
_OTHER_BLOOD = ("двоюрод", "троюрод", "троерод", "сводн")

_DEATH_V = r"(?:погиб|скончался|умер|пал[ \t]+(?:в[ \t]+бою|смертью|на[ \t]+поле)|не[ \t]+вернулся[ \t]+с)"
# «Его сын Кирилл тоже погиб», «Его отец Геннадий, мобилизованный в 2022 году, погиб»: his own verb after him
_VERB_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:\([^()\n]{0,40}\)[ \t]*,?[ \t]*)?"
                         r"(?:[а-яё]+(?:ый|ий)(?![а-яё])[^,.!?\n«»()]{0,60},[ \t]*)?"
                         r"(?:(?:тоже|также|же|сам|позже|потом|затем|впоследствии|вскоре|героически|ранее|раньше)[ \t]+)?"
                         + _DEATH_V + r"(?![а-яё])(?![ \t]+бы(?![а-яё]))")
# «В 2023 году погиб его старший брат Николай», «Через месяц погиб и его брат Павел»: the verb before him
_VERB_BEFORE = re.compile(r"(?<![а-яё])(?<!не )(?:погиб|скончался|умер|пал)(?:[ \t]+(?:и|также|тоже|затем|потом|позже))?"
                          r"[ \t]+(?:(?:его|её|ее|и)[ \t]+)?$")
# «Погибли Михаил Неверов и его сын Денис»: the kinsman joined to the dead man under one plural verb
_PLURAL_BEFORE = re.compile(r"(?<![а-яё])(?:погибли|скончались|пали)[ \t]+(?:[а-яё]+[ \t]+){0,3}$")
_PLURAL_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:(?:тоже|также|вместе|оба|в[ \t]+одном[ \t]+бою)[ \t]+)?"
                           r"(?:погибли|скончались|пали|погибшими|погибших|павшими|павших)(?![а-яё])")
# «рядом с братом Тимуром, погибшим в 2023 году»: a participle agreeing with him (by case)
_PARTICIPLE_AFTER = re.compile(r"[ \t]*,[ \t]*(?:тоже[ \t]+|также[ \t]+)?(?:погибш|павш|скончавш|умерш)(?P<end>им|его|ему|ем|ий)"
                               r"(?![а-яё])")
_PARTICIPLE_CASES = {"им": ("ablt", "datv"), "его": ("gent", "accs"), "ему": ("datv",), "ем": ("loct",), "ий": ("nomn",)}
# «после гибели брата Максима», «со дня смерти отца Виктора»: the death noun heads him
_DEATH_NOUN_BEFORE = re.compile(r"(?<![а-яё])(?:гибел[иь]|гибелью|смерти|смертью)[ \t]+(?:(?:его|своего|моего|нашего)[ \t]+)?$")
# «…, а через полгода — его младший брат Михаил.», «Роман погиб 3 марта, его брат Игорь — в октябре»: elliptic
_ELLIPSIS_LEAD = re.compile(r"(?:,|;)[ \t]*(?:а|и|затем|потом|позже)?[ \t]*(?:[^,.!?;\n—–]{0,40}?)[ \t]*(?:[—–-][ \t]*)?"
                            r"(?:(?:его|её|ее|и)[ \t]+)?$")
_ELLIPSIS_END = re.compile(r"[ \t]*(?:[.!?…]|$)")
_ELLIPSIS_DASH = re.compile(r"[ \t]*[—–-][ \t]*(?:в|во|на|под|у|через|спустя|\d)(?![а-яё]{3})")
_DEATH_IN_CLAUSE = re.compile(r"(?<![а-яё])(?<!не )(?:погиб|скончался|умер)(?![а-яё])")
# words that keep him alive when they stand in his clause
_LIVING_CUE = re.compile(r"(?<![а-яё])(?:служит|служил[ \t]+вместе|воюет|продолжа\w+|вернул\w+|ранен\w*|жив\w*|выжил"
                         r"|родил\w*|бы|рассказ\w+|вспомина\w+|говорит|сказал|пропал\w*|чуть|едва)(?![а-яё])")
_CLAUSE_END = re.compile(r"[.!?;\n]|,[ \t]*(?:а|но|однако)(?![а-яё])|,[ \t]*(?=[А-ЯЁ])")


def _masculine_given(word: str, cases: tuple[str, ...]) -> str | None:
    """The nominative of a man's dictionary given name standing in one of ``cases``, else None."""
    known, _, found, gender = name_info(word)
    if not known or gender == "femn":
        return None
    case = next((c for c in cases if c in found), None)
    return _first_nominative(word, case, "masc") if case else None


def _own_clause_after(lower: str, pos: int, end: int) -> str:
    m = _CLAUSE_END.search(lower, pos, end)
    return lower[pos: m.start() if m else end]


def _told_dead(doc, m: re.Match, case: str, s_start: int, s_end: int, anchor_end: int | None) -> bool:
    lower, text = doc.lower, doc.text
    start, end = m.start(), m.end()
    after = _own_clause_after(lower, end, s_end)
    if _LIVING_CUE.search(after):
        return False
    if case == "nomn":
        if _VERB_AFTER.match(lower, end, s_end):
            return True
        if _VERB_BEFORE.search(lower, max(s_start, start - 40), start):
            return True
        lead = _ELLIPSIS_LEAD.search(text, s_start, start)
        if lead and (_ELLIPSIS_END.match(text, end, s_end) or _ELLIPSIS_DASH.match(text, end, s_end)) \
                and _DEATH_IN_CLAUSE.search(lower, s_start, lead.start()):
            return True
    part = _PARTICIPLE_AFTER.match(lower, end, s_end)
    if part and case in _PARTICIPLE_CASES[part.group("end")] and not (
            anchor_end is not None and re.fullmatch(r"[ \t]*,[ \t]*", text[anchor_end: start])):
        # (not «Андрея Сысолятина, старшего брата Михаила, погибшего в ноябре»: a kin phrase in apposition to
        # a name leaves the participle to that name)
        return True
    if case in ("gent", "accs") and _DEATH_NOUN_BEFORE.search(lower, max(s_start, start - 30), start):
        return True
    if anchor_end is not None and re.fullmatch(r"[ \t]+и[ \t]+(?:(?:его|её|ее)[ \t]+)?", text[anchor_end: start]):
        # («Простились с Виктором Фоминым и его сыном Андреем, погибшими в зоне СВО»)
        if _PLURAL_AFTER.match(lower, end, s_end):
            return True
        first_ref = min((r[0] for r in doc.refs if r[1] == anchor_end), default=None)
        if first_ref is not None and _PLURAL_BEFORE.search(lower, max(s_start, first_ref - 40), first_ref):
            return True
    return False


def _anchor(doc, pos: int) -> tuple[int, int] | None:
    """The man whose name stands last before ``pos`` (index, end of that reference), if he is dead, a man, and
    named in full — the one «его брат» is kin to."""
    before = [r for r in doc.refs if r[1] <= pos]
    if not before:
        return None
    r = max(before, key=lambda r: r[1])
    p = doc.persons[r[2]]
    if p.living or not p.surname or not p.first_name or pos - r[1] > 600:
        return None
    known, _, _, gender = name_info(p.first_name)
    if gender == "femn" or (not known and fold(p.surname).endswith("а")):
        return None
    return r[2], r[1]


# «Погибли: Петров Иван (1990 г.р.) и его брат Петров Алексей»: the kinsman joined to a dead man under a plural verb
_JOINED_KIN = re.compile(r"[ \t]*(?:\([^()\n]{0,40}\)[ \t]*)?,?[ \t]+и[ \t]+(?:его|её|ее)[ \t]+"
                         r"(?:(?:старш|младш|родн|средн)[а-яё]+[ \t]+)?(?:брат|сын|отец|отца|отцом)[а-яё]*[ \t]*[,—–-]?[ \t]*$")
_PLURAL_VERB_BEFORE = re.compile(r"(?<![а-яё])(?:погибли|скончались|пали|погибших|павших|погибшим|павшим)"
                                 r"[ \t]*[:—–-]?[ \t]*(?:[а-яё]+[ \t]+){0,3}$")
_BRACKET = re.compile(r"[ \t]*\([^()\n]{0,40}\)")
# «Простились с отцом и сыном: Семёном … и Артёмом …», «Отец и сын Николай Петрович и Андрей Николаевич Гусевы»:
# the family words name the dead row, they are no role of a living man
_FAMILY_LABEL = re.compile(r"(?<![а-яё])(?:от(?:ец|ца|цу|цом|це)[ \t]+и[ \t]+сын[а-яё]*|сын[а-яё]*[ \t]+и[ \t]+от(?:ец|ца|цу"
                           r"|цом|це)|брать(?:я|ев|ям|ями|ях)|близнец[а-яё]*|братья-близнецы)[ \t]*[:—–-]?[ \t]*$")
_POSSESSIVE_BEFORE = re.compile(r"(?<![а-яё])(?:его|её|ее|их|мои|моих|наши|наших|свои|своих)[ \t]+$")
_ROW_DEATH = re.compile(r"(?<![а-яё])(?:погибл[а-яё]*|погибш[а-яё]*|павш[а-яё]*|скончал[а-яё]*|простил[а-яё]*|похоронил[а-яё]*"
                        r"|похоронен[а-яё]*|памят[а-яё]+|погиб)(?![а-яё])")
# «пришли его братья Алексей и Никита Моховы»: the living kin of the dead man, both of them
_LIVING_ROW_BEFORE = re.compile(r"(?<![а-яё])(?:его|её|ее|их)[ \t]+(?:(?:родн|старш|младш|двоюродн)[а-яё]+[ \t]+)?"
                                r"(?:брать|сыновь|родител|дет|внук|дочер|сестр|сёстр)[а-яё]*[ \t]*[,—–:-]?[ \t]*$")
_ANY_DEATH = re.compile(r"(?<![а-яё])(?:погиб[а-яё]*|скончал[а-яё]*|павш[а-яё]*|пали)(?![а-яё])")


def _settle_rows(doc) -> None:
    """Who of two men of one family named in a row is dead: the row's family words and verbs decide for both."""
    refs = sorted(doc.refs)
    for (a0, a1, i), (b0, b1, j) in zip(refs, refs[1:]):
        if i == j or doc.sentence_at(a0) is not doc.sentence_at(b0):
            continue
        p, q = doc.persons[i], doc.persons[j]
        s = doc.sentence_at(b0)
        if not p.living and q.living and _JOINED_KIN.fullmatch(doc.lower, a1, b0):
            end = _BRACKET.match(doc.text, b1)
            if _PLURAL_VERB_BEFORE.search(doc.lower, max(s.start, a0 - 40), a0) \
                    or _PLURAL_AFTER.match(doc.lower, end.end() if end else b1, s.end):
                q.living = False
        if p.living and not q.living and fold(p.surname) == fold(q.surname) \
                and re.fullmatch(r"[ \t]+и[ \t]+", doc.text[a1:b0]) \
                and _LIVING_ROW_BEFORE.search(doc.lower, max(s.start, a0 - 40), a0) \
                and not _ANY_DEATH.search(doc.lower, s.start, s.end):
            q.living = True
    for a0, _, i in refs:
        p = doc.persons[i]
        if not p.living:
            continue
        s = doc.sentence_at(a0)
        label = _FAMILY_LABEL.search(doc.lower, max(s.start, a0 - 30), a0)
        if label and not _POSSESSIVE_BEFORE.search(doc.lower, max(s.start, label.start() - 8), label.start()) \
                and _ROW_DEATH.search(doc.lower, s.start, s.end):
            p.living = False


def find_kin(doc) -> list[tuple[NameParts, int | None]]:
    """Kinsmen told dead by given name alone, with the surname carried from the man they are kin to: the
    name parts (surname, given name; kin_of_dead set) and, for a kinsman of a named man, that man's index.
    First settles which of the men already named in a family row are dead (``doc.persons[i].living``)."""
    lower = doc.lower
    if doc.persons and any(g in lower for g in _GATE):
        _settle_rows(doc)
    out: list[tuple[NameParts, int | None]] = [(n, None) for n in find_family(doc)]
    if "рат" in lower or "сын" in lower or "близнец" in lower:
        out += [(n, None) for n in _indeclinable_pairs(doc)]
    if not any(g in lower for g in _GATE) or not doc.persons:
        return out
    for m in _KIN.finditer(doc.text):
        adj = (m.group("adj") or "").lower()
        if any(adj.startswith(x) for x in _OTHER_BLOOD):
            continue
        kin = m.group("kin").lower().replace("ё", "е")
        cases = _KIN_CASES.get(kin)
        if not cases:
            continue
        first = _masculine_given(m.group("name"), cases)
        if first is None:
            continue
        case = next(c for c in cases if c in name_info(m.group("name"))[2])
        s = doc.sentence_at(m.start())
        anchor = _anchor(doc, m.start())
        if anchor is None or any(r[0] <= m.start("name") < r[1] for r in doc.refs) \
                or any(fold(p.first_name) == fold(first) for p in doc.persons):
            continue  # (a given name some man of the text bears is his: the name finder links it)
        idx, anchor_end = anchor
        if not _told_dead(doc, m, case, s.start, s.end, anchor_end):
            continue
        surname = doc.persons[idx].surname
        out.append((NameParts(surname, first, None, case, "masc", m.start("name"), m.end("name"), kin_of_dead=True),
                    idx))
    return out


# «Семья Кузнецовых», «в семье Ворониных», «У семьи Комаровых»: the family's surname in the genitive plural
# («Трое братьев Осиповых погибли на СВО: Иван, Пётр и Фёдор», «двух сыновей Комаровых»)
_FAMILY_OF = re.compile(r"(?<![А-ЯЁа-яё])(?:[Сс]емь(?:я|и|е|ю|ей|ёй)|(?:[Дд]в[ау]х?|[Дд]вое|[Тт]рое|[Тт]р[её]х|[Тт]ри"
                        r"|[Чч]етверо|[Оо]ба|[Оо]бо(?:их|им|ими))[ \t]+(?:брат|сын|сынов)[а-яё]*)"
                        r"[ \t]+([А-ЯЁ][а-яё]+?(?:ов|ев|ёв|ин|ын))ых(?![а-яё])")
_BARE_NAME = re.compile(r"(?<![А-ЯЁа-яё-])([А-ЯЁ][а-яё]{2,})(?![А-ЯЁа-яё-])(?![ \t]*[А-ЯЁ][а-яё])")
_CAPITALISED_BEFORE = re.compile(r"[А-ЯЁ][а-яё]+[ \t]+$")
# a verb telling the family's loss in the sentence of the names («Виктор погиб», «война забрала двух сыновей —
# Андрея и Павла», «пришла вторая похоронка: вслед за Никитой погиб и Сергей»)
_FAMILY_DEATH = re.compile(r"(?<![а-яё])(?<!не )(?:погиб|погибли|скончался|скончались|пал|пали|не[ \t]+стало"
                           r"|забрала|забрал|унесла|потерял[аи]?|похоронил[аи]?)(?![а-яё])")
# «Оба погибли в зоне СВО», «Они погибли в одном бою»: the next sentence tells the row's death
_BOTH_DIED = re.compile(r"[ \t\n]*(?:Оба|Обои|Они|Все[ \t]+(?:трое|четверо|двое)|Братья|Оба[ \t]+брата|Оба[ \t]+сына)"
                        r"[ \t]+(?:[а-яё]+[ \t]+){0,2}?(?:погибли|пали|скончались)(?![а-яё])")
# a companion, not a son: «вместе с сослуживцем Андреем», «с другом Павлом»
_NOT_KIN_BEFORE = re.compile(r"(?<![а-яё])(?:с|со|вместе[ \t]+с|под|в|во|на|из|у|около|возле|близ|сослужив\w+|друг\w*|командир\w*|товарищ\w*|сосед\w*"
                             r"|однокласс\w+|жена|жены|вдова|мама|мать|матери|сестр\w+|дочь|дочери|внук\w*|племянни\w+"
                             r"|двоюродн\w+)[ \t]+$")
_OTHER_BLOOD_NEAR = re.compile(r"(?<![а-яё])(?:двоюродн|троюродн|сводн)[а-яё]*[ \t]+[^.!?;\n]*$")
_NAME_CASE_ORDER = ("nomn", "gent", "accs", "ablt", "datv", "loct")


# «Простились с братьями Антоном и Павлом Ткаченко»: an indeclinable surname after two given names of a family
_INDECLINABLE_PAIR = re.compile(
    r"(?<![А-ЯЁа-яё])(?:[Бб]рать(?:я|ев|ям|ями|ях)|[Бб]лизнец[а-яё]*|[Оо]т(?:ец|ца|цу|цом)[ \t]+и[ \t]+сын[а-яё]*"
    r"|[Сс]ыновья|[Сс]ыновей)[ \t]*[:—–-]?[ \t]*([А-ЯЁ][а-яё]+)[ \t]+и[ \t]+([А-ЯЁ][а-яё]+)[ \t]+"
    r"([А-ЯЁ][а-яё]+(?:енко|ко|ых|их|дзе|швили|ия|иа|уа))(?![а-яё])")


def _indeclinable_pairs(doc) -> list[NameParts]:
    out: list[NameParts] = []
    for m in _INDECLINABLE_PAIR.finditer(doc.text):
        infos = [name_info(m.group(k)) for k in (1, 2)]
        if re.search(r"(?:ов|ев|ёв|ин|ын|ск|цк)(?:ых|их)$", m.group(3)):
            continue  # «братьев Артёма и Никиты Лебедевых»: the genitive plural of a declined surname
        if not all(known and gender != "femn" for known, _, _, gender in infos):
            continue
        case = next((c for c in _NAME_CASE_ORDER if all(c in info[2] for info in infos)), None)
        s = doc.sentence_at(m.start())
        if case is None or _POSSESSIVE_BEFORE.search(doc.lower, max(s.start, m.start() - 8), m.start()) \
                or not _ROW_DEATH.search(doc.lower, s.start, s.end) \
                or _LIVING_CUE.search(_own_clause_after(doc.lower, m.end(), s.end)):
            continue
        for k in (1, 2):
            out.append(NameParts(m.group(3), _first_nominative(m.group(k), case, "masc"), None, case, "masc",
                                 m.start(k), m.end(k) if k == 1 else m.end(3), kin_of_dead=True))
    return out


def find_family(doc) -> list[NameParts]:
    """Men of a family the text names by its surname in the genitive plural, told dead by given name alone."""
    out: list[NameParts] = []
    if not any(g in doc.lower for g in _FAMILY_GATE):
        return out
    fam = _FAMILY_OF.search(doc.text)
    if fam is None or len({m.group(1) for m in _FAMILY_OF.finditer(doc.text)}) > 1:
        return out
    surname = fam.group(1)
    named_firsts = {fold(p.first_name) for p in doc.persons if p.first_name}
    seen: set[str] = set()
    for m in _BARE_NAME.finditer(doc.text, fam.end()):
        word = m.group(1)
        known, _, cases, gender = name_info(word)
        if not known or gender == "femn" or any(r[0] <= m.start() < r[1] for r in doc.refs):
            continue
        s = doc.sentence_at(m.start())
        if m.start() > s.start and _CAPITALISED_BEFORE.search(doc.text, max(s.start, m.start() - 30), m.start()):
            continue  # part of a fuller name the name finder read otherwise
        if m.start() == s.start and doc.text[m.end(): m.end() + 1] == ":":
            continue  # a speaker's label
        if _NOT_KIN_BEFORE.search(doc.lower, max(s.start, m.start() - 30), m.start()) \
                or _OTHER_BLOOD_NEAR.search(doc.lower, max(s.start, m.start() - 40), m.start()) \
                or any(p.is_known and "Geox" in p.tag for p in parse(word)):
            continue  # («погиб двоюродный брат Ивана — Николай»: a cousin's surname is not implied; «под Бахмутом»)
        case = next((c for c in _NAME_CASE_ORDER if c in cases), None)
        if case is None:
            continue
        first = _first_nominative(word, case, "masc")
        if fold(first) in named_firsts or fold(first) in seen:
            continue
        after = _own_clause_after(doc.lower, m.end(), s.end)
        if _LIVING_CUE.search(after):
            continue
        nxt = _BOTH_DIED.match(doc.text, s.end)
        if not _FAMILY_DEATH.search(doc.lower, s.start, s.end) and not nxt:
            continue
        seen.add(fold(first))
        out.append(NameParts(surname, first, None, case, "masc", m.start(), m.end(), kin_of_dead=True))
    return out
