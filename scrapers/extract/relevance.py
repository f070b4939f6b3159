"""Is a text about a Russian serviceman killed in the war, and how many dead go unnamed?"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WAR = re.compile(
    r"\bСВО\b|специальн\w+\s+военн\w+\s+операци\w+|спецоперац\w+|зон\w+\s+боев\w+|боев\w+\s+(?:задач|действ)\w*"
    r"|на\s+Украине|на\s+фронте|\bфронт\w*|в\s+бою|воинск\w+\s+долг\w*|\bшахад\w*|Шторм|\bЧВК\b|Вагнер"
    r"|Курской\s+области|Донбасс\w*|Авдеевк\w+|Бахмут\w*|Угледар\w*|обстрел\w*|посмертно|\bгеро\w+",
    re.I,
)
_DEATH = re.compile(
    r"погиб\w*|гибел\w+|скончал\w+|\bумер\b|смерт\w+|прощани\w+|простил\w+|простят\w+|похорон\w+|"
    r"погребен\w+|проводили\s+в\s+последний|памят\w+|посмертно|павш\w+|убит\w*|\b200\b|груз\s*200",
    re.I,
)
_NEGATIVE = [
    ("road accident", re.compile(r"\bДТП\b|авари\w+|столкнул\w+|столкновени\w+|сбил\w*\s+(?:машин|автомоб)|под\s+колёсами", re.I)),
    ("fire", re.compile(r"\bпожар\w*|\bгорел\w*|угарн\w+", re.I)),
    ("ww2", re.compile(r"Великой\s+Отечественной|\bВОВ\b|1941|1945|фронтовик\w*|Сталинград\w*|блокад\w+", re.I)),
    ("anniversary", re.compile(r"годовщин\w+|лет\s+со\s+дня|\bюбиле\w+", re.I)),
    ("ukrainian soldier", re.compile(r"\bВСУ\b|украинск\w+\s+(?:военн|боец|бойц|солдат|морпех|десантник)\w*|\bАзов\w*\b", re.I)),
    ("missing", re.compile(r"пропал\w*\s+без\s+вести|без\s+вести\s+пропавш\w+", re.I)),
    ("wounded", re.compile(r"ранен\w*|госпитал\w+|лечени\w+", re.I)),
    ("award to living", re.compile(r"наград\w+|вручил\w*|медал\w+|орден\w*", re.I)),
]
_NEGATIVE_BY_REASON = dict(_NEGATIVE)
_WAR_DEATH = re.compile(
    r"(?:погиб\w*|гибел\w+|скончал\w+)[^.!?\n]{0,80}(?:СВО|специальн\w+\s+военн|спецоперац|боев|фронт|на\s+Украине"
    r"|при\s+(?:выполнении|исполнении)|защищая|в\s+бою|под\s+[А-ЯЁ]|в\s+районе\s+[А-ЯЁ]|обстрел|штурм)"
    r"|(?:СВО|специальн\w+\s+военн\w+\s+операци\w+|спецоперац\w+)[^.!?\n]{0,60}(?:погиб\w*|гибел\w+)"
    r"|погибш\w+\s+(?:в\s+зоне|в\s+ходе|на\s+СВО|в\s+СВО|участник\w*|воин\w*|бойц\w*|героя?)"
    r"|(?:простил\w+|похорон\w+|прощани\w+|простят\w+)\s+(?:с\s+)?(?:участник\w+|бойц\w+|военнослужащ\w+|добровольц\w+"
    r"|мобилизованн\w+|контрактник\w+|десантник\w+|защитник\w+|солдат\w*)",
    re.I,
)


@dataclass
class Verdict:  # noqa: D101
    relevant: bool
    reason: str | None = None


def judge(doc) -> Verdict:
    """Negative only on positive evidence of another story (accident, WWII, a
    Ukrainian soldier, the living); a death notice needs no war keyword, since
    memorial books and governors' posts often have none."""
    text = doc.text
    death = bool(_DEATH.search(text))
    war_death = bool(_WAR_DEATH.search(text))
    if not death:
        for reason in ("award to living", "missing", "wounded"):
            if _NEGATIVE_BY_REASON[reason].search(text):
                return Verdict(False, reason)
        return Verdict(False, "unrelated")
    svo = bool(re.search(r"\bСВО\b|специальн\w+\s+военн|спецоперац", text, re.I))
    for reason, rx in _NEGATIVE:
        if reason in ("award to living", "wounded", "missing"):
            continue
        if reason == "ww2":
            if rx.search(text) and not svo:
                return Verdict(False, reason)
            continue
        if rx.search(text) and not war_death:
            return Verdict(False, reason)
    return Verdict(True)


_UNNAMED = re.compile(
    r"(?:им(?:я|ена)|фамили\w+|личност\w+|данные)[^.!?\n]{0,60}?(?:не\s+(?:называ|разглаша|сообща|раскрыва|указыва|публику|уточня)\w*"
    r"|будут?\s+(?:назван|объявлен|сообщен)\w*|пока\s+не\s+\w+|по\s+просьбе\s+(?:семьи|родных|родственников))"
    r"|(?:не\s+(?:называ|разглаша|раскрыва)\w*|по\s+просьбе\s+(?:семьи|родных|родственников)\s+не\s+\w+)[^.!?\n]{0,30}им(?:я|ена)",
    re.I,
)
_COUNT_WORDS = {
    "один": 1, "одного": 1, "одном": 1, "двух": 2, "двое": 2, "два": 2, "двоих": 2, "трёх": 3, "трех": 3, "трое": 3,
    "троих": 3, "три": 3, "четырёх": 4, "четырех": 4, "четверо": 4, "четверых": 4, "пяти": 5, "пятеро": 5,
    "пятерых": 5, "шести": 6, "шестеро": 6,
}


def unnamed_count(doc) -> int:
    total = 0
    for s in doc.sentences:
        m = _UNNAMED.search(s.text)
        if not m:
            continue
        if not re.search(r"погиб\w*|гибел\w+|прощани\w+|похорон\w+|земляк\w*|бо[ейи]ц\w*|им(?:я|ена)", s.text, re.I):
            continue
        # A sentence about someone already named ("его имя носит школа") is not an unnamed death.
        if any(r[0] >= s.start and r[1] <= s.end for r in doc.refs):
            continue
        n = None
        for w in re.findall(r"[а-яё]+|\d+", s.text.lower()):
            if w in _COUNT_WORDS:
                n = _COUNT_WORDS[w]
                break
            if w.isdigit() and 1 <= int(w) <= 20:
                n = int(w)
                break
        if n is None:
            n = 2 if re.search(r"имена", s.text, re.I) else 1
        total += n
    return total
