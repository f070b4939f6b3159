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
from .names import (
    NameParts,
    _first_nominative,
    find_shared_surname,
    name_info,
    patronymic_cases,
    patronymic_nominative,
)
from .scan import OpeningWords

# Substrings one of which every match needs: the patterns run only in texts holding one.
_GATE = ("брат", "сын", "отц", "отец", "пап", "муж")
_FAMILY_GATE = ("семь", "брат", "сын")

# The case(s) each kinship noun's form stands in; the given name after it agrees.
_KIN_CASES = {
    "брат": ("nomn",), "сын": ("nomn",), "отец": ("nomn",), "папа": ("nomn",),
    "брата": ("gent", "accs"), "сына": ("gent", "accs"), "отца": ("gent", "accs"), "папы": ("gent",), "папу": ("accs",),
    "брату": ("datv",), "сыну": ("datv",), "отцу": ("datv",), "папе": ("datv", "loct"),
    "братом": ("ablt",), "сыном": ("ablt",), "отцом": ("ablt",), "папой": ("ablt",),
    "брате": ("loct",), "сыне": ("loct",), "отце": ("loct",),
    "муж": ("nomn",), "мужа": ("gent", "accs"), "мужу": ("datv",), "мужем": ("ablt",), "муже": ("loct",),
}
_KIN = re.compile(
    r"(?<![А-ЯЁа-яё])(?P<adj>(?:[Сс]тарш|[Мм]ладш|[Рр]одн|[Сс]редн|[Ее]динственн|[Дд]воюродн|[Тт]рою?родн|[Сс]водн)"
    r"[а-яё]{2,3}[ \t]+)?"
    r"(?P<kin>(?:[Бб]рат|[Сс]ын|[Оо]т[её]?ц|[Пп]ап|[Мм]уж)(?:а|у|ом|ем|е|ой|ы)?)(?:-близнец[а-яё]*)?"
    r"[ \t]*(?:[,—–-][ \t]*)?(?P<name>[А-ЯЁ][а-яё]{2,})"
    # («Его отец Николай Петрович погиб»: his patronymic after his given name)
    r"(?:[ \t]+(?P<patr>[А-ЯЁ][а-яё]+(?:ович|евич|ьич|ич)(?:а|у|ем|ом|е)?))?"
    r"(?![А-ЯЁа-яё-])(?![ \t]*\n?[ \t]*[А-ЯЁ][а-яё])")
# (scanned only where a kinship word or its adjective starts: scan.OpeningWords)
_KIN_AT = OpeningWords(_KIN, ("старш", "младш", "родн", "средн", "единственн", "двоюродн", "троюродн", "трородн", "сводн",
                              "брат", "сын", "от", "пап", "муж"))
# «Михаил, его младший брат, погиб в 2023 году»: his given name first, the kinship set off after it
_NAME_THEN_KIN = re.compile(
    r"(?<![А-ЯЁа-яё][ \t])(?<![А-ЯЁа-яё])(?P<name>[А-ЯЁ][а-яё]{2,})[ \t]*,[ \t]*(?:(?:его|её|ее)[ \t]+)?"
    r"(?P<adj>(?:старш|младш|родн|средн|единственн)[а-яё]{2,3}[ \t]+)?(?P<kin>брат|сын|отец|муж)(?:-близнец)?"
    r"(?:[ \t]+(?P<of>[А-ЯЁ][а-яё]+))?[ \t]*,")  # («Михаил, брат Ивана, погиб 5 марта»)
_NAME_THEN_KIN_GATE = re.compile(r",[ \t]*(?:(?:его|её|ее)[ \t]+)?(?:[а-яё]+[ \t]+)?(?:брат|сын|отец|муж)")
# «Родной брат Сергея — Денис — погиб»: the kinship word, the dead man's given name in the genitive, then his
_KIN_OF_NAMED = re.compile(
    r"(?<![А-ЯЁа-яё])(?P<adj>(?:[Сс]тарш|[Мм]ладш|[Рр]одн|[Сс]редн|[Ее]динственн|[Дд]воюродн|[Тт]рою?родн|[Сс]водн)"
    r"[а-яё]{2,3}[ \t]+)?(?P<kin>[Бб]рат|[Сс]ын|[Оо]тец)[ \t]+(?P<of>[А-ЯЁ][а-яё]+)[ \t]*[,—–-][ \t]*"
    r"(?P<name>[А-ЯЁ][а-яё]{2,})(?![А-ЯЁа-яё-])(?![ \t]*[А-ЯЁ][а-яё])")
_KIN_OF_NAMED_AT = OpeningWords(_KIN_OF_NAMED, ("старш", "младш", "родн", "средн", "единственн", "двоюродн", "троюродн",
                                                "трородн", "сводн", "брат", "сын", "отец"))
# «Мой муж Сергей и его брат Андрей Соколовы погибли»: two given names, the kinship between them, a plural surname
_PAIR_WITH_KIN = re.compile(
    r"(?<![А-ЯЁа-яё])(?P<a>[А-ЯЁ][а-яё]{2,})[ \t]+и[ \t]+(?:его|её|ее)[ \t]+(?:(?:старш|младш|родн|средн)[а-яё]+[ \t]+)?"
    r"(?:брат|сын|отец)[ \t]+(?P<b>[А-ЯЁ][а-яё]{2,})[ \t]+(?P<s>[А-ЯЁ][а-яё]+?(?:ов|ев|ёв|ин|ын))(?:ы|ых|ым|ыми)(?![а-яё])")
# a kinsman of another blood or of marriage by another family: his surname is not implied
_OTHER_BLOOD = ("двоюрод", "троюрод", "троерод", "сводн")

_DEATH_V = r"(?:погиб|скончался|умер|пал[ \t]+(?:в[ \t]+бою|смертью|на[ \t]+поле)|не[ \t]+вернулся[ \t]+с)"
# «Его сын Кирилл тоже погиб», «Его отец Геннадий, мобилизованный в 2022 году, погиб»: his own verb after him
_VERB_AFTER = re.compile(r"[ \t]*[,—–-]?[ \t]*(?:\([^()\n]{0,40}\)[ \t]*,?[ \t]*)?"
                         r"(?:как[ \t]+и[ \t]+[а-яё]+(?:[ \t]+[а-яё]+)?[ \t]*,[ \t]*)?"  # («Его сын Кирилл, как и отец, погиб»)
                         r"(?:[а-яё]+(?:ый|ий)(?![а-яё])[^,.!?\n«»()]{0,60},[ \t]*)?"
                         r"(?:(?:тоже|также|же|сам|позже|потом|затем|впоследствии|вскоре|героически|ранее|раньше)[ \t]+)?"
                         + _DEATH_V + r"(?![а-яё])(?![ \t]+бы(?![а-яё]))")
# «В 2023 году погиб его старший брат Николай», «Через месяц погиб и его брат Павел»: the verb before him
_VERB_BEFORE = re.compile(r"(?<![а-яё])(?<!не )(?:погиб|скончался|умер|пал)(?:[ \t]+(?:и|также|тоже|затем|потом|позже))?"
                          r"[ \t]+(?:(?:его|её|ее|и)[ \t]+)?$")
# «Погибли Михаил Неверов и его сын Денис»: the kinsman joined to the dead man under one plural verb
_PLURAL_BEFORE = re.compile(r"(?<![а-яё])(?:погибли|скончались|пали)[ \t]+(?:[а-яё]+[ \t]+){0,3}$")
_PLURAL_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:(?:тоже|также|вместе|оба|в[ \t]+одном[ \t]+бою)[ \t]+)?"
                           r"(?:погибли|скончались|пали|погибшими|погибших|павшими|павших|погибшим|павшим"
                           # («Ивана Соколова, погибшего в зоне СВО, и его брата Петра похоронили в один день»)
                           r"|похоронили|похоронены|проводили[ \t]+в[ \t]+последний[ \t]+путь)(?![а-яё])")
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
# a death of another cause told of him: not a war death
_OTHER_CAUSE = re.compile(r"(?<![а-яё])(?:болезн\w*|инфаркт\w*|инсульт\w*|дтп|авари\w+|несчастн\w+|онколог\w*|ковид\w*"
                          r"|covid|естественн\w+|сердечн\w+|пережил|утонул|самоубийств\w*|пожар\w*)(?![а-яё])")
_CLAUSE_END = re.compile(r"[.!?;\n]|,[ \t]*(?:а|но|однако)(?![а-яё])|,[ \t]*(?=[А-ЯЁ])")


def _masculine_given(word: str, cases: tuple[str, ...]) -> str | None:
    """The nominative of a man's dictionary given name standing in one of ``cases``, else None."""
    known, _, found, gender = name_info(word)
    if not known or gender == "femn":
        return None
    case = next((c for c in cases if c in found), None)
    return _first_nominative(word, case, "masc") if case else None


def _own_clause_after(doc, pos: int, end: int) -> str:
    """The lower-cased words after ``pos`` up to the end of his clause (the next capitalised name after a comma
    starts another man's: «Старший, Павел, погиб, средний, Роман, ранен»)."""
    m = _CLAUSE_END.search(doc.text, pos, end)
    return doc.lower[pos: m.start() if m else end]


# «Виктором Фоминым и его сыном», «Ивана Соколова, погибшего в зоне СВО, и его брата» (an aside between)
_JOINED_TO_ANCHOR = re.compile(r"(?:[ \t]*,[^.!?\n,]{1,60},)?[ \t]+и[ \t]+(?:(?:его|её|ее)[ \t]+)?")


def _told_dead(doc, m: re.Match, case: str, s_start: int, s_end: int, anchor_end: int | None) -> bool:
    lower, text = doc.lower, doc.text
    start, end = m.start(), m.end()
    after = _own_clause_after(doc, end, s_end)
    if _LIVING_CUE.search(after) or _OTHER_CAUSE.search(lower, end, s_end):
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
    if anchor_end is not None and _JOINED_TO_ANCHOR.fullmatch(text, anchor_end, start):
        # («Простились с Виктором Фоминым и его сыном Андреем, погибшими в зоне СВО»)
        if _PLURAL_AFTER.match(lower, end, s_end):
            return True
        first_ref = min((r[0] for r in doc.refs if r[1] == anchor_end), default=None)
        if first_ref is not None and _PLURAL_BEFORE.search(lower, max(s_start, first_ref - 40), first_ref):
            return True
    return False


def _anchor(doc, pos: int) -> tuple[int, int, bool] | None:
    """The person whose name stands last before ``pos`` (index, end of that reference, a woman?), if dead and
    named in full — the one «его брат», «её муж» is kin to."""
    before = [r for r in doc.refs if r[1] <= pos]
    if not before:
        return None
    r = max(before, key=lambda r: r[1])
    p = doc.persons[r[2]]
    if p.living or not p.surname or not p.first_name or pos - r[1] > 600:
        return None
    known, _, _, gender = name_info(p.first_name)
    if not known:
        return None
    return r[2], r[1], gender == "femn"


# «Анна Зайцева» → her husband, brother or son «Зайцев»
_FEMININE_SURNAME = ((re.compile(r"(?:ов|ев|ёв|ин|ын)а$"), 1, ""), (re.compile(r"(?:ск|цк)ая$"), 2, "ий"))


def _his_surname(surname: str) -> str | None:
    """A man's form of a woman's surname (None when it cannot be told: «Зайцева» → «Зайцев»; «Ткаченко» stays)."""
    for rx, cut, add in _FEMININE_SURNAME:
        if rx.search(surname):
            return surname[:-cut] + add
    if re.search(r"(?:енко|ко|дзе|швили|ых|их|ук|юк|ян|[оиуэю])$", surname):
        return surname  # indeclinable or the same for both
    return None


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
_LABEL_GATE = re.compile(r"брать|близнец|от(?:ец|ца|цу|цом|це)[ \t]+и[ \t]+сын|сын[а-яё]*[ \t]+и[ \t]+от")
_POSSESSIVE_BEFORE = re.compile(r"(?<![а-яё])(?:его|её|ее|их|мои|моих|наши|наших|свои|своих)[ \t]+$")
_ROW_DEATH = re.compile(r"(?<![а-яё])(?:погибл[а-яё]*|погибш[а-яё]*|павш[а-яё]*|скончал[а-яё]*|простил[а-яё]*|похоронил[а-яё]*"
                        r"|похоронен[а-яё]*|памят[а-яё]+|погиб)(?![а-яё])")
# «пришли его братья Алексей и Никита Моховы»: the living kin of the dead man, both of them
_LIVING_ROW_BEFORE = re.compile(r"(?<![а-яё])(?:его|её|ее|их)[ \t]+(?:(?:родн|старш|младш|двоюродн)[а-яё]+[ \t]+)?"
                                r"(?:брать|сыновь|родител|дет|внук|дочер|сестр|сёстр)[а-яё]*[ \t]*[,—–:-]?[ \t]*$")
_ANY_DEATH = re.compile(r"(?<![а-яё])(?:погиб[а-яё]*|скончал[а-яё]*|павш[а-яё]*|пали)(?![а-яё])")


# «похоронили рядом с отцом, ветераном Афганистана Владимиром Беловым»: buried beside him, his death not told here
_BESIDE_KIN = re.compile(r"(?<![а-яё])рядом[ \t]+с[ \t]+(?:(?:его|своим|её|ее)[ \t]+)?(?:(?:старш|младш|родн)[а-яё]+[ \t]+)?"
                         r"(?:отцом|папой|братом|дедом|дедушкой|сыном|мужем)(?![а-яё])[^.!?\n]{0,60}$")
_WW2_NEAR = re.compile(r"великой[ \t]+отечественной|(?<![а-яё])вов(?![а-яё])|фронтовик")
_OWN_DEATH_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:котор[а-яё]+[ \t]+(?:[а-яё]+[ \t]+){0,3}?(?:погиб|скончал|пал)"
                              r"|(?:погибш|павш|скончавш)[а-яё]+)")


def _settle_rows(doc) -> None:
    """Who of two men of one family named in a row is dead: the row's family words and verbs decide for both."""
    refs = sorted(doc.refs)
    for (a0, a1, i), (b0, b1, j) in zip(refs, refs[1:]):
        p, q = doc.persons[i], doc.persons[j]
        if i == j or p.living == q.living or b0 - a1 > 80:
            continue
        s = doc.sentence_at(b0)
        if a0 < s.start:
            continue
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
    own_refs: dict[int, list[tuple[int, int, int]]] = {}
    for r in refs if "рядом" in doc.lower else ():
        own_refs.setdefault(r[2], []).append(r)
    for i, own in own_refs.items():
        p = doc.persons[i]
        # (a veteran of the Great Patriotic War is left to the old-war rules, which read the sentence with him)
        if not p.living and all(_BESIDE_KIN.search(doc.lower, max(doc.sentence_at(a).start, a - 90), a)
                                and not _WW2_NEAR.search(doc.lower, max(doc.sentence_at(a).start, a - 90), a)
                                and not _OWN_DEATH_AFTER.match(doc.lower, b) for a, b, _ in own):
            p.living = True
    low = doc.lower
    label_words = "брать" in low or "близнец" in low or ("сын" in low and ("отц" in low or "отец" in low))
    for a0, _, i in refs if label_words and _LABEL_GATE.search(low) else ():
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
    kin_words = any(g in lower for g in _GATE)
    if doc.persons and (kin_words or "рядом" in lower):
        _settle_rows(doc)
    out: list[tuple[NameParts, int | None]] = [(n, None) for n in find_family(doc)]
    if "рат" in lower or "сын" in lower or "близнец" in lower:
        if "брать" in lower or "близнец" in lower or "сынов" in lower or "и сын" in lower:
            out += [(n, None) for n in _indeclinable_pairs(doc)]
        out += [(n, None) for n in _row_before_pair(doc)]
        if "и его " in lower or "и её " in lower or "и ее " in lower:
            out += [(n, None) for n in _pair_with_kin(doc)]
    if " И " in doc.text and _CAPS_PAIR.search(doc.text):
        out += [(n, None) for n in _caps_pairs(doc)]
    if not kin_words or not doc.persons:
        return out
    if "сын" in lower and _NUMBER_OF_SONS.search(lower):
        out += [(n, None) for n in _sons_of_named(doc)]
    for m in _KIN_AT.finditer(doc.text, lower):
        got = _kinsman(doc, m, m.group("adj"), m.group("kin"), m.group("name"), m.group("patr"))
        if got:
            out.append(got)
    for m in _KIN_OF_NAMED_AT.finditer(doc.text, lower):
        anchor = _anchor(doc, m.start())
        if anchor is None or doc.persons[anchor[0]].first_name != _first_nominative(m.group("of"), "gent", "masc") \
                or "gent" not in name_info(m.group("of"))[2]:
            continue  # («брат Сергея — Денис»: Сергей is the man named before)
        got = _kinsman(doc, m, m.group("adj"), m.group("kin"), m.group("name"), None, (m.start("of"), m.end("name")))
        if got:
            out.append(got)
    for m in _NAME_THEN_KIN.finditer(doc.text) if _NAME_THEN_KIN_GATE.search(lower) else ():
        anchor = _anchor(doc, m.start())
        if anchor is None:
            continue
        if m.group("of") is None and not re.search(r"(?:его|её|ее)[ \t]", m.group()) or m.group("of") is not None and (
                "gent" not in name_info(m.group("of"))[2]
                or doc.persons[anchor[0]].first_name != _first_nominative(m.group("of"), "gent", "masc")):
            continue  # («Михаил, его брат,», «Михаил, брат Ивана,» after Иван Соколов)
        got = _kinsman(doc, m, m.group("adj"), m.group("kin"), m.group("name"), None,
                       (m.start("name"), m.end("of")) if m.group("of") else None)
        if got:
            out.append(got)
    return out


def _kinsman(doc, m: re.Match, adj: str | None, kin: str, word: str, patr: str | None, span: tuple[int, int] | None = None
             ) -> tuple[NameParts, int] | None:
    """``span``: the words the reference covers when they are more than his name («Михаил, брат Ивана,»: the
    given name of the man he is kin to is no reference to that man of its own)."""
    if any((adj or "").lower().startswith(x) for x in _OTHER_BLOOD):
        return None
    kin = kin.lower().replace("ё", "е")
    cases = _KIN_CASES.get(kin)
    first = _masculine_given(word, cases) if cases else None
    if first is None:
        return None
    case = next(c for c in cases if c in name_info(word)[2])  # type: ignore[union-attr]
    if patr and case not in (patronymic_cases(patr) or ("", ()))[1]:
        return None
    start = m.start("name")
    anchor = _anchor(doc, m.start())
    if anchor is None or any(r[0] <= start < r[1] for r in doc.refs) \
            or any(fold(p.first_name) == fold(first) for p in doc.persons):
        return None  # (a given name some man of the text bears is his: the name finder links it)
    idx, anchor_end, woman = anchor
    if kin.startswith("муж") and not woman:
        return None
    s = doc.sentence_at(m.start())
    if not _told_dead(doc, m, case, s.start, s.end, anchor_end):
        return None
    surname = _his_surname(doc.persons[idx].surname) if woman else doc.persons[idx].surname
    if surname is None:
        return None
    start, end = span or (start, m.end("patr") if patr else m.end("name"))
    return (NameParts(surname, first, patronymic_nominative(patr, "masc") if patr else None, case, "masc", start,
                      end, kin_of_dead=True), idx)


# «Семья Кузнецовых», «в семье Ворониных», «У семьи Комаровых»: the family's surname in the genitive plural
# («Трое братьев Осиповых погибли на СВО: Иван, Пётр и Фёдор», «двух сыновей Комаровых»)
# («Братья Соколовы ушли на фронт вместе. Иван погиб 3 марта», «Похоронили отца и сына Дорофеевых: Алексея и Максима»)
_PLURAL_SURNAME = re.compile(r"(?<![А-ЯЁа-яё])([А-ЯЁ][а-яё]+?(?:ов|ев|ёв|ин|ын))(?:ых|ы|ым|ыми)(?![а-яё])")
_FAMILY_OF = re.compile(r"(?<![А-ЯЁа-яё])(?:[Сс]емь(?:я|и|е|ю|ей|ёй)|(?:[Дд]в[ау]х?|[Дд]вое|[Тт]рое|[Тт]р[её]х|[Тт]ри"
                        r"|[Чч]етверо|[Оо]ба|[Оо]бо(?:их|им|ими))[ \t]+(?:брат|сын|сынов)[а-яё]*"
                        r"|[Бб]рать(?:я|ев|ям|ями|ях)|[Оо]т(?:ец|ца|цу|цом|це)[ \t]+и[ \t]+сын(?:а|у|ом|е)?|[Сс]ыновья|[Сс]ыновей"
                        r"|[Сс]ын(?:а|у|ом|е)?)"  # («Сначала погиб старший сын Соколовых — Иван»)
                        r"[ \t]+([А-ЯЁ][а-яё]+?(?:ов|ев|ёв|ин|ын))(?:ых|ы|ым|ыми)(?![а-яё])")
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
# what may stand right before a son's bare name: nothing (he opens the sentence), a mark («сыновей: Виктор»,
# «— Алексей», «Старший, Павел»), a conjunction, a kinship word or the verb («погиб и Сергей», «вслед за Никитой»);
# not a role («Командир взвода Андрей», «земляк Роман»)
_FAMILY_SLOT = re.compile(r"(?:^|[,:;—–(-][ \t]*|(?<![А-ЯЁа-яё])(?:[Ии]|[Аа]|но|да|за|его|их|её|ее|[Сс]ын[а-яё]*|[Бб]рат[а-яё]*"
                          r"|[Сс]тарш[а-яё]*|[Мм]ладш[а-яё]*|[Сс]редн[а-яё]*|погиб[а-яё]*)[ \t]+)$")
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
                or _LIVING_CUE.search(_own_clause_after(doc, m.end(), s.end)):
            continue
        for k in (1, 2):
            out.append(NameParts(m.group(3), _first_nominative(m.group(k), case, "masc"), None, case, "masc",
                                 m.start(k), m.end(k) if k == 1 else m.end(3), kin_of_dead=True))
    return out


# «Братья Иван, Пётр и Фёдор Осиповы»: given names in a row before a pair that shares a plural surname


_ROW_TAIL = re.compile(r"(?<![А-ЯЁа-яё])((?:[А-ЯЁ][а-яё]+[ \t]*,[ \t]*){1,4})$")
_PLURAL_PAIR_AT = re.compile(r"([А-ЯЁ][а-яё]+)[ \t]+и[ \t]+[А-ЯЁ][а-яё]+[ \t]+[А-ЯЁ][а-яё]+?(?:ов|ев|ёв|ин|ын)(?:ы|ых|ым|ыми)"
                             r"(?![а-яё])")


def _row_before_pair(doc) -> list[NameParts]:
    out: list[NameParts] = []
    for r0, _, k in doc.refs:
        # (the pair's first name is a reference of its own, with a comma before it)
        if doc.persons[k].living or doc.text.rfind(",", max(0, r0 - 3), r0) < 0:
            continue
        pair = _PLURAL_PAIR_AT.match(doc.text, r0)
        tail = _ROW_TAIL.search(doc.text, max(0, r0 - 120), r0) if pair else None
        if tail is None:
            continue
        case = next((c for c in _NAME_CASE_ORDER if c in name_info(pair.group(1))[2]), None)
        row = [(x.start(), x.group()) for x in re.finditer(r"[А-ЯЁ][а-яё]+", tail.group(1))]
        infos = [name_info(w) for _, w in row]
        if case is None or not all(known and gender != "femn" and case in cases for known, _, cases, gender in infos):
            continue
        for off, w in row:
            start = tail.start(1) + off
            out.append(NameParts(doc.persons[k].surname, _first_nominative(w, case, "masc"), None, case, "masc",
                                 start, start + len(w), kin_of_dead=True))
    return out


def _pair_with_kin(doc) -> list[NameParts]:
    out: list[NameParts] = []
    for m in _PAIR_WITH_KIN.finditer(doc.text):
        infos = [name_info(m.group(k)) for k in ("a", "b")]
        case = next((c for c in _NAME_CASE_ORDER if all(c in info[2] for info in infos)), None)
        s = doc.sentence_at(m.start())
        if case is None or not all(known and gender != "femn" for known, _, _, gender in infos) \
                or _LIVING_ROW_BEFORE.search(doc.lower, max(s.start, m.start() - 40), m.start()) \
                or not _ROW_DEATH.search(doc.lower, s.start, s.end) \
                or _LIVING_CUE.search(_own_clause_after(doc, m.end(), s.end)):
            continue
        for k in ("a", "b"):
            out.append(NameParts(m.group("s"), _first_nominative(m.group(k), case, "masc"), None, case, "masc",
                                 m.start(k), m.end(k) if k == "a" else m.end(), kin_of_dead=True))
    return out


# «ПОГИБЛИ БРАТЬЯ ИВАН И ПЁТР СОКОЛОВЫ»: a headline in capitals
_CAPS_PAIR = re.compile(r"(?<![А-ЯЁа-яё])[А-ЯЁ]{3,}[ \t]+И[ \t]+[А-ЯЁ]{3,}[ \t]+[А-ЯЁ]{3,}(?:Ы|ЫХ|ЫМ|ЫМИ)(?![А-ЯЁа-яё])")
_CAPS_WORD = re.compile(r"(?<![А-ЯЁа-яё])[А-ЯЁ]+(?![А-ЯЁа-яё])")


def _caps_pairs(doc) -> list[NameParts]:
    """Two given names over a plural surname in capitals, read as in title case (same offsets)."""
    spans = [(m.start(), m.end()) for m in _CAPS_PAIR.finditer(doc.text)]
    if not spans:
        return []
    titled = _CAPS_WORD.sub(lambda w: w.group().capitalize() if len(w.group()) > 2 else w.group().lower(), doc.text)
    out = []
    for n in find_shared_surname(titled):
        s = doc.sentence_at(n.start)
        if any(a <= n.start < b for a, b in spans) and _ROW_DEATH.search(doc.lower, s.start, s.end) \
                and not _LIVING_ROW_BEFORE.search(doc.lower, max(s.start, n.start - 40), n.start):
            n.kin_of_dead = True
            out.append(n)
    return out


# «погибли оба сына Николая Соколова — Иван и Пётр», «У Николая Соколова … погибли двое сыновей — Иван и Пётр»:
# the sons by given name, the named parent (the one who lost them) living
_NUMBER = r"(?:оба|обоих|двое|двух|два|трое|троих|тр[её]х|три|четверо|четырёх)"
_NAME_WORDS = r"[А-ЯЁ][а-яё]+(?:[ \t]+[А-ЯЁ][а-яё]+){1,2}"
_BRACKET_AFTER = r"(?:[ \t]*\([^()\n]{0,40}\))?"  # («Иван (3 марта 2024 года) и Пётр (5 мая)»)
_ROW = (r"[ \t]*[—–:-][ \t]*(?P<a>[А-ЯЁ][а-яё]{2,})" + _BRACKET_AFTER
        + r"(?:[ \t]*,[ \t]*(?P<c>[А-ЯЁ][а-яё]{2,})" + _BRACKET_AFTER + r")?[ \t]*,?[ \t]+и[ \t]+"
        r"(?P<b>[А-ЯЁ][а-яё]{2,})(?![А-ЯЁа-яё-])(?![ \t]+[А-ЯЁ])")
_NUMBER_OF_SONS = re.compile(r"(?<![а-яё])" + _NUMBER + r"[ \t]+(?:сын|сыновей|сына|сыновья)(?![а-яё])")
_SONS_OF = re.compile(r"(?<![А-ЯЁа-яё])" + _NUMBER + r"[ \t]+(?:сын|сыновей|сына)[ \t]+(?P<who>" + _NAME_WORDS + ")" + _ROW)
_PARENT_HAS = re.compile(r"(?<![А-ЯЁа-яё])[Уу][ \t]+(?P<who>[^.!?\n—–:]{2,100}?)(?<![а-яё])"
                         + _NUMBER + r"[ \t]+(?:сын|сыновей|сына|сыновья)" + _ROW)


def _sons_of_named(doc) -> list[NameParts]:
    out: list[NameParts] = []
    for rx in (_SONS_OF, _PARENT_HAS):
        for m in rx.finditer(doc.text):
            # (the parent's name opens the span, or stands in it after a title: «У жительницы Кургана Марии …»)
            ref = min((r for r in doc.refs if m.start("who") <= r[0] < m.end("who")), default=None)
            s = doc.sentence_at(m.start())
            if ref is None or not _FAMILY_DEATH.search(doc.lower, s.start, s.end) \
                    or _LIVING_CUE.search(doc.lower, s.start, s.end) or _OTHER_CAUSE.search(doc.lower, s.start, s.end):
                continue
            parent = doc.persons[ref[2]]
            if all(s.start <= r[0] < s.end for r in doc.refs if r[2] == ref[2]):
                parent.living = True  # the one who lost them, named only here
            woman = name_info(parent.first_name or "")[3] == "femn"
            keys = [k for k in ("a", "c", "b") if m.group(k)]
            infos = [name_info(m.group(k)) for k in keys]
            case = next((c for c in _NAME_CASE_ORDER if all(c in info[2] for info in infos)), None)
            if woman or case is None or not all(known and gender != "femn" for known, _, _, gender in infos):
                continue  # (a mother's sons may bear another surname)
            for k in keys:
                out.append(NameParts(parent.surname, _first_nominative(m.group(k), case, "masc"), None, case, "masc",
                                     m.start(k), m.end(k), kin_of_dead=True))
    return out


def find_family(doc) -> list[NameParts]:
    """Men of a family the text names by its surname in the genitive plural, told dead by given name alone."""
    out: list[NameParts] = []
    if not any(g in doc.lower for g in _FAMILY_GATE):
        return out
    # (a plural surname is rare: found first, the family words before it checked then)
    found = [m for m in _PLURAL_SURNAME.finditer(doc.text) if _FAMILY_OF.search(doc.text, max(0, m.start() - 40), m.end())]
    fam = _FAMILY_OF.search(doc.text, max(0, found[0].start() - 40), found[0].end()) if found else None
    if fam is None or len({m.group(1) for m in found}) > 1:
        return out
    surname = fam.group(1)
    named_firsts = {fold(p.first_name) for p in doc.persons if p.first_name}
    seen: set[str] = set()
    # (the sons are named near the family's surname: a roundup's later story is another family's)
    for m in _BARE_NAME.finditer(doc.text, fam.end(), fam.end() + 800):
        word = m.group(1)
        known, _, cases, gender = name_info(word)
        if not known or gender == "femn" or any(r[0] <= m.start() < r[1] for r in doc.refs):
            continue
        s = doc.sentence_at(m.start())
        if m.start() > s.start and _CAPITALISED_BEFORE.search(doc.text, max(s.start, m.start() - 30), m.start()):
            continue  # part of a fuller name the name finder read otherwise
        if m.start() == s.start and doc.text[m.end(): m.end() + 1] == ":":
            continue  # a speaker's label
        if not _FAMILY_SLOT.search(doc.text[max(s.start, m.start() - 40): m.start()].lstrip()) \
                or _NOT_KIN_BEFORE.search(doc.lower, max(s.start, m.start() - 30), m.start()) \
                or _OTHER_BLOOD_NEAR.search(doc.lower, max(s.start, m.start() - 40), m.start()) \
                or any(p.is_known and "Geox" in p.tag for p in parse(word)):
            continue  # («погиб двоюродный брат Ивана — Николай»: a cousin's surname is not implied; «под Бахмутом»)
        case = next((c for c in _NAME_CASE_ORDER if c in cases), None)
        if case is None:
            continue
        first = _first_nominative(word, case, "masc")
        if fold(first) in named_firsts or fold(first) in seen:
            continue
        after = _own_clause_after(doc, m.end(), s.end)
        if _LIVING_CUE.search(after):
            continue
        nxt = _BOTH_DIED.match(doc.text, s.end)
        if not _FAMILY_DEATH.search(doc.lower, s.start, s.end) and not nxt:
            continue
        seen.add(fold(first))
        out.append(NameParts(surname, first, None, case, "masc", m.start(), m.end(), kin_of_dead=True))
    return out
