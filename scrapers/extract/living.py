"""Whose death a death word tells, and which named people are not this war's dead.

The core marks a name living when its own words say so («ранен», «вернулся из плена», «попал в плен», a role
before it); a death word in the same sentence used to veto that. But a sentence often tells two men's fates:
«В том же бою был ранен Максим Гудков, а Артём Зимин погиб», «Павел Котов и Олег Рябов выжили, Иван Ткачук погиб на
месте», «награждены сержант Игорь Семёнов и рядовой Олег Лыков (посмертно)». A death word vetoes only when it may be
the man's own: it is someone else's when it stands in another clause (a stretch between commas, dashes, colons,
brackets or «а/но») that names another person, or in a bracket right after another name, or in a clause whose subject
is «он/она» standing for the last other person named.

Also here: the genitive after a kinship noun («Муж Анны Котовой, Сергей Котов, погиб»: the woman is the dead man's
wife), a name set off after a role with a genitive complement («Дочь погибшего Алексея Бурова, Кристина Бурова,
окончила школу»), and a death told of a man whose cause is not this war («погиб в Афганистане», «в первую
чеченскую», «в ДТП», «умер от болезни»). Works on the core's Doc (text, lower, sentences, refs, names) without
importing it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from .morph import fold, parse

# A death told of someone: the core's words of death, and a wound that killed («ранение, несовместимое с жизнью»).
DEATH_HERE = re.compile(r"погиб\w*|гибел\w+|скончал\w+|убит\w*|похорон\w+|прощани\w+|простил\w+|посмертн\w+"
                        r"|памят\w+|\bумер\w*|груз\w*\s*«?200|несовместим\w*\s+с\s+жизнью|смертельн\w+"
                        r"|не\s+стало|спасти\s+(?:\w+\s+)?(?:\w+\s+)?не\s+удалось|не\s+выжил\w*"
                        r"|сердце\s+(?:\w+\s+){0,2}?(?:останов|перестал)\w*|не\s+совместим\w*|убил[оаи]?(?![а-яё])", re.I)
# What splits a sentence into the stretches one subject's words fill (a comma too: «Котов и Рябов выжили, Ткачук
# погиб»; the words of an apposition hold no other name, so they never move a death away from the man).
_BREAK = re.compile(r"[,;:()]|\s[—–]\s|\s[—–]|[—–]\s|(?<![А-ЯЁа-яё])(?:а|но|однако|зато)(?![А-ЯЁа-яё-])")
_POSSESSIVE = re.compile(r"(?<![а-яё])(его|её|ее)[ \t]+(?:[а-яё]+[ \t]+)?$")
_WORD_END = re.compile(r"\w*")
# (any words but no stop: the first name after the death word is the next one the name finder found; after a noun or
# an adverb a bracket closing it and a list's dash too: «орденом Мужества (посмертно) — сержант Ахмед Салаватов»)
_VERB_GAP = re.compile(r"(?:[ \t]+[^\s,.;:!?()—–]+){0,6}[ \t]+")
_NOUN_GAP = re.compile(r"\)?(?:[ \t]+[—–])?(?:[ \t]+[^\s,.;:!?()—–]+){0,6}[ \t]+")
_FINITE_DEATH = re.compile(r"погиб(?:ла|ли)?|скончал(?:ся|ась|ись)|умер(?:ла|ли)?|убит[аоы]?|пал[аи]?|стало")
_PARTICIPLE_OPENS = re.compile(r"[ \t]*(?:погибш|павш|скончавш|умерш)")
_PRONOUN_SUBJECT = re.compile(r"\s*(?:и\s+|же\s+)?(?:он|она|тот|та)(?![а-яё])", re.I)


def _sentence_names(doc, lo: int, hi: int) -> list:
    names = getattr(doc, "names", None) or []
    starts = getattr(doc, "_name_starts", None)
    if starts is None or len(starts) != len(names):
        starts = doc._name_starts = [n.start for n in names]
    i = bisect_left(starts, lo)
    out = []
    while i < len(names) and names[i].start < hi:
        out.append(names[i])
        i += 1
    return out


def _same_man(a, b) -> bool:
    """«Иван Раков … Сам Иван погиб»: the second is the first by one of his names."""
    if a is b or (a.start, a.end) == (b.start, b.end):
        return True
    af, bf = getattr(a, "first_name", None), getattr(b, "first_name", None)  # (an initialled name has none)
    if a.surname and b.surname and fold(a.surname)[:5] == fold(b.surname)[:5] and (
            not af or not bf or fold(af)[:3] == fold(bf)[:3]):
        return True
    return bool(af and bf and (not a.surname or not b.surname) and fold(af)[:4] == fold(bf)[:4])


def _clause(doc, s, pos: int) -> tuple[int, int]:
    lo, hi = s.start, s.end
    for m in _BREAK.finditer(doc.text, s.start, s.end):
        if m.end() <= pos:
            lo = m.end()
        elif m.start() > pos:
            hi = m.start()
            break
    return lo, hi


def others_death(doc, n, s, start: int) -> bool:
    """The death word at ``start`` in sentence ``s`` is told of someone other than ``n``."""
    if n.start <= start < n.end:
        return False
    lo, hi = _clause(doc, s, start)
    word_end = _WORD_END.match(doc.text, start).end()
    verb = _FINITE_DEATH.fullmatch(doc.lower, start, word_end) is not None
    if verb and lo <= n.start < hi:
        return False  # «Погибли Иван Гущин и Пётр Лавров»: the verb of his own clause
    # «узнал о гибели брата Сергея Коврова», «погибшего Ивана», «посмертно — рядовой Артём Лукин»: a death noun,
    # participle or adverb is told of the name that follows it (a few words between; a verb's name, when its clause
    # has none: «погиб его друг Пётр»)
    nxt = _sentence_names(doc, start, s.end)
    gap = _VERB_GAP if verb else _NOUN_GAP
    if nxt and gap.fullmatch(doc.text, word_end, nxt[0].start):
        return not _same_man(nxt[0], n)
    if lo <= n.start < hi:
        return False  # his own clause
    # «не может поверить в его гибель»: a possessive of the other sex is someone else's death
    owner = _POSSESSIVE.search(doc.lower, max(lo, start - 12), start)
    if owner is not None and getattr(n, "gender", "") in ("masc", "femn") \
            and n.gender != ("masc" if owner.group(1) == "его" else "femn"):
        return True
    inside = [m for m in _sentence_names(doc, lo, hi) if m.end <= hi]
    if inside:
        return not any(_same_man(m, n) for m in inside)
    # «мужа — Андрея Соколова, погибшего в зоне СВО»: a participle opening the clause after another name is his
    opener = doc.text[s.start:lo].rstrip()[-1:]  # the break that opens the clause
    if opener == "," and _PARTICIPLE_OPENS.match(doc.lower, lo):
        before = [m for m in _sentence_names(doc, s.start, lo) if doc.text[m.end:lo].strip(" \t,") == ""]
        if before:
            return not _same_man(before[-1], n)
    # «(посмертно)», «— посмертно» right after a name: that man's
    if opener and opener in "(—–" and not doc.text[start:hi].strip(" \t)").count(" "):
        before = [m for m in _sentence_names(doc, s.start, lo) if doc.text[m.end:lo].strip(" \t(—–") == ""]
        if before:
            return not _same_man(before[-1], n)
        return False
    # «…, а Дмитрия Назарова спасти не удалось: он погиб»: the pronoun stands for the last person named before
    if _PRONOUN_SUBJECT.match(doc.text, lo) and _PRONOUN_SUBJECT.match(doc.text, lo).end() <= start:
        before = _sentence_names(doc, s.start, lo)
        if before:
            return not _same_man(before[-1], n)
    return False


def death_here(doc, n, s, lo: int | None = None, hi: int | None = None, rx: re.Pattern = DEATH_HERE) -> bool:
    """A death word in ``lo:hi`` (the sentence by default) that may be told of ``n``."""
    lo = s.start if lo is None else lo
    hi = s.end if hi is None else hi
    for m in rx.finditer(doc.text, lo, hi):
        t = doc.sentence_at(m.start()) if not (s.start <= m.start() < s.end) else s
        if not others_death(doc, n, t, m.start()):
            return True
    return False


# Kinship nouns that can only be nominative (or, for «мать», «дочь», accusative — never before a genitive of
# possession in apposition): «Муж Анны Котовой», «Сын Галины Лыковой».
_KIN_NOMINATIVE = {"муж", "супруг", "сын", "брат", "отец", "папа", "внук", "племянник", "зять", "жена", "супруга", "дочь",
                   "сестра", "мать", "мама", "вдова", "сыновья", "братья", "дети", "внуки"}
_KIN_COUNTED = {"сына", "брата", "внука"}  # «Оба сына Татьяны Ефимовой»: after a numeral
_NUMERAL = {"оба", "два", "двое", "трое", "три", "четверо"}
_NAME_ROW = r"[А-ЯЁ][а-яё-]+(?:[ \t]+(?:и[ \t]+)?[А-ЯЁ][а-яё-]+){1,4}"
# after the genitive name: the kinsman's own name (titles before it) and his death verb, or the verb at once
_KIN_DIES_AFTER = re.compile(r"[ \t]*(?:[,—–-][ \t]*)?(?:(?:[а-яё-]+[ \t]+){0,3}" + _NAME_ROW + r"[ \t]*(?:[,—–-][ \t]*)?)?"
                             r"(?:(?:тоже|также|геройски|героически|трагически)[ \t]+)?"
                             r"(?:погиб\w*|скончал\w*|пал|пали|умер\w*)(?![а-яё])")


def kin_died_too(doc, n, before: list[str]) -> bool:
    """«Отец Дениса Кольцова, Андрей Кольцов, тоже погиб»: the kinsman died too, so the genitive man is dead."""
    if getattr(n, "case", "nomn") == "nomn" or not before or before[-1] not in _KIN_NOMINATIVE:
        return False
    dies = _KIN_DIES_AFTER.match(doc.text, n.end)
    return dies is not None and re.search(r"(?<![а-яё])(?:тоже|также)(?![а-яё])", dies.group(0)) is not None


def comma_possessive(doc, s, n, back: int) -> bool:
    """«На прощании с Денисом, погибшим в зоне СВО, его отец Андрей»: between the death word ``back`` tokens before the
    name and the name, a comma then «его/её/их» opens another man's phrase (not «погибла её подруга Марина»)."""
    toks = doc.tokens_between(s.start, n.start)
    if back > len(toks):
        return False
    return _COMMA_POSSESSIVE.search(doc.lower, toks[-back][1], n.start) is not None


_COMMA_POSSESSIVE = re.compile(r",[ \t]*(?:его|её|ее|их)[ \t]")


def kin_of_the_dead(doc, n, before: list[str]) -> bool:
    """«Муж Анны Котовой, Сергей Котов, погиб», «Сын Галины Лыковой Илья Лыков погиб», «Оба сына Татьяны Ефимовой —
    Кирилл и Максим Ефимовы — погибли»: the genitive after a nominative kinship noun whose death the sentence tells
    names the living one it was kin to (not «Мать Андрея Сидорова получила орден»: there the verb is not a death)."""
    if getattr(n, "case", "nomn") == "nomn" or not before:
        return False
    kin = before[-1]
    if kin not in _KIN_NOMINATIVE and not (kin in _KIN_COUNTED and len(before) > 1 and before[-2] in _NUMERAL):
        return False
    dies = _KIN_DIES_AFTER.match(doc.text, n.end)
    # («Отец Дениса Кольцова, Андрей Кольцов, тоже погиб»: the genitive man died too)
    return dies is not None and not re.search(r"(?<![а-яё])(?:тоже|также)(?![а-яё])", dies.group(0))


_APPOSED_GAP = re.compile(r"[ \t]*(?:,|[—–-])?[ \t]*")  # («Сослуживцы Кирилла Сафронова Игорь Зимин»: the cases differ)
# between the role and the genitive name: the dead man's participle and titles («Дочь погибшего в зоне СВО бойца»)
_ROLE_TO_GENITIVE = re.compile(r"(?:[ \t]+(?:[а-яё-]+|СВО|[А-ЯЁ]{2,5})){0,7}[ \t]+")
_LIVING_ROLE_OPENING = re.compile(
    r"(?:дочь|дочка|сын|сестра|брат|мать|мама|отец|папа|вдова|жена|супруга|супруг|муж|бабушка|дедушка|дед|тётя|тетя"
    r"|дядя|родители|сёстры|сестры|братья|дети|внук|внучка|племянни(?:к|ца)|друг|подруга|одноклассни(?:к|ца|ки)"
    r"|сослуживец|сослуживцы|учитель|учительница|тренер|командир|классный[ \t]+руководитель|директор|наставник)$")
_DIES_WORD = re.compile(r"погиб|скончал|умер|пал[аи]?$|гибел|простил|похорон|стало$")
_OWN_DEATH_AFTER = re.compile(r"[ \t]*[,—–-]?[ \t]*(?:(?:тоже|также|героически)[ \t]+)?(?:погиб|скончал|пал|умер)", re.I)


def named_after_role_of_dead(doc, n, s) -> bool:
    """«Дочь погибшего Алексея Бурова, Кристина Бурова, окончила школу», «Родители Ивана Белкина — Николай Петрович
    и Татьяна Ивановна Белкины — получили награду»: a nominative name set off right after a genitive name names the
    role (a kinsman, a friend, a teacher) that opens the clause and heads that genitive — not the dead man."""
    if getattr(n, "case", "") != "nomn" or _OWN_DEATH_AFTER.match(doc.text, n.end):
        return False
    names = _sentence_names(doc, s.start, n.start)
    # the genitive name, the gap before n, and any names of n's own row between
    row_start = n.start
    for m in reversed(names):
        gap = doc.text[m.end:row_start]
        if re.fullmatch(r"[ \t]*(?:,|и|,[ \t]*и)[ \t]*", gap) and getattr(m, "case", "") == "nomn":
            row_start = m.start  # «Николай Петрович и Татьяна Ивановна Белкины»: one row
            continue
        if not _APPOSED_GAP.fullmatch(gap) or getattr(m, "case", "") == "nomn":
            return False
        lo = _clause(doc, s, m.start)[0]
        # the role heads the genitive: it stands among the last words before it, only the dead man's participle
        # and titles between («выразили одноклассники погибшего Ивана Лосева — Артём Зуев»)
        words = doc.lower[lo:m.start].split()
        for j in range(len(words) - 1, max(-1, len(words) - 8), -1):
            pair = " ".join(words[j - 1:j + 1]) if j else ""
            if _LIVING_ROLE_OPENING.fullmatch(words[j]) or _LIVING_ROLE_OPENING.fullmatch(pair):
                # (not «погиб сын главы поселения Андрея Котова — Максим Котов»: the role is the dead man's)
                return not any(any(t in parse(w)[0].tag for t in ("VERB", "INFN", "GRND", "CONJ"))
                               for w in words[j + 1:]) and not any(_DIES_WORD.match(w) for w in words[:j])
        return False
    return False


# A death told of a man whose cause is not this war: an old war, a road, an illness (not «умер от ран»).
# (the Chechen wars by their names only: «Ахмат-Чечня», «уроженец Чечни» are no war)
_OTHER_CAUSE = re.compile(r"афганистан|афганск|чеченск\w+\s+(?:войн|кампани)|(?:перв|втор)\w+\s+чеченск"
                          r"|великой\s+отечественной|(?<![а-яё])вов(?![а-яё])"
                          r"|сталинград|курск\w+\s+дуг|в\s+годы\s+войны"
                          # a year of the death before this war («в январе 1995 года», «в 2010 году»; not «выпускник
                          # 2012 года»)
                          r"|(?<![а-яё])в\s+(?:[а-яё]+\s+)?(?:19\d\d|200\d|201[0-3])\s*(?:году|года|г\.|годах|-х)"
                          r"|(?<![а-яё])дтп(?![а-яё])|авари\w*"
                          r"|автокатастроф|от\s+(?:тяж[её]л\w+\s+|продолжительн\w+\s+)?болезни|от\s+рака|инфаркт|инсульт"
                          r"|ковид|коронавирус|(?<![а-яё])утонул|приступ|пожар\w*|на\s+(?:[7-9]\d|1\d\d)-?м\s+году\s+жизни|мирн\w+\s+жител\w+"
                          r"|в\s+(?:баре|кафе|драке|ссоре)")
_THIS_WAR = re.compile(r"(?<![а-яё])сво(?![а-яё])|специальн\w+\s+военн|спецопераци|украин|донбасс|(?<![а-яё])[дл]нр(?![а-яё])"
                       r"|202[2-9]|(?<![а-яё])(?:под|в|у)\s+(?:бахмут|авдеевк|угледар|марьинк|кременн|купянск|херсон"
                       r"|запорож|курск|белгород|артёмовск|артемовск|соледар|работин|покровск|торецк|часов)|от\s+ран"
                       # a fire or a blast at the front («при пожаре в блиндаже после попадания снаряда»)
                       r"|снаряд|обстрел|блиндаж|позици|(?<![а-яё])бо[юя](?![а-яё])|штурм|дрон|беспилотник|бпла|фронт"
                       r"|боев\w+\s+задач|ракет|мин[аеуы](?![а-яё])")
# his own verb or participle after the name («Василий Жуков, погиб в Афганистане», «Николаем Ершовым, скончавшимся на
# 92-м году жизни»), or the verb before it («в ДТП погиб 45-летний Олег Малинин»)
_OWN_VERB = re.compile(r"[ \t]*,?[ \t]*(?:\([^()\n]{0,40}\)[ \t]*)?(?:[а-яё]+(?:ый|ий)(?![а-яё])[^,.!?\n«»()]{0,60},[ \t]*)?"
                       r"(?:тоже[ \t]+|также[ \t]+)?(?i:погиб(?:ла)?|скончал(?:ся|ась)|умер(?:ла)?|пал"
                       r"|(?:погибш|скончавш|умерш|застреленн|зарезанн)\w+|убит[аоы]?)(?![а-яё])")
_PARTICIPLE_END = re.compile(r"(?i:погибш|скончавш|умерш|застреленн|зарезанн)\w+$")
# «Пётр Кольцов воевал в Афганистане и умер в 2010 году»: his verb after another of his
_CHAINED_VERB = re.compile(r"[ \t]+[а-яё]+[^.!?\n,;:]{0,60}?[ \t]и[ \t]+(?:(?:тоже|также|там|позже|потом)[ \t]+)?"
                           r"(?i:погиб|умер|скончался)(?![а-яё])")
_VERB_BEFORE = re.compile(r"(?<![а-яё])(?:погиб(?:ла|ли)?|скончал(?:ся|ась|ись)|умер(?:ла|ли)?|пал|убит[аы]?)(?![а-яё])"
                          r"(?:[ \t]+[а-яё0-9-]+){0,4}[ \t]*$")


_QUOTED = re.compile(r"«[^«»]*»|\"[^\"]*\"")


def _cause_clause_end(doc, pos: int, hi: int) -> int:
    m = re.compile(r"[,;.!?\n]|(?<![а-яё])(?:а|но)(?![а-яё])").search(doc.lower, pos, hi)
    return m.start() if m else hi


def death_of_another_cause(doc, n, s) -> bool:
    """«Дед Алексея, Василий Жуков, погиб в Афганистане», «Его отец, Сергей Белых, погиб в первую чеченскую», «в ДТП
    погиб 45-летний Олег Малинин»: the clause that tells the man's death names an old war, a road or an illness and
    nothing of this war — he is remembered, not counted."""
    own = _OWN_VERB.match(doc.text, n.end) or _CHAINED_VERB.match(doc.text, n.end)  # (as written: an apposition in
    # lower case is no name)
    if own is not None and getattr(n, "case", "") != "nomn" and not _PARTICIPLE_END.search(own.group(0)):
        own = None  # «Мать бойца Ильи Рогова умерла от инфаркта»: a finite verb after a genitive is not his
    if own is not None:
        tail = _QUOTED.sub(" ", doc.lower[own.end():_cause_clause_end(doc, own.end(), s.end)])
        return bool(_OTHER_CAUSE.search(tail)) and not _THIS_WAR.search(tail)
    if getattr(n, "case", "") != "nomn":
        return False
    lo = _clause(doc, s, n.start)[0]
    if _VERB_BEFORE.search(doc.lower, lo, n.start):
        head = _QUOTED.sub(" ", doc.lower[lo:n.start])  # (a unit's name in quotes is no cause)
        return bool(_OTHER_CAUSE.search(head)) and not _THIS_WAR.search(head)
    return False


# «учился в школе имени генерала армии Василия Маргелова», «в день Ивана Купалы», «у памятника Александру Матросову»,
# «уничтожен командир батальона ВСУ Тарас Бойко»: a name that is a dedication, a feast, a monument or the enemy
# (matched on the text as written: the title words after «имени» are lower-case, not a name's)
_NAMED_THING_BEFORE = re.compile(
    r"(?:(?<![А-ЯЁа-яё])(?:имени|им\.)(?:[ \t]+(?!погибш|павш|геро)[а-яё-]+){1,3}"
    r"|(?<![А-ЯЁа-яё])(?i:день|дня|дню|днём|днем|праздник\w*)"
    r"|(?<![А-ЯЁа-яё])(?i:памятник\w*|бюст\w*|монумент\w*|скульптур\w*)"
    # a street's or a square's name: «на площади Александра Невского», «улица Николая Островского»
    r"|(?<![А-ЯЁа-яё])(?i:улиц\w+|площад\w+|проспект\w*|переул\w+|бульвар\w*|набережн\w+|шоссе|проезд\w*|аллее|аллея"
    r"|аллеи|сквер\w*|парк\w*)(?:[ \t]+[а-яё-]+)?)[ \t]+$")
# (the enemy's mark in the title right before the name: «командир батальона ВСУ Тарас Бойко», not «Снайпер противника
# сразил ефрейтора Алексея Дубова» — a verb between makes the name its object)
_ENEMY_BEFORE = re.compile(r"(?<![а-яё])(?:всу|вфу|неонацист\w*|националист\w*|наёмник\w*|наемник\w*"
                           r"|украинск\w+\s+(?:армии|военн\w+|нацбат\w*|батальон\w*|бригад\w*|подразделени\w+))"
                           r"(?:[ \t]+[а-яё«»\"-]+){0,2}[ \t]*$"
                           # «украинский лётчик Олег Ткаченко» (one title word between: not «украинского села Ивановки»)
                           r"|(?<![а-яё])украинск(?:ий|ого|ому|им|ом|ие|их)[ \t]+[а-яё-]+[ \t]+$")
# «мирная жительница Анна Соболева»: a civilian killed is no serviceman
_CIVILIAN_BEFORE = re.compile(r"(?<![а-яё])мирн\w+[ \t]+(?:жител\w+|гражданин\w*|гражданк\w+)[ \t]+$")
# (the credit's own words up to the name: not «Фото: из семейного архива. На фото: Иван …», a caption after a stop)
_CREDIT_LINE = re.compile(r"[ \t]*(?i:фото|фотография|текст|автор|источник|видео|съ[её]мка|подготовил\w*)[ \t]*:"
                          r"[^\n.!?:]*$")
_DEAD_MARK_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:погибш|павш|скончавш|умерш)")


# «Как и Александр Матросов, он закрыл собой товарищей», «Подобно Гастелло, он …»: a man the dead is likened to
_LIKENED_BEFORE = re.compile(r"(?<![А-ЯЁа-яё])(?:[Кк]ак[ \t]+и|[Пп]одобно|[Сс]ловно|[Бб]удто)(?:[ \t]+(?:легендарн\w+|знаменит\w+"
                             r"|великий|великого|великому|[Гг]еро\w+(?:[ \t]+[А-ЯЁ][а-яё]+){0,2}))?[ \t]+$")
_LIKENED_AFTER = re.compile(r"[ \t]*,[ \t]*(?:[а-яё]+[ \t]+)?(?:он|она)(?![а-яё])")


def named_thing_or_enemy(doc, n, s) -> bool:
    if _DEAD_MARK_AFTER.match(doc.lower, n.end):
        return False  # «памятник Ивану Петрову, погибшему в зоне СВО»: a memorial of this war's dead
    lo = max(s.start, n.start - 60)
    if _LIKENED_AFTER.match(doc.text, n.end) and _LIKENED_BEFORE.search(doc.text, lo, n.start):
        return True
    if _NAMED_THING_BEFORE.search(doc.text, lo, n.start) or _CIVILIAN_BEFORE.search(doc.lower, lo, n.start):
        return True
    line = doc.text.rfind("\n", 0, n.start) + 1
    if _CREDIT_LINE.match(doc.text, line, n.start):
        return True  # «Фото: пресс-служба администрации / Иван Пестов»: a credit
    enemy = _ENEMY_BEFORE.search(doc.lower, lo, n.start)
    return enemy is not None and not any(
        any(t in parse(w)[0].tag for t in ("VERB", "PRTS", "INFN", "GRND", "PREP"))
        for w in doc.lower[enemy.start():n.start].split()[1:])


# «Наталья Пронина, классный руководитель Максима, до сих пор не может поверить в его гибель»: a living role set off
# after the name, and a predicate after it that is no death
_ROLE_APPOSITION = re.compile(
    r"[ \t]*,[ \t]*(?:(?:его|её|ее|их|наш\w*|бывш\w+|классн\w+|школьн\w+|районн\w+|местн\w+|старш\w+)[ \t]+){0,2}"
    r"(?:учител|учительниц|руководител|директор|завуч|тренер|воспитател|глав[аы](?![а-яё])|губернатор|мэр|депутат"
    r"|председател|священник|настоятел|имам|муфти|волонт[её]р|психолог|врач|хирург|журналист|корреспондент|мама(?![а-яё])"
    r"|мать(?![а-яё])|отец(?![а-яё])|папа(?![а-яё])|вдова|жена(?![а-яё])|сестра(?![а-яё])|бабушка|дедушка"
    r"|военн\w+[ \t]+комиссар|военком|краевед|историк|составител|фотограф|редактор|корреспондент|журналист)"
    r"[^,.!?\n«»():]{0,60}(?:,[ \t]*(?!(?:тоже|также|героически)?[ \t]*(?:погиб|скончал|пал|умер))[а-яё]"
    r"|:[ \t]*[«\"„“—–-]|[ \t]*[.!]?[ \t]*(?:\n|$))")  # (or the apposition ends the text or its line)  # («Сергей Дудин, военный комиссар района: «Андрей … погиб»»: he speaks)
# «Вместе с ним служил Алексей Трофимов — он и рассказал о последнем бое друга»
_RESUMED_SPEAKER = re.compile(r"[ \t]*[,—–-][ \t]*(?:он|она)[ \t]+(?:и|же|то)?[ \t]*(?:рассказал|вспомина|поделил|сообщил"
                              r"|написал|передал|вручил|говорит|рассказыва|вспоминал)\w*")
# council minutes: «Слушали: Петрова И.А.», «Выступили: …»
_MINUTES_LABEL = re.compile(r"(?<![а-яё])(?:слушали|выступили|выступил[аи]?|докладчик|содокладчик|докладывает|председательствующ\w+"
                            r"|секретарь|присутствовали)[ \t]*:[ \t]*$")


def speaks_or_serves(doc, n, s) -> bool:
    """A name the words around make a speaker, a mourner, a relative or an office-holder, not the dead — unless a death
    word before his speech may be his own."""
    if _KIN_OF_DEAD_APPOSED.match(doc.lower, n.end):
        return not death_here(doc, n, s, s.start, n.end)  # «Ольге Соколовой, вдове погибшего Андрея Соколова, …»
    if getattr(n, "case", "") not in ("nomn", ""):
        return False
    quoted = _APPOSED_SPEAKER.match(doc.text, n.end)
    if quoted is not None:
        return not death_here(doc, n, s, s.start, quoted.end())  # (what he says in quotes is not told of him)
    if _MINUTES_LABEL.search(doc.lower, max(s.start, n.start - 40), n.start) or _MOURNER_AFTER.match(doc.lower, n.end) \
            or _WITH_HIM_AFTER.match(doc.lower, n.end):
        return not death_here(doc, n, s, s.start, n.start)
    role = _ROLE_APPOSITION.match(doc.lower, n.end) or _RESUMED_SPEAKER.match(doc.lower, n.end)
    return role is not None and not death_here(doc, n, s)


# «Сержант Пётр Гуров, его командир: «Он погиб, спасая нас»»: a name, a short apposition, a colon, a quote
_APPOSED_SPEAKER = re.compile(r"[ \t]*,[ \t]*[^,.:;!?\n«»()]{2,50}:[ \t]*[«\"„“]")
# «Рустам Гарипов простился с Ильдаром Ахметовым»: the subject of a farewell or a tribute is a mourner
_MOURNER_AFTER = re.compile(r"[ \t]+(?:[а-яё]+[ \t]+)?(?:простил(?:ся|ась|ись)[ \t]+с|проводил\w*[ \t]+в[ \t]+последний"
                            r"|почтил\w*[ \t]+память|возложил\w*[ \t]+(?:цветы|венок|венки))(?![а-яё])")
# «Никита Орехов дружил с ним с первого класса», «Глеб Ершов служил вместе с ним»: his verb with «him», the dead man
_WITH_HIM_AFTER = re.compile(r"[ \t]+(?:[а-яё]+[ \t]+){0,2}?[а-яё]+л(?:ся|ась|и|ись|а)?[ \t]+(?:[а-яё]+[ \t]+){0,2}?"
                             r"(?:вместе[ \t]+)?с[ \t]+(?:ним|ней)(?![а-яё])")
# «Ольге Соколовой, вдове погибшего Андрея Соколова»: a relative of the dead set off after the name, in any case
_KIN_OF_DEAD_APPOSED = re.compile(
    r"[ \t]*,[ \t]*(?:(?:его|её|ее|их)[ \t]+)?(?:мам|мат[ер]|отц|отец|пап|вдов|жен[аеуы]|женой|супруг|сестр|брат"
    r"|доч|сын|бабушк|дедушк)[а-яё]*[ \t]+(?:погибш|павш|геро|бойц|военнослужащ|рядов|сержант)[а-яё]*")


def genitive_complement(words: list[str]) -> bool:
    """«руководитель местного отделения «Боевого братства» Андрей Зуев»: up to seven words after a role that may all
    be genitive are its complement, and the role still heads the name after them."""
    return 0 < len(words) <= 7 and all(any(p.tag.case == "gent" for p in parse(w)) for w in words)


def deaths_of_other_causes(doc) -> None:
    """Marks not counted the dead whose every named death is of another cause (run after the relevance verdict, which
    weighs such deaths itself: «Отдельно: ветеран СВО погиб в ДТП» beside a list of farewells)."""
    if not _OTHER_CAUSE.search(doc.lower):
        return  # (one search a text: most name no other cause at all)
    names = {m.start: m for m in getattr(doc, "names", None) or []}
    told: dict[int, list[bool]] = {}
    for start, _, i in doc.refs:
        n = names.get(start)
        if n is not None and not doc.persons[i].living and getattr(n, "surname", None):
            told.setdefault(i, []).append(death_of_another_cause(doc, n, doc.sentence_at(start)))
    for i, flags in told.items():
        if any(flags):
            doc.persons[i].living = True


def told_dead_at(doc, start: int) -> bool:
    """The sentence of the name at ``start`` tells a death that may be that person's («Ольга Соколова приняла орден
    мужа — Андрея Соколова, погибшего в зоне СВО»: the participle is her husband's)."""
    s = doc.sentence_at(start)
    n = next((m for m in _sentence_names(doc, start, start + 1) if m.start == start), None)
    return death_here(doc, n, s) if n is not None else bool(DEATH_HERE.search(s.text))


# «…, а его сослуживцу Денису Шатову — посмертно», «Ивану Петрову (посмертно)», «Ивану Петрову, погибшему …»
_POSTHUMOUS_AFTER = re.compile(r"[ \t]*(?:[—–(,][ \t]*)?(?:посмертно|погибш\w+|павш\w+)(?![а-яё])")


def marked_dead_after(doc, n) -> bool:
    """A posthumous mark or the dead man's participle set right after the name: he is the dead, whatever role precedes."""
    return _POSTHUMOUS_AFTER.match(doc.lower, n.end) is not None


def told_alive_later(doc, n) -> bool:
    """«… прикрывая Олега Котова. Олег выжил.»: the text says later, by his given name, that he survived."""
    first = getattr(n, "first_name", None)
    if not first or not may_survive(doc.lower):
        return False
    for m in _survived(first[:-1] if first[-1] in "аяйь" else first).finditer(doc.text, n.end):
        if not DEATH_HERE.search(doc.sentence_at(m.start()).text):
            return True
    return False


def may_survive(low: str) -> bool:
    return "выжил" in low or "уцелел" in low or "остался жив" in low or "осталась жив" in low or "в живых" in low


@lru_cache(maxsize=4096)
def _survived(stem: str) -> re.Pattern:
    return re.compile(r"(?<![А-ЯЁа-яё])" + re.escape(stem) + r"(?:а|я|у|ю|й|ь)?[ \t]+(?:тоже[ \t]+|также[ \t]+|чудом[ \t]+)?"
                      r"(?:выжил|уцелел|остал(?:ся|ась)[ \t]+(?:жив|в[ \t]+живых))(?![а-яё])")
