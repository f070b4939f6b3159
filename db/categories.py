"""Service categories of the dead: vocabulary, field normalisation and free-text cues.

Codes follow the BBC Russian Service / Mediazona breakdown:

* ``mobilized`` — called up in the 2022 "partial mobilisation";
* ``volunteer`` — signed up after February 2022 through volunteer units
  (БАРС, добровольческие батальоны) or "went as a volunteer";
* ``contract`` — career / contract soldiers (контрактники);
* ``conscript`` — serving their compulsory term (срочники);
* ``prisoner`` — recruited from prisons (Шторм Z, Wagner's prison recruits);
* ``pmc`` — private military companies (Вагнер, Редут …);
* ``security`` — Rosgvardia, FSB, police (МВД, ОМОН, СОБР), FSIN;
* ``unknown``.

Free-text cues are precision-first: an institution named as a *source*
("МВД сообщило", "в пресс-службе Росгвардии") is not a cue; only the
person serving there is ("сотрудник МВД", "служил в Росгвардии", "боец
ОМОН").  A bare «контракт» or «военкомат» is not a cue either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .rxfast import accelerate, first_char_scan

__all__ = [
    "CATEGORIES",
    "PRECEDENCE",
    "CategoryHit",
    "category_label",
    "find_categories",
    "lookup_category",
    "resolve_category",
]

CATEGORIES: tuple[str, ...] = (
    "mobilized",
    "volunteer",
    "contract",
    "conscript",
    "prisoner",
    "pmc",
    "security",
    "unknown",
)

# Which cue wins when one text carries several (see resolve_category).
PRECEDENCE: tuple[str, ...] = ("prisoner", "pmc", "security", "mobilized", "contract", "volunteer", "conscript")

_LABELS: dict[str, tuple[str, str]] = {
    "mobilized": ("мобилизованный", "mobilized"),
    "volunteer": ("доброволец", "volunteer"),
    "contract": ("военнослужащий по контракту", "contract soldier"),
    "conscript": ("срочник", "conscript"),
    "prisoner": ("заключённый", "prisoner"),
    "pmc": ("ЧВК", "private military company"),
    "security": ("силовые структуры", "security forces"),
    "unknown": ("неизвестно", "unknown"),
}


@dataclass(frozen=True)
class CategoryHit:
    code: str
    start: int
    end: int
    text: str


def category_label(code: str, lang: str = "ru") -> str:
    """Russian (``lang='ru'``) or English label; raises KeyError for an unknown code."""
    ru, en = _LABELS[code]
    return en if lang == "en" else ru


# \b is unreliable next to Cyrillic in some inputs; be explicit.  A hyphen before a cue
# means it is the tail of a compound ("пресс-службе").
_L = r"(?<![0-9A-Za-zА-Яа-яЁё-])"
_R = r"(?![0-9A-Za-zА-Яа-яЁё])"
_W = r"[А-Яа-яЁё]*"  # inflectional ending

# Person-in-service context for institutions that also appear as news sources.
_SERVING = (
    r"(?:сотрудни" + _W + r"|офицер" + _W + r"|служ(?:ил|ит|ат|ива|ивш|ащ|ба\s+в)" + _W + r"|проходил" + _W + r"\s+службу"
    + r"|бо[её]ц|бойц" + _W + r"|военнослужащ" + _W + r"|майор" + _W + r"|подполковник" + _W
    + r"|полковник" + _W + r"|лейтенант" + _W + r"|капитан" + _W + r"|сержант" + _W + r"|прапорщик" + _W
    + r"|старшин" + _W + r"|инспектор" + _W + r"|участков" + _W + r"|в\s+рядах|в\s+органах)"
)
_AGENCY = (
    # (regional offices: «сотрудник УФСИН», «ОМВД», «ГУ МВД»; traffic and patrol police: «инспектор ДПС», «ГИБДД»)
    r"(?:(?-i:(?:Г?У|О)?(?:МВД|ФСИН)|ГУ\s+МВД|ФСБ|ОМОН|СОБР|ДПС|ГИБДД|ППС)" + _W + r"|Росгварди" + _W + r"|полици" + _W
    + r"|национальной\s+гвардии|войсках\s+национальной\s+гвардии|внутренних\s+дел)"
)

_CUES: dict[str, list[str]] = {
    "mobilized": [
        r"мобилизова(?:н|л)" + _W,
        r"(?:по|под|частичн" + _W + r"|в\s+ходе|в\s+рамках|в\s+период|во\s+время)\s+(?:частичн" + _W + r"\s+)?"
        r"мобилизаци" + _W,
        r"частичн" + _W + r"\s+мобилизаци" + _W,
        # «До мобилизации работал электриком»: his life before it
        r"до\s+(?:сво" + _W + r"\s+)?мобилизаци" + _W,
        # a card's field value: «Призван: … военным комиссариатом, мобилизация (сентябрь 2022)» (_keep checks)
        r"мобилизаци" + _W,
        # «получил повестку в первые же дни», «по повесткам ушли одиннадцать человек»: a call-up outside the
        # conscription (_keep drops «повестки не ждал»; the extractor keeps it only in a text about the mobilisation)
        r"повестк" + _W,
    ],
    "volunteer": [
        r"добровол(?:ец|ьц" + _W + r")",
        r"добровольно",
        r"добровольческ" + _W + r"\s+(?:батальон|отряд|корпус|формировани|подразделени|бригад)" + _W,
        r"(?-i:БАРС)" + _W,
        r"(?-i:Барс)(?=[-–\s]*\d|»)",
        r"(?:Боев" + _W + r"\s+армейск" + _W + r"\s+резерв" + _W + r")",
        r"интербригад" + _W,
        # named volunteer formations
        r"«?(?-i:Пятнашк|Боотур|Шаймуратов|Эспаньол|Русич|Тимер|Алга)" + _W + r"»?",
    ],
    "contract": [
        r"контрактник" + _W,
        r"(?:военнослужащ" + _W + r"\s+|служ" + _W + r"\s+|служб" + _W + r"\s+)?по\s+контракту",
        r"(?:заключ|подпис)" + _W + r"\s+(?:[а-яё]+\s+)?контракт" + _W,
        r"контрактн" + _W + r"\s+служб" + _W,
        # «пошёл по призыву, а затем остался на контракте», «пришли в пункт отбора на контракт»
        r"остал" + _W + r"\s+(?:служить\s+)?(?:на|по)\s+контракт" + _W,
        # «в армии остался после срочной», «остался служить в армии»: a career soldier
        r"(?:в\s+арми" + _W + r"\s+остал" + _W + r"|остал" + _W + r"\s+(?:служить\s+)?в\s+арми" + _W + r")",
        r"пункт" + _W + r"\s+отбора\s+(?:на\s+)?(?:военн" + _W + r"\s+службу\s+по\s+)?контракт" + _W,
        r"контракт" + _W + r"\s+с\s+(?:Минобороны|министерств" + _W + r"\s+обороны|(?-i:МО)(?:\s+(?-i:РФ))?)",
        r"(?:высш" + _W + r"\s+)?(?:военн" + _W + r"|командн" + _W + r")\s+училищ" + _W,
        r"кадров" + _W + r"\s+(?:военн|офицер)" + _W,
        # «профессиональный военный»: the army's professionals are its contract soldiers
        r"профессиональн" + _W + r"\s+военн" + _W,
        # a bare "контракт" counts only as a list label: "(1990 г.р.), контракт;"  "Контракт, 55 бригада"
        r"контракт",
    ],
    "conscript": [
        r"срочник" + _W,
        r"срочн" + _W + r"\s+служб" + _W,
        r"призывник" + _W,
        r"(?:служ|проходил|находил|военнослужащ)" + _W + r"\s+(?:службу\s+)?по\s+призыву",
        # «ушёл в армию по призыву», «призван на службу по призыву»
        r"(?:уш[её]л|призван|призвали|забрали)" + _W + r"\s+(?:(?:в|на)\s+[а-яё]+\s+){0,2}по\s+призыву",
        # «был призван на срочную в мае», «ушёл на срочную»
        r"(?:призван|призвали|уш[её]л|забрали|отправил)" + _W + r"\s+(?:[а-яё]+\s+)?на\s+срочную",
        # a list value: «Кирилл и Святослав служили по контракту, Иван — по призыву»
        r"(?<=[—–]\s)по\s+призыву",
    ],
    "prisoner": [
        r"осужд[её]нн" + _W,
        r"заключ[её]нн" + _W,
        r"(?:из|в|с|со)\s+(?:[№\d]+[-–]?[а-я]{0,2}\s+)?(?:исправительн" + _W + r"\s+)?колони" + _W,
        r"«Шторм" + _W + r"»",
        r"отбыва" + _W + r"\s+(?:срок|наказани" + _W + r")",
        r"(?:из|в)\s+мест" + _W + r"\s+лишения\s+свободы",
        r"помилован" + _W,
        r"(?:Шторм|Storm)[\s\-–«]*(?-i:Z|Зет|V)",
        r"(?-i:ИК)-?\d+",
    ],
    "pmc": [
        r"(?-i:ЧВК)",
        r"частн" + _W + r"\s+военн" + _W + r"\s+компани" + _W,
        r"(?-i:Вагнер|ВАГНЕР)" + _W,
        r"«(?-i:Редут|Конвой|Патриот)»",
    ],
    "security": [
        _SERVING + r"(?:\s+[^\s.,;:!?]+){0,3}?\s+" + _AGENCY,
        r"росгвардеец|росгвардейц" + _W,
        r"омоновц" + _W + r"|омоновец|собровц" + _W + r"|собровец",
        r"(?:бо[её]ц|бойц" + _W + r")\s+(?-i:ОМОН|СОБР)" + _W,
    ],
}

# Drop a cue when its clause says it is past or about someone else's contract.
# («После второго курса был призван на срочную службу» is his service now; «после срочной» is past.)
_CONSCRIPT_PAST = re.compile(r"(?i)(?:отслужи|после(?:\s*$|\s+(?:срочн|служб|арми|призыв|демобилиз|увольнени|возвращени))|прош[её]л|окончани|демобилиз|вернул|ранее|когда-то|в\s+юности)")
_FORMER = re.compile(r"(?i)бывш" + _W + r"\s*$")
# A police or FSB career that ended before the war: "ранее служил в полиции", "до мобилизации".
_SECURITY_PAST = re.compile(r"(?i)(?:ранее|раньше|в\s+прошлом|до\s+этого|уволи|пенси|до\s+мобилизации|до\s+(?:ухода|начала|СВО))")
_CIVIL_CONTRACT = re.compile(
    r"(?i)^\s*(?:с\s+)?(?:застройщ|подрядч|компани|фирм|клуб|издательств|работодател|банк|поставщ|магазин"
    r"|заказчик|администрац|предприяти|аренд|ипотек|кредит)"
)
_CONTRACT_NEAR = re.compile(r"(?i)^\s*(?:[а-яё]+\s+){0,2}контракт")
_NOT_PRISONER_NEXT = re.compile(r"(?i)^\s*(?:[а-яё]+\s+)?(?:контракт|договор|соглашени|брак|мир|сделк|с\s+ним)")


# Rarer cues in a second pattern, run only when a gate word occurs: each opening letter a pattern adds
# to the main one makes the scan stop at more positions of every text.
_EXTRA_CUES: dict[str, list[str]] = {
    "volunteer": [
        r"(?:батальон|отряд)" + _W + r"\s+«(?-i:Салават)" + _W + r"\s+(?-i:Юлаев)" + _W + r"»",
        # the Donbas formations of 2014–2022: «воевал с 2014 года в армии ДНР», «в ополчении»
        r"(?:арми|ополчени|народн" + _W + r"\s+милици|корпус)" + _W + r"\s+(?-i:ДНР|ЛНР)",
        r"ополчени" + _W + r"\s+(?:Донбасса|Новороссии)",
        # «взял в руки оружие ещё в 2014 году», «воевал с 2014 года»: the Donbas volunteers of 2014
        r"(?:взял" + _W + r"\s+(?:в\s+руки\s+)?оружие|воевал" + _W + r"|воюет|сражал" + _W + r"|защищал" + _W
        + r"\s+Донбасс)\s+(?:[а-яё]+\s+){0,2}(?:с|в|весной|летом|осенью|зимой)\s+2014",
        # the year first: «С 2014 года он защищал родную землю», «Ещё в 2014 году он встал на защиту республики»
        r"(?:с|в)\s+2014\s+год[а-я]*,?\s+(?:он\s+|они\s+)?(?:защищал[а-я]*\s+(?:[а-яё]+\s+)?(?:Донбасс|республик|земл|Родин"
        r"|Луганск|Донецк|город|Новороссию)[а-яё]*|воевал|сражал|встал[а-я]*\s+на\s+защиту"
        r"|взял[а-я]*\s+в\s+руки\s+оружие|ушёл\s+в\s+ополчени|ушел\s+в\s+ополчени)",
        # «ушёл в ополчение летом 2014 года», «в ополчение он вступил»: the Donbas militia
        r"(?:ушёл|ушел|ушли|вступил|вступили|пошёл|пошел|пошли)\s+(?:[а-яё]+\s+)?в\s+ополчени" + _W,
        r"в\s+ополчени" + _W + r"\s+(?:он\s+|они\s+)?(?:ушёл|ушел|ушли|вступил|вступили|пошёл|пошел|пошли)(?![а-яё])",
    ],
    "contract": [
        # a military college or academy by its arm: «Рязанское десантное училище», «высшее военное
        # авиационное училище штурманов», «Михайловскую военную артиллерийскую академию»
        # («высшего военно-морского училища», «военно-воздушной академии»)
        r"(?:военн|командн|(?:воздушно-)?десантн|общевойсков|танков|артиллерийск|ракетн|пограничн)" + _W
        + r"(?:-[а-яё]+)?\s+(?:[а-яё]+(?:ое|ого|ом|ую|ая|ой|ые|ых)\s+){0,2}(?:училищ|академи)" + _W,
        # «училища ВДВ», «окончил Московское ВОКУ», «выпускник ДВОКУ», «РВВДКУ»
        r"училищ" + _W + r"\s+(?-i:ВДВ)",
        # (led by the verb: a pattern opening with a capital letter would be tried at every letter)
        r"(?:окончил|закончил|выпускник|выпускника|окончив|поступил)" + _W + r"\s+(?:в\s+)?(?:[А-ЯЁа-яё]+\s+)?"
        r"(?-i:[А-Я]{0,3}(?:ВОКУ|ВВКУ|ВДКУ|ВИКУ|ВКИУ|ВВАУЛ|ВАУЛ|ВВМУ|ВМУ))(?![А-ЯЁа-яё])",
        # «контракт подписал в пункте отбора»: the object first
        r"контракт\s+(?:он\s+)?(?:подписал|заключил)" + _W,
    ],
    "security": [
        # «полицейский Сергей Кондратьев, находившийся в командировке»
        r"полицейск(?:ий|ого|ому|им|ом|ие|их|ими)(?!\s+(?:участ|машин|автомоб|отдел|пост|част|управлен))",
    ],
}
_EXTRA_GATE = re.compile(r"(?i)юлаев|днр|лнр|ополчен|2014|училищ|академи|контракт\s+(?:он\s+)?(?:подпис|заключ)|полицейск"
                         r"|(?-i:ВОКУ|ВВКУ|ВДКУ|ВИКУ|ВКИУ|ВАУЛ|ВМУ)")


@lru_cache(maxsize=1)
def _regex() -> re.Pattern[str]:
    parts = []
    for code, pats in _CUES.items():
        parts.append(f"(?P<{code}>" + "|".join(pats) + ")")
    # Rewritten to skip in C to where a cue can start (db.rxfast): same matches, ~2× faster.
    return first_char_scan(re.compile(_L + "(?:" + "|".join(parts) + ")" + _R, re.IGNORECASE))


@lru_cache(maxsize=1)
def _extra_regex() -> re.Pattern[str]:
    parts = [f"(?P<{code}>" + "|".join(pats) + ")" for code, pats in _EXTRA_CUES.items()]
    return first_char_scan(re.compile(_L + "(?:" + "|".join(parts) + ")" + _R, re.IGNORECASE))


def _clause_before(text: str, start: int) -> str:
    cut = max(text.rfind(ch, 0, start) for ch in ".;!?\n")
    return text[cut + 1 : start]


def _is_label(text: str, start: int, end: int) -> bool:
    """True when a word stands alone as a list item or field value, between separators."""
    before = text[max(0, start - 8) : start].rstrip(" \t")
    after = text[end : end + 8].lstrip(" \t")
    return (not before or before[-1] in ",;:—–-(|\n.!?") and (not after or after[0] in ",;.)|\n")


# «повестки не ждал», «не дожидаясь повестки», «повестку на срочную службу»: no mobilisation call-up of his
_SUMMONS_NOT = re.compile(r"(?i)(?:^\s*(?:[а-яё]+\s+)?не\s|^\s*(?:[а-яё]+\s+){0,3}(?:на\s+срочн|в\s+суд|к\s+следовател|на\s+учени|на\s+сбор)"
                          r"|(?:без|не\s+дожида[а-яё]+|не\s+дождавшись|не\s+ждал[а-яё]*|не\s+получ[а-яё]+)\s+$)")


def _keep(code: str, text: str, start: int, end: int) -> bool:
    if code == "mobilized" and text[start:end].lower().startswith("повестк"):
        return not (_SUMMONS_NOT.search(text[end: end + 40]) or _SUMMONS_NOT.search(text[max(0, start - 25): start]))
    if code == "mobilized" and text[start:end].lower().startswith("мобилизаци"):
        # bare «мобилизация» only as a field or list value (the phrases above read «по мобилизации» whole)
        before = text[max(0, start - 3): start].rstrip(" \t")
        after = text[end: end + 3].lstrip(" \t")
        return (not before or before[-1] in ",;:—–(|\n") and (not after or after[0] in ",;.()|\n")
    if code == "volunteer" and text[start:end].lower() == "добровольно":
        # "добровольно подписал контракт" describes every contract, not a volunteer
        return not _CONTRACT_NEAR.search(text[end : end + 40])
    if code == "conscript":
        return not _CONSCRIPT_PAST.search(_clause_before(text, start))
    if code == "security":
        if _FORMER.search(text[max(0, start - 20) : start]):
            return False
        return not _SECURITY_PAST.search(_clause_before(text, start))
    if code == "contract":
        if text[start:end].lower() == "контракт":
            return _is_label(text, start, end)
        return not _CIVIL_CONTRACT.search(text[end : end + 40])
    if code == "prisoner":
        word = text[start:end].lower()
        if word.startswith("заключ") or word.startswith("осужд"):
            return not _NOT_PRISONER_NEXT.search(text[end : end + 30])
    return True


def find_categories(text: str) -> list[CategoryHit]:
    """Category cues in free Russian text, in order, with offsets."""
    if not text:
        return []
    hits = []
    # Both compiled on the first call (the rewrite costs ~0.1 s), not in the middle of a run.
    main, rare = _regex(), _extra_regex()
    extra = _EXTRA_GATE.search(text) is not None
    for rx in (main, rare) if extra else (main,):
        for m in rx.finditer(text):
            code = m.lastgroup
            if code is None:
                continue
            start, end = m.span()
            if rx is rare and any(h.start < end and start < h.end for h in hits):
                continue  # the main vocabulary already read these words
            if _keep(code, text, start, end):
                hits.append(CategoryHit(code, start, end, m.group()))
    if extra:
        hits.sort(key=lambda h: h.start)
    return _last_service(text, hits)


# «Добровольцем ушёл в «БАРС-Чувашия», позже заключил контракт и был зачислен в 74-ю бригаду»: the last service
# wins (gold README, batch d_*); a mobilised man who later signed a contract stays mobilised, a prisoner stays one.
_LATER = re.compile(r"(?i)(?<![А-Яа-яЁё])(?:позже|затем|потом|после\s+(?:этого|чего)|впоследствии|позднее"
                    # «в ЧВК «Вагнер» ещё в 2023-м, а после — подписал контракт», «перевёлся в армию по контракту»
                    r"|а\s+после|перев[её]л[а-яё]*|переш[её]л)(?![А-Яа-яЁё])")
# A service a later one replaces (README d_*: the last service wins); mobilised and prisoner stay what they were.
_REPLACEABLE = {"volunteer": ("contract",), "pmc": ("contract", "mobilized"), "security": ("contract", "mobilized")}


# «служил по контракту в войсках национальной гвардии»: a contract in a security agency is security.
_IN_AGENCY = re.compile(r"(?i)\s+(?:в|во)\s+(?:войсках\s+национальной\s+гвардии|Росгварди|(?-i:МВД|ФСБ|ОМОН|СОБР)|полици"
                        r"|органах\s+внутренних\s+дел)")


def _last_service(text: str, hits: list[CategoryHit]) -> list[CategoryHit]:
    hits = [CategoryHit("security", h.start, h.end, h.text) if h.code == "contract" and _IN_AGENCY.match(text, h.end)
            else h for h in hits]
    drop = {k for k, h in enumerate(hits) if h.code in _REPLACEABLE and any(
        later.code in _REPLACEABLE[h.code] and 0 <= later.start - h.end < 200 and _LATER.search(text, h.end, later.start)
        for later in hits[k + 1:])}
    return [h for k, h in enumerate(hits) if k not in drop] if drop else hits


_VOLUNTEER_UNIT = re.compile(r"(?i)добровольческ|барс|боев|интербригад|пятнашк|боотур|шаймуратов|эспаньол|русич|тимер|алга")


def _rank(hit: CategoryHit) -> float:
    r = float(PRECEDENCE.index(hit.code)) if hit.code in PRECEDENCE else float(len(PRECEDENCE))
    if hit.code == "volunteer" and _VOLUNTEER_UNIT.search(hit.text):
        r = PRECEDENCE.index("contract") - 0.5  # a volunteer unit outranks the contract its men sign
    return r


def resolve_category(hits: list[CategoryHit]) -> str:
    """One category from several cues; ``'unknown'`` when there are none.

    Precedence (``PRECEDENCE``): prisoner > pmc > security > mobilized >
    contract > volunteer > conscript, except that a volunteer *unit* cue
    (БАРС, добровольческий батальон, «Пятнашка» …) ranks just above contract.
    This follows the labelling conventions in tests/gold/README.md and
    Mediazona's counting rules:

    * prisoner first: a man recruited from a colony is a prisoner whatever
      force he joined — MoD (Шторм Z, "отбывая наказание, подписал контракт")
      or Wagner — and such men are called "добровольцы" too;
    * pmc next: Wagner men "went as volunteers" and signed the company's
      contract; ``pmc`` when nothing says he came from prison;
    * mobilized before contract and volunteer: men mobilised in 2022 were
      later pushed onto contracts and are still counted as mobilised
      ("мобилизованный, позже заключил контракт" → mobilized);
    * contract before a generic volunteer cue: "пошёл добровольцем, позже
      подписал контракт" is a contract soldier; a BARS or volunteer-battalion
      man who signed a contract stays a volunteer;
    * contract before conscript: a conscript who signed a contract died as a
      contract soldier (срочник, подписал контракт → contract).
    """
    if not hits:
        return "unknown"
    best = min(hits, key=_rank)
    return best.code if best.code in PRECEDENCE else "unknown"


# Whole-field variants, Russian and English, as datasets and sources write them.
_EXACT_VARIANTS: dict[str, tuple[str, ...]] = {
    "mobilized": ("мобилизованный", "мобилизованные", "мобилизован", "мобилизована", "мобилизация",
                  "по мобилизации", "призван по мобилизации", "частичная мобилизация", "mobilized", "mobilised",
                  "mobilized soldier", "mobilized soldiers", "mobilised soldiers", "mobilized men", "mobilised men",
                  "mobilization", "mobilisation",
                  # English-language datasets say "conscripted" for the 2022 call-up; "conscripts" are срочники.
                  "conscripted"),
    "volunteer": ("доброволец", "добровольцы", "добровольно", "добровольческий батальон", "добровольческий отряд",
                  "барс", "volunteer", "volunteers", "volunteer battalion", "volunteer battalions"),
    "contract": ("контрактник", "контрактники", "по контракту", "контракт", "военнослужащий по контракту",
                 "контрактная служба", "contract", "contract soldier", "contract soldiers", "contractor",
                 "contractors", "professional army", "professional soldier", "professional soldiers",
                 "career military", "career soldier", "career soldiers", "regular army", "kontraktnik"),
    "conscript": ("срочник", "срочники", "срочная служба", "срочной службы", "призывник", "призывники",
                  "conscript", "conscripts", "conscript soldier", "conscript soldiers", "conscription"),
    "prisoner": ("заключенный", "заключенные", "осужденный", "осужденные", "зек", "зэк", "шторм z", "шторм-z",
                 "шторм зет", "шторм-зет", "storm z", "storm-z", "prisoner", "prisoners", "inmate", "inmates",
                 "convict", "convicts", "prisoner recruit", "prisoner recruits", "former prisoner",
                 "former prisoners"),
    "pmc": ("чвк", "вагнер", "чвк вагнер", "частная военная компания", "редут", "pmc", "pmcs", "wagner",
            "wagner group", "pmc wagner", "private military company", "private military companies",
            "mercenary", "mercenaries"),
    "security": ("росгвардия", "росгвардеец", "фсб", "мвд", "полиция", "омон", "собр", "сотрудник полиции",
                 "силовики", "силовые структуры", "фсин", "police", "national guard", "rosgvardia", "fsb",
                 "police national guard fsb", "police national guard", "security", "security forces",
                 "law enforcement", "interior ministry", "mvd", "omon", "sobr"),
    "unknown": ("неизвестно", "не известно", "нет данных", "unknown", "n a", "na", "none"),
}


@lru_cache(maxsize=1)
def _exact_table() -> dict[str, str]:
    table = {_norm(v): code for code, vs in _EXACT_VARIANTS.items() for v in vs}
    table.update({c: c for c in CATEGORIES})
    return table


def _norm(value: str) -> str:
    v = value.lower().replace("ё", "е")
    v = re.sub(r"[«»\"'“”„()\[\].,;:!?/]+", " ", v)
    v = v.replace("-", " ")
    return " ".join(v.split())


def lookup_category(value: str) -> str | None:
    """Normalise a whole field value (Russian or English, any case) to a code; None if unknown.

    Exact variants first; otherwise the free-text cues of the value (read
    case-insensitively) are resolved with :func:`resolve_category`.
    """
    if not value or not value.strip():
        return None
    n = _norm(value)
    table = _exact_table()
    if n in table:
        return table[n]
    hits = find_categories(value) or find_categories(value.upper().replace("Ё", "Е")) or []
    if not hits:
        words = n.split()
        found = [table[w] for w in words if w in table and table[w] != "unknown"]
        for i in range(len(words) - 1):
            pair = words[i] + " " + words[i + 1]
            if pair in table:
                found.append(table[pair])
        if not found:
            return None
        return resolve_category([CategoryHit(c, 0, 0, "") for c in found])
    return resolve_category(hits)


accelerate(globals())  # the patterns above, same matches, faster scans (db.rxfast)
