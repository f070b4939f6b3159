"""Home settlement and region of each dead person.

Home is where the text says the person lived or came from (житель, уроженец,
из …, жил в …), then a settlement written with its type (с. Кырен, пгт
Агинское), then where the farewell was held. Places of fighting and death
(под Бахмутом, в Курской области) are not home.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .morph import fold, parse, restore_case
from .scan import OpeningWords
from .textnorm import literal_cues, may_match

try:  # the gazetteer lives in db/ (reference data)
    from db import regions as _regions
except ImportError:  # pragma: no cover - db is part of this project
    _regions = None

_TYPE = (
    # («п.г.т. Чишмы»)
    r"(?:(?i:городка|городке|городок|города|город|городе|г\.|села|село|селе|с\.|посёлка|поселка|посёлке|поселке|посёлок|поселок|пос\.|п\.\s?г\.\s?т\.|п\.|пгт"
    r"|деревни|деревне|деревня|д\.|станицы|станице|станица|ст-цы|ст\.|аула|ауле|аул|улуса|улусе|хутора|хуторе|хутор"
    r"|рабочего\s+посёлка|рабочего\s+поселка|р\.п\.|райцентра|райцентре|селения|селении|селение|наслега|наслеге|наслег"
    # («рп Линёво», «р/п Сузун», «ст-ца Каневская», «посёлка городского типа Яйва», «пгт. Яйва»)
    r"|рп|р/п|ст-ца|ст-це|пгт\.|(?:посёлка|поселка|посёлке|поселке|посёлок|поселок)\s+городского\s+типа"
    # (Khakas «аал»; «х.»/«хут.» a farm, lower case only: a capital «Х.» is a man's initial)
    r"|аала|аале|аал)|хут\.|х\.)"
)
# After the type word a space, or nothing after a lower-case abbreviation («г.Кинешма», «с.Кижинга» in lists).
_GAP = r"(?:\s+|(?<=[а-яё]\.))"
# A place name never runs over a line break («Село Красное\n\nВчера …»).
_NAME = r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*(?:[ \t]+[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)?)"
# «из башкирского Мелеуза», «в подмосковных Луховицах», «небольшого села Кулуево»: an adjective between the cue and the
# place (lower case; not a region's own name «из Курской области», which is capitalised).
_ADJ_SLOT = r"(?:[а-яё]{3,}(?:ого|его|ой|ей|ом|ем|ых|их)[ \t]+)?"
_HOME = re.compile(
    r"(?i:урожен\w+|жител\w+|житель|жительниц\w+|родом(?:\s+из)?|выходц\w+|место\s+жительства:?|место\s+рождения\s*[:—–-]?"
    # «похоронили в родном Скопине», «в родном селе Кыра»
    r"|в\s+родн(?:ом|ой|ое|ую|ых))\s+"
    # («жителей округа Верхняя Пышма», «житель ГО Верхняя Пышма», «житель г.о. Самара»: an urban district is its town)
    # («житель г Мелеуз»: a type letter without its dot, only right after the home word)
    r"(?:(?:городского\s+)?округа\s+|г\.\s?о\.\s*|ГО\s+|[гсдп][ \t]+(?=[А-ЯЁ]))?" + _ADJ_SLOT + r"(?:" + _TYPE + _GAP + r")?"
    + _NAME
)
# «на кладбище в деревне Марковское, откуда он родом»
_WHENCE = re.compile(r"\b[Вв]о?\s+(?:" + _TYPE + _GAP + r")?" + _NAME + r",?\s+(?i:откуда\s+(?:он\s+|был\s+)*родом)")
# «Родился 29 февраля 1996 года в Шатуре»: the birthplace, used when no home is given.
_BORN_IN = re.compile(r"(?<![А-Яа-яЁё])(?i:родил(?:ся|ась))[^.!?\n]{0,40}?\s[Вв]о?\s+(?:" + _TYPE + _GAP + r")?" + _NAME)
# «Вован Степанцов с Искитима»: colloquial «с» for «из», only before a town the gazetteer knows.
_FROM_S = re.compile(r"(?<![А-Яа-яЁё])с\s+" + _NAME)
_FROM = re.compile(r"\b(?i:из)\s+" + _ADJ_SLOT + r"(?:" + _TYPE + _GAP + r")?" + _NAME)
_LIVED = re.compile(
    # (participles too: «уроженец Кургана, живший в Екатеринбурге»)
    # («всю жизнь прожил в Кумертау»)
    r"(?i:\bжил\w*|\bживш\w+|\bживущ\w+|проживал\w*|проживающ\w+|прожива\w+|\bпрожил\w*|вырос\w*|родился\s+и\s+вырос)"
    r"(?:\s+и\s+(?:работал|учился)\w*)?"
    # («жил с семьёй в Геническе», «живший вместе с женой в Абакане»: a few lower-case words between)
    r"(?:[ \t]+(?!в[ \t])[а-яё]+){0,3}?"
    # («жил на улице Казанской в Кинешме»: a street's name is not the town)
    r"(?:[ \t]+(?:на|по)[ \t]+(?:улице|ул\.)[ \t]*[А-ЯЁа-яё][а-яё-]+(?:[ \t]+[А-ЯЁ][а-яё-]+)?,?)?"
    r"\s+в\s+" + _ADJ_SLOT + r"(?:" + _TYPE + _GAP + r")?" + _NAME
)
# «погиб 18 мая 2024 г.\nРядовой …»: a year's «г.» is not a town, and a name never starts on the next line.
# «училища имени П.С. Нахимова», «им. А.С. Пушкина»: an initial is no «с.»/«п.»/«г.» of a place.
# («12.03.1990 – 05.06.2024\nс. Большие Кайбицы» on a card: a line break after a number is no year's «г.»)
_TYPED = re.compile(r"(?<![\w-])(?<!\d[ \t])(?<!\d)(?<![А-ЯЁ]\.)(?<![А-ЯЁ]\.\s)(?<!им\.\s)(?<!имени\s)" + _TYPE
                    + r"(?:[ \t]+|(?<=[а-яё]\.))" + _NAME)
# «Проживал Ринат в Мелеузе», «Жил Ринат Сабиров в Мелеузе», «Родом Ринат из Мелеуза»: the verb first, the man's name
# between it and the place (spoken and TV word order).
_INVERTED = re.compile(r"(?<![А-Яа-яЁё])(?:Проживал|Жил|Вырос|Родом|Родился\s+и\s+вырос)(?:[ \t]+(?:он|[А-ЯЁ][а-яё]+)){1,3}"
                       r"[ \t]+(?:в|из)[ \t]+(?:" + _TYPE + _GAP + r")?" + _NAME)
_PLURAL_OBJECT = re.compile(r"(?<![А-Яа-яЁё])(?:братьев|[Ии]х|обоих|обеих|всех|бойцов|героев|ребят|парней|земляков|сыновей)"
                            r"(?![А-Яа-яЁё])")
_HOME_NAME_THEN_FROM = re.compile(r"(?i:родом)[ \t]+[А-ЯЁ]")
_THEN_FROM = re.compile(r"(?:[ \t]+[А-ЯЁ][а-яё]+)?[ \t]+из[ \t]")
# «Прописан в Кинешме»: his registered address, weaker than where the text says he lived.
_REGISTERED = re.compile(r"(?<![А-Яа-яЁё])(?i:прописан\w*)\s+в\s+(?:" + _TYPE + _GAP + r")?" + _NAME)
_MOVED = re.compile(r"(?<![А-Яа-яЁё])(?i:переехал\w*|перебрал\w+|вернулся\s+домой)\s+в\s+(?:" + _TYPE + _GAP + r")?" + _NAME)
_HOME = re.compile(r"(?<![А-Яа-яЁё])(?![Жж]ители\s|[Уу]роженцы\s)" + _HOME.pattern)
# «был мобилизован в Кинешме», «призванный в Шуе»: where he was called up (a town the gazetteer knows or a typed
# village; not «призван в Вооружённые Силы»).
_CALLED_UP = re.compile(r"(?<![А-Яа-яЁё])(?i:мобилизова\w+|призва\w+)(?:[ \t]+[а-яё]+){0,2}?[ \t]+[Вв]о?[ \t]+(?:"
                        + _TYPE + _GAP + r")?" + _NAME)
# «жители Саранска Алексей Ведяшкин, Сергей Кирдяшкин и …, жители Ковылкино Иван Учайкин»:
# a plural cue names the home of the men listed after it; «сосед наш по Новоалтайску».
_PLURAL_HOME = re.compile(r"(?<![А-Яа-яЁё])(?:[Жж]ители|[Уу]роженцы)\s+(?:" + _TYPE + _GAP + r")?" + _NAME)
# «жители Вязьмы и района», «… и окрестных сёл»: the town and the country around it, not each man's town.
_AND_AROUND = re.compile(r"\s+и\s+(?:его\s+|её\s+)?(?:района|округа|области|окрестн\w+|пригород\w*|близлежащ\w+|соседн\w+)")
# A sentence about other, unnamed dead.
_OTHER_DEAD = re.compile(r"(?<![А-Яа-яЁё])(?:[Ее]щ[её]\s+(?:дво|тро|четвер|пятер|один|одн|\d)|имен[аи]\s+(?:их\s+|его\s+)?(?:не|пока))")
_GREW_UP = re.compile(r"(?i:вырос|родился\s+и\s+вырос)")
_BIRTH_WORD = re.compile(r"(?i:урожен|родом|выходц|место\s+рождения)")
_LIST_BREAK = re.compile(r",?\s+а\s+также\s|;|,\s+а\s+(?:ещё|еще)\s")
_NEIGHBOUR = re.compile(r"(?<![А-Яа-яЁё])[Сс]осед\w*\s+(?:наш\w*\s+)?по\s+" + _NAME)
_LIVED = re.compile(r"(?<![А-Яа-яЁё])" + _LIVED.pattern)
_PAREN = re.compile(r"\((?:" + _TYPE + r"\s+)?([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)\)")
_FAREWELL_PLACE = re.compile(r"(?<![А-Яа-яЁё])[Вв]о?\s+(?:" + _TYPE + _GAP + r")?" + _NAME)
_DEATH_PLACE_BEFORE = re.compile(
    r"(?:\bпод|\bрайоне|\bнаправлени\w+|\bу|\bвозле|\bблиз|\bоколо|\bосвобождени\w+|\bштурм\w*|\bбо\w+\s+за"
    r"|\bкладбищ\w+|\bпохорон\w+|\bродине|\bпогребен\w*|\bгоспитал\w*|\bбольниц\w*|\bморг\w*)\s+(?:\w+\s+)?$"
    # «в госпитале имени Бурденко в Москве», «в госпитале им. Н. Н. Бурденко в Москве»
    r"|(?:\bгоспитал\w*|\bбольниц\w*|\bцентр\w*)\s+(?:имени|им\.)\s*(?:[А-ЯЁ][\w.]*\s*){1,4}(?:в|во)\s+$",
    re.I,
)
# Where he trained, served, was treated or sent: «проходил подготовку в Новосибирске», «служил в Пскове»,
# «в командировке в Ханкале», «на лечении в Ростове».
_ELSEWHERE_BEFORE = re.compile(
    # («подписал контракт в Ростове-на-Дону»: where he signed, not where he lived)
    r"(?<![а-яё])(?:подготовк\w*|обучени\w*|полигон\w*|служб\w*|служил\w*|служа|командировк\w*|лечени\w*|дислоц\w+|контракт\w*"
    r"|сбор(?:ы|ах)|курс(?:ы|ах)|реабилитаци\w*|учени(?:я|ях)|задач\w*)\s+(?:[а-яё]+\s+){0,3}$", re.I)
# «Андрей Котов погиб в Белгороде при обстреле», «погиб 3 мая в Судже»: the death verb right before «в X».
_DIED_JUST_BEFORE = re.compile(r"(?<![а-яё])(?:погиб|погибл[аи]|скончал\w*|умер(?:ла|ли)?|убит\w*)"
                               r"(?:[ \t]+(?:\d{1,2}|[а-яё]+)){0,3}[ \t]+$", re.I)
_FEDERAL_CEMETERY = re.compile(r"(?i:федеральн\w+\s+военн\w+\s+мемориальн\w+\s+кладбищ\w*)[^.!?\n]{0,20}$")
# A body carried from a hospital or a morgue: «Тело … доставили из Ростова в Ревду», «гроб привезли из Новочеркасска».
_CARRIED_FROM = re.compile(r"(?<![а-яё])(?:тел[оа]|гроб|груз|останки)(?:\s+[^.!?\n]{0,60}?)?\s(?:доставил\w*|доставлен\w*"
                           r"|доставят|привез\w*|перевез\w*|перевезен\w*|отправлен\w*|вывез\w*)(?:\s+[а-яё]+)?\s*$"
                           r"|(?:доставил\w*|доставлен\w*|привез\w*|перевез\w*)\s+(?:[а-яё]+\s+){0,2}(?:тел[оа]|гроб|груз|останки)"
                           r"(?:\s+[^.!?\n]{0,60}?)?\s*$", re.I)
_CARRIED_AFTER = re.compile(r"[ \t]+(?:в|во)[ \t]+[^.!?\n]{1,40}?(?:доставил\w*|доставлен\w*|привез\w*|перевез\w*)\s+"
                            r"(?:[а-яё]+\s+)?(?:тел[оа]|гроб|груз|останк)", re.I)
_UNIT_BEFORE = re.compile(r"(?:(?i:бригад|дивизи|полк|батальон|арми|корпус|част|отряд|флот)[а-яё]*|[А-ЯЁ]*Б[Рр][А-ЯЁ]*"
                          r"|(?i:в/ч\s*\d+))\s*$")
_WAR_PLACE_BEFORE = re.compile(
    r"(?:\bпод|\bрайоне|\bнаправлени\w+|\bвозле|\bблиз|\bоколо|\bосвобождени\w+|\bштурм\w*|\bбо\w+\s+за)\s+(?:\w+\s+)?$",
    re.I,
)
_NOT_PLACE = re.compile(
    r"^(?:Минобороны|СВО|Родины|армии|зоны|рядов|колонии|Москвы-реки|Республик[аиеуой]?(?:\s.*)?"
    # countries in any case («переехал в Россию», «приехал из Кыргызстана»): never a settlement
    r"|Росси[яиюей]|Украин[аыеуой]|Казахстан\w*|Узбекистан\w*|Таджикистан\w*|Кыргызстан\w*|Киргизи[яиюей]|Грузи[яиюей]"
    r"|Армени[яиюей]|Азербайджан\w*|Белорусси[яиюей]|Беларус\w*|Молдави[яиюей]|Молдов\w*|Туркмени[яиюей]|Туркменистан\w*)$"
)
# A plaque, a school desk, a mourning post or «В Ефремове погиб …» told of a town the
# gazetteer knows: a local story about a local man.
_LOCAL_WORDS = re.compile(
    r"мемориальн\w+|доск\w+\s+памяти|[Пп]арт\w+\s+[Гг]еро\w+|[Аа]лле\w+\s+(?:[Сс]лавы|[Гг]ероев|[Пп]амяти)|увековеч\w+"
    r"|скорб\w+|соболезн\w+|погиб\w*|гибел\w+|[Пп]амят\w+\s+(?:земляк|геро|бойц|воин|выпускник)\w*")
_FAREWELL_WORDS = re.compile(
    r"простил\w+|простят\w+|похорон\w+|хоронил\w*|прощани\w+|проводили|провожа\w+|попрощал\w+|панихид\w+"
    r"|доставили\s+тел\w+|доставлено\s+тело|тело\s+доставя\w+|отпевани\w+|джаназ\w+",
    re.I,
)
# "Прощание прошло 31 января в Новокузнецке": the farewell first, the place after it.
# «на кладбище в Вичуге», «Тело … привезли в Нижний Тагил»: where he is buried, the last resort for a home.
_CEMETERY_OF = re.compile(r"кладбищ(?:е|а|у|ем)[ \t]+" + _NAME)
_FAREWELL_THEN_PLACE = re.compile(
    r"(?:прощани\w+|похорон\w+|простились|похоронили|хоронил\w*|панихид\w+|кладбищ\w+"
    r"|тел[оа]\s+(?:[^.!?\n]{0,60}?\s)?(?:привезли|доставили|доставлено|привезено|доставят|привезут)"
    r"|(?:привезли|доставили|доставят|привезут)\s+тел[оа])[^.!?\n]{0,60}?\b[Вв]о?\s+(?:" + _TYPE + _GAP + r")?" + _NAME,
    re.I,
)
# The next «в X» of the same sentence: «Прощание пройдёт в субботу в Брянске» reads past «в субботу»; «… в Клинцах,
# с Василием и Олегом — в Стародубе» gives a second farewell town.
_NEXT_IN_PLACE = re.compile(r"[^.!?\n]{0,60}?\b[Вв]о?\s+(?:" + _TYPE + _GAP + r")?" + _NAME, re.I)
# «Прощание прошло в районном Доме культуры в Бичуре, а затем в родных сёлах»: the farewell town is not each one's home.
_THEN_HOME_VILLAGES = re.compile(r"[^.!?\n]*?(?:затем|потом|после)\s+(?:[а-яё]+\s+)?в\s+родн\w+\s+(?:сёл|сел|деревн|посёл|посел|аул|улус)", re.I)


# «Его сослуживец Иван из Рыбинска», «Его командир, майор из Пскова», «Его жена живёт в Рыбинске»: a place told of
# another person the text introduces by «его/её/их» and his role, not of the dead man (not a son or a brother, who is
# most often the dead man himself in a parent's post).
_OTHER_PERSON_BEFORE = re.compile(
    r"(?<![А-Яа-яЁё])(?:[Ее]го|[Ее][её]|[Ии]х)[ \t]+(?:[а-яё]+[ \t]+)?(?:сослужив\w*|командир\w*|друг(?:а|у|ом)?|друзья|друзей"
    r"|товарищ\w*|побратим\w*|однополчан\w*|напарник\w*|начальник\w*|жена|супруга|вдова|мать|мама|отец|папа|родители"
    r"|невеста|девушка|тёща|теща|свекровь)(?P<tail>(?:[ \t,—–-]+[А-Яа-яЁё][а-яё]*\.?){0,4})[ \t,—–-]*$")


def _other_persons_place(text: str, pos: int) -> bool:
    """The place at pos is told of a comrade, an officer or a relative introduced right before it (one given name at
    most: «Его сослуживец Иван Петров из Шуи» names a man who may be dead himself)."""
    m = _OTHER_PERSON_BEFORE.search(text, max(0, pos - 70), pos)
    return bool(m) and sum(w[:1].isupper() for w in m.group("tail").split()) <= 1


# «жителя Белгорода», «уроженца села Кырен» right before the place
# (only women and parents: «сын», «брат», «отец троих детей» are most often the dead man himself)
_RELATIVE_BEFORE = re.compile(r"(?<![А-Яа-яЁё])(?i:мать|мама|жена|супруга|вдова|сестра|родители|бабушка)"
                              r"(?:[ \t]+(?:погибшего|бойца|солдата|героя|военного))?[ \t]*,?[ \t]*(?:[—–][ \t]*)?$")
_TOWN_THEN_REGION = re.compile(r"(?:^|(?<=,)|(?<=:))[ \t]*([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)[ \t]+"
                               r"([А-ЯЁ][а-яё-]+(?:ской|цкой)[ \t]+(?:области|обл\.|края))(?=[.;,\n]|$)", re.M)
_FROM_BEFORE = re.compile(r"(?<![А-Яа-яЁё])[Ии]з\s+(?:[а-яё]+\.?\s*)?$")
_AND_FROM = re.compile(r"(?:\sи|,)\s+[Ии]з\s+(?:[а-яё]+\.?\s*)?$")
_HOME_NOUN_BEFORE = re.compile(r"(?<![А-Яа-яЁё])(?:[Жж]ител|[Уу]роженц)(?:ь|я|ю|ем|е|ец)\s+(?:" + _TYPE + r"\s+)?$")
_VILLAGE_TYPE = re.compile(
    r"(?i:с\.|п\.|д\.|ст\.|пос\.|пгт|р\.п\.|рп|р/п|сел|посёл|посел|деревн|станиц|ст-ц|аул|аал|улус|хутор|рабоч|наслег)|хут\.|х\."
)


@lru_cache(maxsize=20_000)
def settlement_nominative(raw: str, type_word: str | None, case: str | None = None) -> str:
    """Nominative of a settlement name as written in some case."""
    words = raw.split()
    village = bool(type_word and _VILLAGE_TYPE.match(type_word))
    if _regions is not None and not village:
        region = _regions.lookup_region(raw) if not _regions.settlement_regions(raw) else None
        if region is not None and region.code in _FEDERAL_CITIES:
            return region.centre  # Петербурга, Питере → Санкт-Петербург
        # The gazetteer knows the case forms of ~1,130 towns and ~1,400 villages; after a village
        # type word it is not asked («в селе Александровском» is Александровское, not the town
        # Александровск).
        known = _regions.settlement_name(raw, oblique=case in ("gent", "loct", "datv", "ablt"))
        if known:
            return known
    gender = _type_gender(type_word)
    if type_word and case is None:
        case = "loct" if type_word.lower().endswith("е") else "gent" if type_word.lower()[-1:] in "аыи" else None
    if village:
        # After «села», «посёлка», «деревни» a village name stays in the
        # nominative (из села Кижинга); only adjective names agree
        # (станицы Ленинградской → Ленинградская).
        agreed = [_adjective_nominative(w, gender) for w in words]
        if len(words) == 1 and _regions is not None and agreed[0] != words[0] \
                and not _regions.settlement_regions(agreed[0]):
            # «в посёлке Шушенском» is Шушенское: the gender of the name the gazetteer knows, not the type word's
            for other in ("neut", "femn", "masc"):
                form = _adjective_nominative(words[0], other)
                if form != agreed[0] and _regions.settlement_regions(form):
                    agreed[0] = form
                    break
        if len(words) == 2 and agreed[0] != words[0] and agreed[1] == words[1]:
            # «в деревне Новой Слободе»: a noun after a declined adjective declines with it
            agreed[1] = _noun_nominative(words[1])
        out = " ".join(agreed)
        if out == raw and case == "loct" and len(words) == 1:
            # «в селе Завьялове», «в посёлке Шипунове»: a name in -ово/-ево/-ино declines in the locative
            if _regions is not None and _regions.settlement_name(raw):
                return _regions.settlement_name(raw)
            low = raw.lower()
            if low.endswith(("ове", "еве", "ёве", "ине", "ыне")) and not any(p.is_known for p in parse(raw)):
                return raw[:-1] + "о"
            # «в деревне Малиновке», «в селе Ивановке»: a name in -ка agreeing with the type word
            if low.endswith(("вке", "нке", "лке", "шке", "чке", "рке", "мке")):
                return raw[:-1] + "а"
        return out
    return " ".join(_word_nominative(w, gender, case) for w in words)


def _noun_nominative(word: str) -> str:
    for p in parse(word):
        if "NOUN" in p.tag and p.tag.case and p.tag.case != "nomn" and "plur" not in p.tag:
            form = p.inflect({"nomn"})
            if form:
                return restore_case(word, form.word)
    return word


def _adjective_nominative(word: str, gender: str | None) -> str:
    parses = parse(word)
    if any(p.tag.case == "nomn" for p in parses if "ADJF" in p.tag or "NOUN" in p.tag):
        return word  # пгт Агинское, посёлок Восточный
    for p in parses:
        if "ADJF" in p.tag and p.tag.case and p.tag.case != "nomn" and "plur" not in p.tag:
            form = p.inflect({"nomn", gender or "masc", "sing"})
            if form:
                return restore_case(word, form.word)
    return word


def _type_gender(type_word: str | None) -> str | None:
    if not type_word:
        return None
    t = type_word.lower()
    if t.startswith(("сел", "с.")):
        return "neut"
    if t.startswith(("станиц", "ст", "деревн", "д.")):
        return "femn"
    return "masc"


def _word_nominative(word: str, gender: str | None, case: str | None = None) -> str:
    low = word.lower()
    parses = parse(word)
    if case in ("gent", "loct"):
        # «из Зиргана»: an unknown place read in the case its cue asks for (pymorphy's first guess is «Зиргана», a
        # feminine nominative like Гана)
        for p in parses:
            if "Geox" in p.tag and p.tag.case == case and "sing" in p.tag:
                form = p.inflect({"nomn"})
                if form:
                    return restore_case(word, form.word)
    for p in parses:
        if "Geox" in p.tag and p.tag.case:
            if p.tag.case == "nomn":
                return word
            form = p.inflect({"nomn"})
            if form:
                return restore_case(word, form.word)
    for p in parses:
        if ("ADJF" in p.tag) and p.tag.case and p.tag.case != "nomn":
            g = gender or (str(p.tag.gender) if p.tag.gender else "masc")
            form = p.inflect({"nomn", g, "sing"})
            if form:
                return restore_case(word, form.word)
    # Unknown names: the oblique endings the case allows are undone.
    if re.search(r"ске$|ска$", low):
        return restore_case(word, low[:-1])
    if case == "loct" and re.search(r"(?:[оеё]в|[иы]н)е$", low) and not any(p.is_known for p in parses):
        # «жил в Шафееве», «в Ковылкине»: a village in -ово/-ино the gazetteer does not know (a town in -ов/-ин it does)
        return restore_case(word, low[:-1] + "о")
    rules = {
        "gent": [(r"([кгх])и$", r"\1а"), (r"ы$", "а"), (r"и$", "ь"), (r"([^аеёиоуыэюя])а$", r"\1")],
        "loct": [(r"([кгх])е$", r"\1а"), (r"и$", "ь"), (r"([^аеёиоуыэюя])е$", r"\1")],
    }.get(case or "", [])
    for pattern, repl in rules:
        if re.search(pattern, low):
            return restore_case(word, re.sub(pattern, repl, low))
    return word


_CUE_WORDS = {
    id(_HOME): ("урожен", "жител", "родом", "выходц", "место жительства", "место рождения", "родн"),
    id(_WHENCE): ("откуда",),
    id(_BORN_IN): ("родил",),
    id(_FROM_S): ("с ",),
    id(_FROM): ("из ",),
    id(_LIVED): ("жил", "живш", "живущ", "прожива", "вырос"),
    id(_MOVED): ("переехал", "перебрал", "вернулся домой"),
    id(_CALLED_UP): ("мобилизова", "призва"),
    id(_REGISTERED): ("прописан",),
    id(_INVERTED): ("проживал", "жил", "вырос", "родом", "родился"),
    id(_PAREN): ("(",),
    id(_TYPED): ("город", "г.", "сел", "с.", "посёл", "посел", "пос.", "п.", "пгт", "деревн", "д.", "станиц", "ст.",
                 "ст-цы", "аул", "улус", "хутор", "рабоч", "р.п.", "райцентр", "наслег", "аал", "хут.", "х.", "рп", "р/п",
                 "ст-ц"),
}


# The patterns' own leading words, with their word boundaries (\bжил does not
# pass inside «служил»): a stricter test than the cue words above.
_RX_CUES = {id(rx): literal_cues(rx) for rx in (_HOME, _FROM, _LIVED, _MOVED, _PAREN, _TYPED, _WHENCE, _BORN_IN, _FROM_S,
                                                 _CALLED_UP, _REGISTERED, _INVERTED)}


# Where a typed place can start («город», «с.», «посёлка»): the pattern runs only there (scan.OpeningWords;
# its opening letters с, п, г, д, р stand at a third of a text's positions).
_TYPED_AT = OpeningWords(_TYPED, ("город", "г.", "сел", "с.", "посёл", "посел", "пос.", "п.", "пгт", "деревн", "д.",
                                  "станиц", "ст-цы", "ст.", "аул", "улус", "хутор", "рабочего", "р.п.", "райцентр",
                                  "наслег", "аал", "хут.", "х.", "рп", "р/п", "ст-ца", "ст-це"))


# (the call-up and registration verbs are rare words: matched only where they stand)
_CALLED_UP_AT = OpeningWords(_CALLED_UP, ("мобилизова", "призва"))
_REGISTERED_AT = OpeningWords(_REGISTERED, ("прописан",))
_OPENING = {id(_TYPED): _TYPED_AT, id(_CALLED_UP): _CALLED_UP_AT, id(_REGISTERED): _REGISTERED_AT}


def _candidates(text: str) -> list[tuple[int, int, int, str, str | None, str | None]]:
    """(priority, start, end, raw name, type word); lower priority is better."""
    out = []
    low = text.lower()
    for prio, rx in ((0, _HOME), (0, _WHENCE), (1, _FROM), (1, _LIVED), (1, _INVERTED), (1, _MOVED), (1, _FROM_S), (1, _CALLED_UP),
                     (2, _PAREN), (2, _TYPED), (2, _BORN_IN), (2, _REGISTERED)):
        # Each pattern runs only if one of its cue words occurs at all.
        if not any(w in low for w in _CUE_WORDS[id(rx)]) or not may_match(_RX_CUES[id(rx)], low):
            continue
        opening = _OPENING.get(id(rx))
        for m in (opening.finditer(text, low) if opening is not None else rx.finditer(text)):
            name = m.group(m.lastindex)
            if rx is _HOME and _HOME_NAME_THEN_FROM.match(m.group(0)) and _THEN_FROM.match(text, m.end()):
                continue  # «Родом Ринат из Мелеуза»: the man's name, not a place (the inverted pattern reads it)
            # «с Искитима» (genitive) is «из»; «с Артёмом» is a man, not the town Артём.
            # Checked first: «с » precedes a capital in most texts.
            if rx is _FROM_S and (re.search(r"(?:ом|ем|ём|ой|ей|ою|ами|ями)$", name.split()[0])
                                  or not _known_town(_trim_name(name)) or not _not_a_person(_trim_name(name))):
                continue
            type_word = _type_of(m.group(0))
            if rx is _CALLED_UP and not (type_word or _known_town(_trim_name(name))):
                continue
            before = text[max(0, m.start() - 40): m.start()]
            if rx is _TYPED and _DISTRICT_ADJ_BEFORE.search(before):
                continue  # «Намского улуса Егор Слепцов», «Кижингинского района»: a district, not a village «улус»
            # «из X» names an origin even after «похоронили добровольца»; other
            # cues lose to a place of fighting or burial right before them.
            guard = _WAR_PLACE_BEFORE if rx is _FROM else _DEATH_PLACE_BEFORE
            if prio >= 1 and guard.search(before):
                continue
            if rx is _PAREN and _UNIT_BEFORE.search(before):
                continue  # «в 5-й отдельной танковой бригаде (Улан-Удэ)»: the unit's garrison, not his home
            if rx is _FROM and (_CARRIED_FROM.search(text, max(0, m.start() - 80), m.start())
                                or _CARRIED_AFTER.match(text, m.end())):
                continue  # «Тело … доставили из Ростова в Ревду», «Из Ростова в Ревду доставили тело»: where it came from
            if rx in (_HOME, _LIVED) and _RELATIVE_BEFORE.search(before):
                continue  # «Его мать, жительница Шуи, …», «Мать проживает в Шуе»: a relative's home, not his
            if rx in (_HOME, _LIVED, _FROM) and ("его" in before or "Его" in before or "её" in before or "Её" in before
                                                 or "их" in before or "Их" in before) and _other_persons_place(text, m.start()):
                continue  # «Его сослуживец Иван из Рыбинска рассказал …»: the comrade's town
            name, raw_name = _trim_name(name), name
            if not type_word and " " not in name and _TWO_WORD_PREFIX.match(name.lower()) \
                    and _ADJ_END.search(name.lower()) and not _known_town(name):
                continue  # «Житель Нижнего Андрей Котов»: half of a two-word name, no town by itself
            # «Республики Бурятия», «Южного Урала»: two words that name a region, not a town.
            if not name or _NOT_PLACE.match(name) or (not type_word and (
                    _is_region_name(name) or (raw_name != name and _region_phrase(raw_name)))):
                continue
            district = _DISTRICT_AFTER.match(text, m.start(m.lastindex) + len(name))
            if district and rx in (_HOME, _FROM, _LIVED):
                # «житель Ленинского района Севастополя», «из Советского района Казани»: a city's district, the city
                city = _CITY_AFTER_DISTRICT.match(text, district.end())
                if city and _known_town(city.group(1)) and not _is_region_name(city.group(1)):
                    out.append((1 if rx is _LIVED else prio, city.start(1), city.end(1), city.group(1), None, "gent"))
            if district or _BUILDING_AFTER.match(
                    text, m.start(m.lastindex) + len(name)) or _DASH_WITH.match(text, m.start(m.lastindex) + len(name)):
                continue  # (a town before «— с …» belongs to the man after it: find_places)
            if prio == 1 and rx is _FROM and not type_word and not _placeish(name):
                continue
            if prio == 2 and rx is _PAREN and not _placeish(name):
                continue
            case = ("loct" if rx in (_LIVED, _WHENCE, _BORN_IN, _CALLED_UP, _REGISTERED) or (rx is _HOME and m.group(0).lower().startswith("в "))
                    or (rx is _INVERTED and not re.search(r"\sиз\s", m.group(0)))
                    else "gent" if rx in (_HOME, _FROM, _FROM_S, _INVERTED) else None)
            # «уроженец Советска, последние годы жил в Калининграде»: where he lived beats where he was
            # born; a birthplace still beats a bare «из X».
            # «вырос в Бийске, … проживал в Барнауле», «похоронят в родном Худжанде … жил в Тынде»: where he lived
            # last beats where he grew up or was born.
            rank = 0.5 if rx is _HOME and (_BIRTH_WORD.match(m.group(0)) or m.group(0)[:1] in "вВ") \
                else (0.4 if _GREW_UP.match(m.group(0)) else 0) if rx is _LIVED else prio
            out.append((rank, m.start(m.lastindex), m.start(m.lastindex) + len(name), name, type_word, case))
    for m in _FAREWELL_PLACE.finditer(text):
        # Only near the start of its sentence: "В Кяхте похоронили …", "Вчера в Донецке простились …".
        line_start = max(text.rfind("\n", 0, m.start()), text.rfind(". ", 0, m.start()), text.rfind("«", 0, m.start()))
        if len(text[line_start + 1: m.start()].split()) > 3:
            continue
        if _DIED_JUST_BEFORE.search(text, max(0, m.start() - 30), m.start()) or _FEDERAL_CEMETERY.search(
                text, max(0, m.start() - 70), m.start()):
            continue  # «Андрей Котов погиб в Белгороде»: where he died; «на Федеральном … кладбище в Мытищах»
        line_end = text.find("\n", m.end())
        sent_end = min(x for x in (text.find(".", m.end()), line_end, len(text)) if x >= 0)
        name = _trim_name(m.group(m.lastindex))
        if name != m.group(m.lastindex) and _region_phrase(m.group(m.lastindex)):
            continue  # «В Республике Бурятия простились …»
        if not _FAREWELL_WORDS.search(text[m.start(): sent_end]) and not (
                _LOCAL_WORDS.search(text, m.start(), sent_end) and _home_town(name)):
            continue
        # At the head of a farewell sentence a capitalised word after «в» is a place
        # even when no gazetteer knows the village (В Соколе похоронили …); not a
        # district or valley (В Мухоршибирском районе, в Тункинской долине).
        if _DISTRICT_AFTER.match(text, m.start(m.lastindex) + len(name)) or _BUILDING_AFTER.match(
                text, m.start(m.lastindex) + len(name)):
            continue
        if name and not _NOT_PLACE.match(name) and not _is_region_name(name) and _not_a_person(name):
            out.append((3, m.start(m.lastindex), m.start(m.lastindex) + len(name), name, _type_of(m.group(0)), "loct"))
    if "област" in low or "края" in low:
        for m in _TOWN_THEN_REGION.finditer(text):
            # «Погиб Олег Рыбин, 34 года, Энгельс Саратовской области.»: a list item's town and its region
            name, region = m.group(1), _regions.lookup_region(m.group(2)) if _regions is not None else None
            if region is not None and region.code in _regions.settlement_regions(name) \
                    and not _DEATH_PLACE_BEFORE.search(text[max(0, m.start() - 40): m.start()]):
                out.append((2, m.start(1), m.end(1), name, None, None))
    if "кладбищ" in low:
        # «на Мушкетовском кладбище Донецка»: the city of the cemetery, a burial place like the farewell's town
        for m in _CEMETERY_OF.finditer(text):
            name = _trim_name(m.group(1))
            if _known_town(name) and not _is_region_name(name):
                # (weakest: a town whose community posts the farewell wins, as over a dateline)
                out.append((5, m.start(1), m.start(1) + len(name), name, None, "gent"))
    if any(w in low for w in ("прощани", "похорон", "простились", "панихид", "хоронил", "кладбищ", "привез", "достав")):
        for m in _FAREWELL_THEN_PLACE.finditer(text):
            if _THEN_HOME_VILLAGES.match(text, m.end()) or _FEDERAL_CEMETERY.search(
                    text, m.start(), m.start(m.lastindex)):
                continue  # («на Федеральном военном мемориальном кладбище в Мытищах»: a national cemetery)
            a, raw, found = m.start(m.lastindex), m.group(m.lastindex), 0
            for _ in range(4):  # (this «в X» and up to three more in the sentence)
                name = _trim_name(raw)
                ok = name and (name[0].isupper() or _known_town(name)) and not _BUILDING_AFTER.match(text, a + len(name))
                if ok and _placeish(name) and not _NOT_PLACE.match(name) and not _is_region_name(name):
                    out.append((4, a, a + len(name), name, None, "loct"))
                    found += 1
                elif found:
                    break
                nxt = _NEXT_IN_PLACE.match(text, a + len(name))
                if not nxt or (found and not re.search(r"[,—–]", text[a + len(name): nxt.start(nxt.lastindex)])):
                    break
                a, raw = nxt.start(nxt.lastindex), nxt.group(nxt.lastindex)
    out.sort(key=lambda c: c[:4])
    return out


@lru_cache(maxsize=20_000)
def _home_town(name: str) -> bool:
    """A town of Russia or of the annexed regions' rear the gazetteer knows (not a front-line
    town of the Donbas, where «в X погиб» is a place of death)."""
    if _regions is None:
        return False
    codes = _regions.settlement_regions(name)
    return bool(codes) and not any(c in ("UA-14", "UA-09", "UA-23", "UA-65") for c in codes)


#: Cities that are regions: «житель Петербурга» names his city.
_FEDERAL_CITIES = ("RU-MOW", "RU-SPE", "UA-40")


@lru_cache(maxsize=4096)
def _region_phrase(words: str) -> bool:
    """«Республики Бурятия», «Южного Урала»: two words that together name a region."""
    if _regions is None or _regions.settlement_regions(words):
        return False
    region = _regions.lookup_region(words)
    return region is not None and region.code not in _FEDERAL_CITIES


@lru_cache(maxsize=20_000)
def _is_region_name(name: str) -> bool:
    """Кубани, Крыму, Бурятии, Коми: a region, not a settlement."""
    if _regions is None or _regions.settlement_regions(name):
        return False
    region = _regions.lookup_region(name)
    if region is not None:
        return region.code not in _FEDERAL_CITIES
    return any(h.kind in ("region", "adjective") for h in _regions.find_regions(name))


# «из Учалинского и Белорецкого районов»: two districts share the noun.
# («Еврейской автономной области», «Ненецкого автономного округа»: a region, not a town «Еврейская»)
_DISTRICT_AFTER = re.compile(r"(?:\s+и\s+[А-ЯЁ][а-яё-]+(?:ского|цкого|ской|цкой))?\s+(?:(?:муниципальн|городск|сельск|автономн)\w+\s+)?"
                             r"(?:район\w*|улус\w*|округ\w*|кожуун\w*|долин\w+|област\w+|кра[йяею]\w*)", re.I)


# a town in the genitive right after a district, not the first word of a region («… района Ленинградской области»)
_CITY_AFTER_DISTRICT = re.compile(r"[ \t]+(?:г\.\s*|города\s+)?([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)(?![ \t]+(?i:област|обл\.|кра[яюе]|республик|округ|район))")


# «в Вознесенском соборе», «в Никольском храме»: an adjective names the building, not a village.
_BUILDING_AFTER = re.compile(
    r"\s+(?:собор|храм|церк|мечет|монастыр|кладбищ|зал|двор[ец]|парк|сквер|клуб|театр|музе|колледж|училищ|школ"
    r"|гимнази|лице[йяе]|госпитал|больниц|морг|мемориал)")


# «Сыктывкар. Павел Попов», «Ирбит: Василий Ткаченко», «Грязи — Станислав Пешков», and a dated item
# «Белово, 12 марта. Похоронили …»
# («РБ, Стерлитамак: …», «РС(Я), Нюрба. …»: a region's abbreviation may head the dateline)
_LIST_PLACE = re.compile(r"^[\W\d]*?(?:[А-ЯЁ]{2,3}(?:\([А-ЯЁ]\))?,[ \t]*)?([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*(?:\s[А-ЯЁ][а-яё]+)?)"
                         r"\s*(?:[.:]|\s[—–]|(?P<dated>,\s+\d{1,2}\s+[а-я]{3,8}\.))\s")
_CLAUSE_WORD = re.compile(r"^\s*([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*(?:\s[А-ЯЁ][а-яё]+)?)\s*$")


# A sentence after the dateline: a name and then lower-case words with a verb, not «Павел Попов, 25 лет»
_ONE_DATELINE = re.compile(r"[^\n,;]{0,40}?\s(?:[а-яё]+\s+){0,3}(?:погиб\w*|[а-яё]+(?:л|ла|ли|лся|ет|ит|ут|ют|ят|ат))\b")


def _list_places(doc) -> list[tuple[int, int, str, list[int], int]]:
    """Places in roundup lines: «Сыктывкар. Павел Попов, …», «• Ирбит: Василий Ткаченко»,
    «Ильгиз Ахмадуллин, 29 лет, Белебей.», «Глушков Вадим (1992–2024), Арзамас.»"""
    out = []
    pos = 0
    text = doc.text
    header = None  # «Арзамас» alone on a line: the town of the items under it, up to a blank line
    labelled: list[set[int]] = []

    def table_starts() -> set[int]:  # (rows under a header row, found once a text)
        if not labelled:
            from .tables import table_rows
            labelled.append({r[0] for r in table_rows(text)})
        return labelled[0]

    prev_people: list[int] = []
    for line in text.split("\n"):
        start_line, end_line = pos, pos + len(line)
        pos = end_line + 1
        people = sorted({r[2] for r in doc.refs if start_line <= r[0] < end_line and not doc.persons[r[2]].living})
        before, prev_people = prev_people, people if line.strip() else []
        if not line.strip():
            header = None
        if not people:
            bare = _CLAUSE_WORD.match(line.strip(" \t.:—–-•▪️·*")) if len(line) < 40 else None
            if bare and not any(start_line <= r[0] < end_line for r in doc.refs) and _home_town(bare.group(1)) \
                    and _list_place_ok(bare.group(1), doc):
                a = start_line + line.find(bare.group(1))
                next_end = text.find("\n", pos) if pos < len(text) else len(text)
                next_end = len(text) if next_end < 0 else next_end
                if len(before) == 1 and not any(pos <= r[0] < next_end and not doc.persons[r[2]].living
                                                for r in doc.refs):
                    # «Сабиров Ринат Ильдарович\nМелеуз\n1995–2024»: a memorial card's town under its one name
                    out.append((a, a + len(bare.group(1)), bare.group(1), before, 1))
                    continue
                header = (a, a + len(bare.group(1)), bare.group(1))
            continue
        if header is not None and not _LIST_PLACE.match(line):
            out.append((*header, people, 1))
            continue
        item = _FAREWELL_ITEM.match(line)
        if item and (_known_town(_trim_name(item.group(item.lastindex))) or _type_of(item.group(0))):
            raw = _trim_name(item.group(item.lastindex))
            a = start_line + item.start(item.lastindex)
            # (the case is the locative: «во Фролове» → Фролово, via the gazetteer)
            out.append((a, a + len(raw), raw, people[:1], 1))
            continue
        m = _LIST_PLACE.match(line)
        if m and _list_place_ok(m.group(1), doc):
            # «Сыктывкар. Павел Попов, …» heads a list item; «Каспийск. В селении Хучни похоронили …»
            # is a news dateline, where the newsroom is: home only when the text names no other place.
            first_ref = min((r[0] for r in doc.refs if start_line <= r[0] < end_line), default=end_line)
            # A dated item («Белово, 12 марта.») is as good as a farewell place: a home word or a
            # typed village («Махачкала, 15 января. В селении Эрпели …») still wins.
            prio = 3 if m.group("dated") else 1 if first_ref - (start_line + m.end()) <= 25 else 5
            if prio == 1 and start_line == 0 and _ONE_DATELINE.match(line, m.end()) and not any(
                    _LIST_PLACE.match(other) for other in text[end_line + 1:].split("\n")):
                # «Новосибирск. Денис Гусев из Бердска погиб …»: a dateline over one story, not a list of
                # «Town. Name» items: a home the story names («из», «житель», «жил в») wins; a typed village does not
                prio = 1.9
            out.append((start_line + m.start(1), start_line + m.end(1), m.group(1), people, prio))
            continue
        cells = "|" in line or "\t" in line
        for piece in (_CELL_PIECE if cells else _CLAUSE_PIECE).finditer(line):
            # («Роман Ильин, Ядрин. Погиб 21 декабря, …»: the town piece ends at its full stop)
            head, cut, _ = piece.group(0).partition(". ")
            cm = _CLAUSE_WORD.match(head.rstrip(". "))
            if not cm or (cells and _DISTRICT_ADJ.search(cm.group(1)) and start_line in table_starts()):
                continue
            if cut and not _known_town(cm.group(1)):
                continue  # (cut at a full stop only for a town the gazetteer knows: not «…, Вован. Кто знал …»)
            s0 = start_line + piece.start() + cm.start(1)
            if any(r[0] <= s0 < r[1] for r in doc.refs):
                continue
            if text[s0 - 1: s0] == "(" and _UNIT_BEFORE.search(text[max(0, s0 - 40): s0 - 1].rstrip()):
                continue  # «служил в 37-й бригаде (Кяхта)»: the unit's garrison
            if _list_place_ok(cm.group(1), doc):
                near = doc.attribute(s0, s0 + len(cm.group(1)), "prev", plural_ok=False)
                out.append((s0, s0 + len(cm.group(1)), cm.group(1), near, 1))
    return out


# Abbreviations that head a plaque line like a town («Ефр. Исмаилов Р.Т.», «Ряд. Гордиенко»).
_ABBREVIATIONS = frozenset("ефр ряд мл ст гв серж сер лейт кап им ул пр пер кв тел фото".split())
_DISTRICT_ADJ = re.compile(r"(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их)$")


_SURNAME_END = re.compile(r"(?:ов|ев|ин|ын)$")


def _list_place_ok(name: str, doc) -> bool:
    from .names import word_kind

    if _NOT_PLACE.match(name) or _is_region_name(name) or fold(name) in _ABBREVIATIONS:
        return False
    if _placeish(name):
        return True
    if _DISTRICT_ADJ.search(name):
        return False  # «Янтиковский», «Медведевском»: a district's adjective, not its village
    if _SURNAME_END.search(fold(name)):
        return False  # «Хабиров: погиб наш земляк …»: a speaker (a town in -ов/-ин the gazetteer knows passed above)
    kind = word_kind(name.split()[0])
    return kind in ("S", "G", "N?") and not any(fold(name) in (fold(p.surname), fold(p.first_name)) for p in doc.persons)


_HEADER_PLACE = re.compile(
    r"(?:\b(?:г|с|п|пгт)\.\s*|\b(?:Новости|Подслушано|Типичн\w+|Мой|Мои|Чп|ЧП|округ|новости|подслушано|типичн\w+)\s+|📍\s*"
    r"|(?i:школ\w*|гимнази\w+|лице\w+|СОШ)\s*№\s*\d{1,3}\s+(?:г\.\s*)?)"
    r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*(?: [А-ЯЁ][а-яё]+)?)"
)


_DASH_WITH = re.compile(r"\s+[—–]\s+с\s")
_DASH_NAME = re.compile(r"[ \t]*[—–][ \t]*(?=[А-ЯЁ])")
_LIVED_GAPPED = re.compile(r"[,;][ \t]+(?:а[ \t]+)?([А-ЯЁ][а-яё]+)[ \t]+[—–][ \t]+в[ \t]+(?:" + _TYPE + r"[ \t]+)?" + _NAME)
# «— в Урюпинске с Алексеем Николаевичем Рыбиным, 35 лет;» under «Сегодня простились:»
_FAREWELL_ITEM = re.compile(r"^[\s—–•·*-]*[Вв]о?\s+(?:" + _TYPE + _GAP + r")?" + _NAME + r"\s+с(?:о)?\s+[А-ЯЁ]")
_DASH_FAREWELL = re.compile(r"(?<![А-Яа-яЁё])[Вв]о?\s+(?:" + _TYPE + _GAP + r")?" + _NAME + r"\s+[—–]\s+с\s")
_SCHOOL_OF = re.compile(r"(?i:школ\w*|гимнази\w+|лице[йяею]\w*)\s*№\s*\d{1,3}\s+"
                        r"(?:г\.\s*|(?i:города|посёлка|поселка|пгт|села|станицы)\s+)?" + _NAME)
# («Бугульма: ещё одна утрата» labels a topic, the gold leaves its settlement null.)
_HEADER_TOWN = re.compile(r"[^\w\n]{0,4}([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*(?: [А-ЯЁ][а-яё]+)?)(?:[.!]|\s*$)")


_ONE_LINE_HEADER = re.compile(r"[^\w\n]{0,4}(?:Новости|Подслушано|Типичн\w+|Мой|Мои|Чп|ЧП)\s")


# «#Кинешма В зоне СВО погиб …», «КИНЕШМА. Погиб …»: a local hashtag or a capitals dateline opening the post.
_OPENING_TAG = re.compile(r"[^\w\n#]{0,3}#([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)(?=[\s#])")
_TOWN_HEAD = re.compile(r"(?<![А-Яа-яЁё])(?:[Гг]лав[аеуы]|[Мм]эр[аеуы]?)(?:[ \t]+администрации)?(?:[ \t]+(?:города|г\.))?"
                        r"[ \t]*([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)")
_CAPS_DATELINE = re.compile(r"[^\w\n]{0,3}([А-ЯЁ]{3,}(?:-[А-ЯЁ]+)*)[.,]\s")


def _header_place(doc) -> tuple[int, int, str] | None:
    """The town in the first line (a school's or a local group's name), if the gazetteer knows it."""
    opening = _OPENING_TAG.match(doc.text) or _CAPS_DATELINE.match(doc.text)
    if opening:
        name = "-".join(w[:1] + w[1:].lower() for w in opening.group(1).split("-"))
        if _home_town(name) and not _is_region_name(name):
            return opening.start(1), opening.end(1), settlement_nominative(name, None, "gent")
    if "глав" in doc.lower or "мэр" in doc.lower:
        for m in _TOWN_HEAD.finditer(doc.text):
            # «Глава Шуи Иван Петров сообщил о гибели земляка»: the town whose head posts is home (weak, as a header)
            name = m.group(1)
            if _home_town(name) and not _is_region_name(name) and not _personal_name(name):
                return m.start(1), m.end(1), settlement_nominative(name, None, "gent")
    first_end = doc.text.find("\n")
    if first_end < 0 and _ONE_LINE_HEADER.match(doc.text):
        first_end = min(len(doc.text), 120)  # «Чп Сибай 🖤 Простились с …» in one line
    if first_end < 0 or first_end > 120:
        return None
    # («НОВОСТИ ЧЕБОКСАР»: a headline in capitals, read with its towns recased)
    m = _HEADER_PLACE.search(_recased(doc.text), 0, first_end)
    if not m:
        # «Вилюйск. Скорбная весть.»: a headline that opens with a known town and a stop
        m = _HEADER_TOWN.match(doc.text, 0, first_end)
        if not m or not _home_town(_trim_name(m.group(1))):
            return None
    name = _trim_name(m.group(1))
    if not _placeish(name):
        return None
    return m.start(1), m.start(1) + len(name), settlement_nominative(name, None, "gent")


# «Гусиноозёрск простился с …», «Бугульма проводила в последний путь …», «Буйнакск: простились …»
_FAREWELL_VERB = re.compile(r"\s+(?:(?:сегодня|вчера|позавчера|завтра|накануне|тоже|также|вновь|снова)\s+)?(?:простил\w*|простит\w*|простят\w*|проводил\w*|проводит\w*|проводят|попрощал\w*"
                            r"|прощает\w*|прощают\w*|похоронил\w*)\b")
_TOWN_SUBJECT = re.compile(
    r"[^\w\n]{0,4}(?:[АаИи]\s+)?(?:(?:[Вв]чера|[Сс]егодня|[Пп]озавчера|[Зз]автра|[Нн]акануне)\s+)?(?:[Вв]ся|[Вв]есь|[Вв]сё|[Вв]се)?\s*"
    r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*(?: [А-ЯЁ][а-яё]+)?)"
    r"(?=\s*[:.!][ \t]*(?:[^\n]{0,12}(?:прощ|прост|похорон|памят|скорб|соболезн|[Пп]огиб|[Пп]амят|[Вв]ечная|[Пп]рощ|[Пп]рост))|\s+(?:(?:сегодня|вчера|позавчера|завтра|накануне|тоже|также|вновь|снова)\s+)?(?:простил\w+|простит\w*|простят\w*|прощает\w*|прощают\w*|проводил\w*|проводит\w*|провожа\w+|помнит|скорб\w+|хорон\w+|похоронил\w*"
    r"|попрощал\w*|соболезну\w+|потерял\w*|лишил\w*|прощал\w+|объявил\w*\s+(?:день\s+)?траур))")
# «Хоринская СОШ», «в Шилкинской школе», «Коллектив Вельского ЛПК», «в Лискинском ДК»
_INSTITUTION = re.compile(
    r"(?<![А-Яа-яЁё-])([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)(?:ск|цк)(?:ая|ой|ую|ий|ого|ом|ое|ому|им|ие|их)\s+"
    r"(?:[а-яё]+(?:ая|ой|ую|ий|ого|ом|ое|ому|им|ей|его|ему|ем|яя|юю|ее)\s+){0,2}"  # (soft «средней школы»)
    # «Администрация Камышловского городского округа»: an urban district is its town
    r"(?:СОШ|СШ|ООШ|школ\w*|гимнази\w+|лице\w+|ДК\b|[Дд]ом\w*\s+культуры|(?<=городского\s)округа|(?P<work>ЛПК|завод\w*|комбинат\w*|предприяти\w+|разрез\w*))")


_NEWLINE = re.compile(r"\n")
# «Позавчера Абакан простился с …»: a time adverb may open the sentence.
# («Вся Кяхта провожала в последний путь …»)
_WHEN = r"(?:[АаИи]\s+)?(?:(?:[Вв]чера|[Сс]егодня|[Пп]озавчера|[Зз]автра|[Нн]акануне)\s+)?(?:(?:[Вв]ся|[Вв]есь|[Вв]сё|[Вв]се)\s+)?"
_LEAD_NAME = re.compile(r"[^\w\n]{0,4}" + _WHEN + r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*(?: [А-ЯЁ][а-яё]+)?)")
_HEADLINE_IN = re.compile(r"(?<![А-Яа-яЁё])[Вв]о?\s+([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*(?: [А-ЯЁ][а-яё]+)?)")
_HEADLINE_LOCAL = re.compile(r"[Аа]лле\w+|[Дд]оск\w+|провожа\w+|проводил\w*|[Гг]еро\w+|[Пп]амят\w+|[Пп]арт\w+")
_AFTER_LIFESPAN = re.compile(r"\d{2}\s*[—–-]\s*\d{1,2}\.\d{1,2}\.\d{2,4}(?:[ \t]+|[ \t]*\n[ \t]*)"
                             r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*(?: [А-ЯЁ][а-яё]+)?)")
_INSTITUTION_CUE = re.compile(r"СОШ|СШ|ООШ|школ|гимнази|лице|ДК|культуры|ЛПК|завод|комбинат|предприяти|разрез"
                              r"|городского\s+округа")


_COMPOUND_HEAD = {"бело": ("Белая", "Белый", "Белое"), "старо": ("Старая", "Старый", "Старое"),
                  "ново": ("Новая", "Новый", "Новое"), "верхне": ("Верхняя", "Верхний", "Верхнее"),
                  "нижне": ("Нижняя", "Нижний", "Нижнее"), "красно": ("Красная", "Красный", "Красное"),
                  "больше": ("Большая", "Большой", "Большое"), "мало": ("Малая", "Малый", "Малое")}


def _compound_forms(stem: str) -> list[str]:
    """«Белохолуниц-кая» → «Белая Холуница»: a two-word town's adjective is written as one word."""
    low = stem.lower()
    for head, adjectives in _COMPOUND_HEAD.items():
        if low.startswith(head) and len(low) > len(head) + 3:
            rest = stem[len(head):].capitalize()
            # («Белохолуни-цкой»: the stem may have lost its «ц»)
            tails = [r + e for r in (rest, rest + "ц") for e in ("", "а", "о", "ь", "ы", "и", "е")]
            return [f"{a} {t}" for a in adjectives for t in tails]
    return []


@lru_cache(maxsize=4096)
def institution_town(stem: str) -> str | None:
    """The town a local adjective is made from (Хорин-ская → Хоринск, Шилкин-ская → Шилка,
    Лискин-ский → Лиски, Кузоватов-ская → Кузоватово), if the gazetteer knows exactly one."""
    if _regions is None:
        return None
    forms = [stem + "ск", stem, stem + "а", stem + "о", stem + "ь", stem + "ы", stem + "и", stem + "ский"]
    for tail, repl in (("ин", "а"), ("ин", "о"), ("ин", "и"), ("ин", ""), ("ен", "ь"), ("ан", "ань"), ("ов", "ово"),
                       ("ев", "ево")):
        if stem.endswith(tail):
            forms.append(stem[: -len(tail)] + repl)
    # a fleeting vowel: Кинешем-ская → Кинешма, Елец-кая (stem Еле) → Елец
    fleeting = re.match(r"(.*[^аеёиоуыэюя])[её]([^аеёиоуыэюя])$", stem)
    if fleeting:
        forms.append(fleeting.group(1) + fleeting.group(2) + "а")
    forms.append(stem + "ц")
    forms += _compound_forms(stem)
    towns = {_regions.settlement_name(f) for f in forms if _home_town(f)}
    towns.discard(None)
    return next(iter(towns)) if len(towns) == 1 else None


@lru_cache(maxsize=4096)
def _safe_bare(name: str) -> bool:
    """A town name that means the town even without a preposition: one the gazetteer finds
    in free text, or a word no dictionary knows that is no person's name (Кижинга, not Шахты)."""
    if _regions.find_regions(name):
        return True
    first = name.split()[0]
    return not any(p.is_known for p in parse(first)) and _not_a_person(name)


def _community_places(doc) -> list[tuple[int, int, str, list[int]]]:
    """A town that is the subject of a mourning sentence, or whose school, college or
    club posts the notice: the home of the dead it speaks about (of all of them in a headline)."""
    from .names import word_kind

    text = _recased(doc.text)  # («ВЛАДИВОСТОК ПРОСТИЛСЯ С ГЕРОЕМ»: a capitals headline with the town in it)
    out = []
    first_end = text.find("\n")
    first_end = len(text) if first_end < 0 else first_end
    found = []
    # Tried only at line and sentence starts (a scan of every position costs ~0.4 ms a text).
    starts = {0} | {s.start for s in doc.sentences} | {m.end() for m in _NEWLINE.finditer(text)}
    for i in sorted(starts):
        lead = _LEAD_NAME.match(text, i)
        # (a town of the Donbas too: «Горловка проводила в последний путь своего защитника» is a local farewell)
        if not lead or not _known_town(_trim_name(lead.group(1))):
            continue
        m = _TOWN_SUBJECT.match(text, i)
        if not m:
            continue
        name = _trim_name(m.group(1))
        # Only names safe without a preposition (not Шахты, Орёл, Королёв).
        # «Лиски проводили …», «Елец простится с …»: a town named like a common word is the subject
        # of a farewell verb, unless the word can be a person (Орлов простился с …).
        if name and _known_town(name) and (_safe_bare(name) or (
                _FAREWELL_VERB.match(text, m.end(1)) and _not_a_person(name)
                and (name[-1] in "иы" or word_kind(name.split()[0]) not in ("S", "N", "N?")))):
            found.append((m.start(1), m.start(1) + len(name), _regions.settlement_name(name) or name))
    if _INSTITUTION_CUE.search(text):
        for m in _INSTITUTION.finditer(text):
            # The school that posts (its name heads the text) or the club where the farewell is
            # held; not «выпускник Находкинской школы» nor a widow's workplace.
            if m.start() >= first_end and not (
                    re.search(r"(?:^|\s)[Вв]о?\s+$", text[max(0, m.start() - 4): m.start()])
                    and _FAREWELL_WORDS.search(doc.sentence_at(m.start()).text)) \
                    and not re.search(r"[Кк]оллектив\w*\s+(?:[а-яё]+\s+)?$", text[max(0, m.start() - 40): m.start()]):
                continue
            # An employer's town is home only when the post calls the dead its workers.
            if m.group("work") and not re.search(r"(?:сво|наш)(?:его|их|ему|им)\s+(?:работник|сотрудник|коллег)", text):
                continue
            town = institution_town(m.group(1))
            if town:
                found.append((m.start(1), m.end(0), town))
    if first_end <= 160 and (_FAREWELL_WORDS.search(text, 0, first_end) or _LOCAL_WORDS.search(text, 0, first_end)
                             or _HEADLINE_LOCAL.search(text, 0, first_end)):
        # (a one-line text is no headline beyond its first sentence: «… погиб в зоне СВО. С его матерью мы поговорили
        # в Чите.»)
        head_end = min(first_end, doc.sentences[0].end) if doc.sentences and first_end == len(text) else first_end
        for m in _HEADLINE_IN.finditer(text, 0, head_end):
            name = _trim_name(m.group(1))
            if _ELSEWHERE_BEFORE.search(text, max(0, m.start() - 40), m.start()) or _DIED_JUST_BEFORE.search(
                    text, max(0, m.start() - 30), m.start()) or _FEDERAL_CEMETERY.search(text, max(0, m.start() - 70),
                                                                                         m.start()):
                continue  # «… проходил подготовку в Новосибирске, погиб …»: a place of service, not the local town
            if name and _home_town(name) and not _DISTRICT_AFTER.match(text, m.start(1) + len(name)):
                found.append((m.start(1), m.start(1) + len(name), settlement_nominative(name, None, "loct")))
    # «Гармаев Баир-Доржо 08.02.1979 — 14.06.2023 Закаменск»: a town right after a lifespan.
    for m in _AFTER_LIFESPAN.finditer(text):
        name = _trim_name(m.group(1))
        if name and _home_town(name):
            found.append((m.start(1), m.start(1) + len(name), settlement_nominative(name, None, None)))
    for start, end, name in found:
        if start < first_end:
            targets = doc.dead()
        else:
            sent = doc.sentence_at(start)
            targets = sorted({r[2] for r in doc.refs if sent.start <= r[0] < sent.end and not doc.persons[r[2]].living}) \
                or doc.attribute(start, end, "next")
        out.append((start, end, name, targets))
    return out


def _not_a_person(name: str) -> bool:
    from .names import word_kind

    return _placeish(name) or word_kind(name.split()[0]) not in ("N", "P")


_DISTRICT_ADJ_BEFORE = re.compile(r"[А-ЯЁа-яё-]+(?:ск|цк)(?:ого|ом|ий|ому|им)\s+$")
_TYPE_AT = re.compile(r"(?<![\w-])" + _TYPE)  # compiled once (and accelerated), not per candidate


def _type_of(s: str) -> str | None:
    m = _TYPE_AT.search(s)
    return m.group(0) if m else None


_CLAUSE_PIECE = re.compile(r"[^,;()—–]+")
# A cell of a flattened table («Яковлев Олег | Шумерля | 20.03.2024») is a piece too; under a header row a
# district's adjective («Район | … Бобровский») is no settlement, a town under any label is.
_CELL_PIECE = re.compile(r"[^,;()—–|\t]+")
_ADJ_END = re.compile(r"(?:ий|ый|ой|ая|ое|ые|ие|его|ого|ем|ом|ей|ых|их|ую|ой|ом)$")  # («Большие Карачуры»)


# (the whole first word: «Старая Русса», «Верхние Киги», not «станицы Старощербиновской Павел Голубев»)
_TWO_WORD_PREFIX = re.compile(r"^(?:(?:нижн|верхн|стар|нов|велик|набережн|мал|больш|красн|бел|черн)[а-яё]{1,3}|(?:сергиев|павлов|гаврилов)[а-яё]{0,3})$")


# «из села Красного Липецкой области»: a region's or district's adjective after a village adjective is not its noun.
_REGION_ADJ = re.compile(r"(?:ск|цк)(?:ой|ого|ому|им|ом|ая|ий|ую|ое)$")


def _trim_name(name: str) -> str:
    """One word, or two when they make one name (Нижний Тагил, Набережные Челны)."""
    words = name.split()
    if len(words) > 1:
        two = " ".join(words[:2])
        known = _regions is not None and bool(_regions.settlement_regions(two))
        # «жители Марий Эл»: two words that name a region stay whole, so no caller takes «Марий» for a town.
        if not (known or (_ADJ_END.search(words[0].lower()) and _TWO_WORD_PREFIX.match(words[0].lower())
                          and not _personal_name(words[1]) and not _REGION_ADJ.search(words[1]))
                or (_ADJ_END.search(words[0].lower()) and _region_phrase(two))):
            words = words[:1]
    return " ".join(words[:2])


@lru_cache(maxsize=20_000)
def _personal_name(word: str) -> bool:
    """«села Красного Иван Котов»: the man's given name or surname after a village adjective is not its noun."""
    return any("Name" in p.tag and p.tag.number == "sing" and p.is_known for p in parse(word))


@lru_cache(maxsize=20_000)
def _known_town(name: str) -> bool:
    return _regions is not None and bool(_regions.settlement_regions(name))


@lru_cache(maxsize=20_000)
def _placeish(name: str) -> bool:
    if _regions is not None and _regions.settlement_regions(name):
        return True
    first = name.split()[0]
    for p in parse(first.split("-")[0] if "-" in first and not parse(first)[0].is_known else first):
        if "Geox" in p.tag:
            return True
    return False


#: Heads of regions who post death notices (2022–2025): a post by the head of a
#: region is about that region's dead. Only distinctive surnames; a common one
#: (Соколов, Николаев) is keyed with its first name.
_HEADS = {
    "цыденов": "RU-BU", "хабиров": "RU-BA", "ховалыг": "RU-TY", "айсен николаев": "RU-SA", "минниханов": "RU-TA",
    "махонин": "RU-PER", "александр гусев": "RU-VOR", "осипов": "RU-ZAB", "меняйло": "RU-SE", "кадыров": "RU-CE",
    "меликов": "RU-DA", "старовойт": "RU-KRS", "хинштейн": "RU-KRS", "гладков": "RU-BEL", "куйвашев": "RU-SVE",
    "паслер": "RU-SVE", "текслер": "RU-CHE", "моор": "RU-TYU", "травников": "RU-NVS", "кобзев": "RU-IRK",
    "цивилев": "RU-KEM", "середюк": "RU-KEM", "котюков": "RU-KYA", "олег николаев": "RU-CU", "бусаргин": "RU-SAR",
    "солнцев": "RU-ORE", "бочаров": "RU-VGG", "кондратьев": "RU-KDA", "владимиров": "RU-STA", "филимонов": "RU-VLG",
    "коков": "RU-KB", "темрезов": "RU-KC", "калиматов": "RU-IN", "шумков": "RU-KGN", "ситников": "RU-KOS",
    "глеб никитин": "RU-NIZ", "мельниченко": "RU-PNZ", "федорищев": "RU-SAM", "азаров": "RU-SAM", "руденя": "RU-TVE",
    "миляев": "RU-TUL", "дюмин": "RU-TUL", "авдеев": "RU-VLA", "русских": "RU-ULY", "хоценко": "RU-OMS",
    "мазур": "RU-TOM", "томенко": "RU-ALT", "коновалов": "RU-KK", "кожемяко": "RU-PRI", "дегтярёв": "RU-KHA",
    "дегтярев": "RU-KHA", "демешин": "RU-KHA", "лимаренко": "RU-SAK", "солодов": "RU-KAM", "чибис": "RU-MUR",
    "цыбульский": "RU-ARK", "уйба": "RU-KO", "парфенчиков": "RU-KR", "алиханов": "RU-KGD", "беспрозванных": "RU-KGD",
    "ведерников": "RU-PSK", "дрозденко": "RU-LEN", "беглов": "RU-SPE", "собянин": "RU-MOW", "евраев": "RU-YAR",
    "воскресенский": "RU-IVA", "шапша": "RU-KLU", "богомаз": "RU-BRY", "анохин": "RU-SMO", "клычков": "RU-ORL",
    "артамонов": "RU-LIP", "малков": "RU-RYA", "комарова": "RU-KHM", "артюхов": "RU-YAN", "бречалов": "RU-UD",
    "евстифеев": "RU-ME", "здунов": "RU-MO", "хасиков": "RU-KL", "кумпилов": "RU-AD", "аксёнов": "UA-43",
    "аксенов": "UA-43", "развожаев": "UA-40", "пушилин": "UA-14", "пасечник": "UA-09", "балицкий": "UA-23",
    "сальдо": "UA-65", "турчак": "RU-AL", "гольдштейн": "RU-YEV", "носов": "RU-MAG", "орлов": "RU-AMU",
    "хорохордин": "RU-AL", "егоров": "RU-TAM", "никитин": "RU-NIZ",
}
_HEAD_CUE = re.compile(r"губернатор\w*|глав[аеуы]\s+(?:республики|региона|края|области|Якутии|Бурятии|Тувы|Чечни"
                       r"|Дагестана|Башкирии|Татарстана|Чувашии|Кузбасса|Удмуртии|Коми|Карелии)|врио", re.I)


_SPEAKER_OPENING = re.compile(r"[^\w\n]{0,3}(?:[А-ЯЁ][а-яё]+[ \t]+)?([А-ЯЁ][а-яё]+)[ \t]*:")


def _head_region(doc) -> tuple[str, tuple[int, int]] | None:
    """The region whose head wrote or is quoted in the text, if it is a known head."""
    opening = _SPEAKER_OPENING.match(doc.text)
    if opening and fold(opening.group(1)) in _DISTINCTIVE_HEADS:
        # «Хабиров: погиб наш земляк …»: the head speaking by his surname alone, not read as a person
        return _HEADS[fold(opening.group(1))], opening.span(1)
    for p in doc.persons:
        if not p.living:
            continue
        full = fold(f"{p.first_name or ''} {p.surname}").strip()
        code = _HEADS.get(full) or _HEADS.get(fold(p.surname))
        if not code:
            continue
        speaker = p.start < 5 or doc.text[p.end: p.end + 2].startswith(":")
        titled = _HEAD_CUE.search(doc.text, max(0, p.start - 60), p.start)
        if speaker or titled or fold(p.surname) in _DISTINCTIVE_HEADS:
            return code, (p.start, p.end)
    return None


_DISTINCTIVE_HEADS = {"цыденов", "хабиров", "ховалыг", "минниханов", "махонин", "меняйло", "кадыров", "меликов",
                      "старовойт", "гладков", "текслер", "травников", "кобзев", "бусаргин", "бочаров", "филимонов",
                      "темрезов", "калиматов", "шумков", "руденя", "хоценко", "томенко", "кожемяко", "лимаренко",
                      "цыбульский", "уйба", "парфенчиков", "алиханов", "дрозденко", "евраев", "богомаз", "клычков",
                      "артюхов", "бречалов", "здунов", "хасиков", "кумпилов", "развожаев", "пушилин", "балицкий",
                      "сальдо", "паслер", "хинштейн", "середюк", "котюков", "федорищев", "миляев", "евстифеев",
                      "гольдштейн", "беспрозванных"}


# «Администрация Кяхтинского района», «жителей Янтиковского муниципального округа»,
# «Аургазинский р-н»: a district named after its town (or its region) places the man in that region.
_DISTRICT = re.compile(
    r"\b([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)?)(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую|ое)\s+"
    r"(?:(?:городск|муниципальн)\w+\s+)?(?:район\w*|р-н\w*|р-на|округ\w*|улус\w*|кожуун\w*"
    # a local institution named after its town: «Чебоксарский техникум», «Кяхтинская школа»
    r"|техникум\w*|колледж\w*|лице\w+|гимнази\w+|школ\w+|СОШ|СШ|ООШ|военкомат\w*|совет\w*"
    # «Мелеузовский боец Ринат Сабиров»: a local adjective before the man's role gives the region (no town: it may be
    # the district's)
    r"|бо(?:ец|йц\w+)|доброволец|добровольц\w+|военнослужащ\w+|земляк\w*)"
)


@lru_cache(maxsize=4096)
def district_region(stem: str) -> str | None:
    """Region of a district whose adjective has ``stem`` (Кяхтин-ский → Кяхта, Чебоксар-ский →
    Чебоксары, Курск-ий → Курская область), if the gazetteer knows the town or the region."""
    if _regions is None:
        return None
    # A district the list names (Мегино-Кангаласский улус), or one several regions have (Кировский район): no guess.
    known, code = _regions.district_region_code(stem) if hasattr(_regions, "district_region_code") else (False, None)
    if known:
        return code
    # (+ «ое»: a district named after its village, Кизильский район → Кизильское)
    forms = [stem, stem + "а", stem + "ы", stem + "и", stem + "о", stem + "ь", stem + "ск", stem + "е", stem + "ки",
             stem + "ское", stem + "цкое"]
    for tail, repl in (("ин", "а"), ("ин", "о"), ("ин", ""), ("ин", "ы"), ("ин", "и"), ("ен", "ь"), ("ен", "ны"),
                       ("ан", "ань"), ("ан", "ь"), ("ан", "а"), ("ов", ""), ("еев", ""),
                       # Белебе-ев-ский → Белебей, Курчало-ев-ский → Курчалой, Уф-им-ский → Уфа, Елабуж-ский → Елабуга
                       ("ев", "й"), ("им", "а"), ("ж", "га")):
        if stem.endswith(tail):
            forms.append(stem[: -len(tail)] + repl)
    # «-цкий» splits as «…-цкий»: Белоре-цкий → Белорецк, Кайби-цкий → Кайбицы
    forms += [stem + "цк", stem + "цы"]
    # a district named after its stanitsa: Канев-ской → Каневская, Брюхове-цкий → Брюховецкая, Динской → Динская
    forms += [stem + "ская", stem + "цкая"]
    forms += _compound_forms(stem)  # Белохолуницкий район → Белая Холуница
    if stem.endswith("й"):
        forms.append(stem[:-1] + "я")  # Шуй-ский → Шуя
    # a fleeting vowel: Кинешем-ский → Кинешма
    fleeting = re.match(r"(.*[^аеёиоуыэюя])[её]([^аеёиоуыэюя])$", stem)
    if fleeting:
        forms.append(fleeting.group(1) + fleeting.group(2) + "а")
    # (region_for_settlement: a «?» village shared with regions the gazetteer does not list gives none)
    # A town the district is named after beats a village named like the district («Шуйский» is Шуя's, not the
    # Vologda village Шуйское's); the village forms count only when no town answers.
    towns = {c for c in map(_regions.region_for_settlement, (f for f in forms if not f.endswith(("ское", "цкое")))) if c}
    codes = towns if len(towns) == 1 else {c for c in map(_regions.region_for_settlement, forms) if c}
    for region_form in (stem + "ская область", stem + "ский край", stem + "ая область"):
        r = _regions.lookup_region(region_form)
        if r is not None:
            codes.add(r.code)
    return next(iter(codes)) if len(codes) == 1 else None


# The same in an all-lower-case post («деревни ивановка чердаклинского района»).
_DISTRICT_LOWER = re.compile(_DISTRICT.pattern.replace("[А-ЯЁ][а-яё]+", "[а-яё]+", 1).replace("СОШ|СШ|ООШ|", ""))


def _district_hits(text: str) -> list[tuple[str, int, int]]:
    out = []
    matches = list(_DISTRICT.finditer(text))
    if not matches and any(w in text for w in ("район", "округ", "улус", "кожуун", "р-н")):
        matches = list(_DISTRICT_LOWER.finditer(text))  # (a scan from every word: only when a district word occurs)
    for m in matches:
        # «Кировского района Ленинградской области», «Ленинского района Уфы»: the region or city written after the
        # district names its region, whatever the district's adjective suggests.
        code = _district_tail(text, m.end()) or district_region(m.group(1))
        if code:
            out.append((code, m.start(), m.end()))
    return out


_TAIL_GAP = re.compile(r"[ \t]*,?[ \t]*")


def _district_tail(text: str, end: int) -> str | None:
    gap = _TAIL_GAP.match(text, end)
    start = gap.end() if gap else end
    if start >= len(text) or not text[start].isupper():
        return None
    hits = _regions.find_regions(text[start: start + 40])
    if not hits or hits[0].start != 0:
        return None
    hit = hits[0]
    if hit.kind == "region" or (hit.kind == "settlement" and hit.strength >= 0.8):
        return hit.code
    return None


def _region_hits(doc) -> list:
    if _regions is None:
        return []
    return _regions.find_regions(_recased(doc.text))


_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)*")
_UPPER = re.compile(r"[А-ЯЁA-Z]")


@lru_cache(maxsize=256)
def _recased(text: str) -> str:
    """An all-lower-case post («уроженец г. шагонар», «погиб в бурятии») or an ALL-CAPS line
    («ГЕРОЙ ИЗ ЛИСОК») with the towns and regions the gazetteer knows capitalised and other words
    in lower case (same length, same offsets); other texts as they are."""
    if _regions is None:
        return text
    if len(_UPPER.findall(text, 0, 2000)) * 200 > min(len(text), 2000):
        spans = [m.span() for m in _CAPS_LINE.finditer(text)]
        if not spans:
            return text
    else:
        spans = [(0, len(text))]
    chars = list(text)
    for a, b in spans:
        low = text[a:b].lower()
        chars[a:b] = low
        prev = None
        for m in _WORD.finditer(low):
            w = m.group(0)
            if len(w) > 3 and (_regions.settlement_regions(w) or _regions.lookup_region(w) is not None):
                for part in re.finditer(r"[а-яё]+", w):
                    chars[a + m.start() + part.start()] = chars[a + m.start() + part.start()].upper()
            elif prev is not None and prev.end() + 1 == m.start() and _regions.settlement_regions(prev.group(0) + " " + w):
                # «СЕЛА БОЛЬШИЕ КАЙБИЦЫ», «из нижних серёг»: a two-word name whose words are no town by themselves
                chars[a + prev.start()] = chars[a + prev.start()].upper()
                chars[a + m.start()] = chars[a + m.start()].upper()
            prev = m
        for m in _RECASE_AFTER_TYPE.finditer(low):
            # «житель с. зирган», «ЖИТЕЛЬ ДЕРЕВНИ ШАФЕЕВО»: a word after a village's type is its name when no dictionary
            # knows it as a common word («в селе было …» stays)
            w = m.group(1)
            if not any(p.is_known and "Geox" not in p.tag for p in parse(w)):
                for part in re.finditer(r"[а-яё]+", w):
                    chars[a + m.start(1) + part.start()] = chars[a + m.start(1) + part.start()].upper()
    return "".join(chars)


_RECASE_AFTER_TYPE = re.compile(
    # («села» only after «из», «житель», «уроженец/уроженка»: alone it may be a verb, «она села в машину»)
    r"(?<![а-яё])(?:с\.|д\.|п\.|пос\.|пгт\.?|рп|р\.п\.|ст-ца|ст-цы|г\.|село|селе|селом"
    r"|(?:(?<=из )|(?<=ль )|(?<=ля )|(?<=ец )|(?<=ца )|(?<=ка )|(?<=ки ))села|деревн[яиеюй]\w*|посёлк\w*|поселк\w*"
    r"|посёлок|поселок|станиц\w*|аула|ауле|аул|улуса|улусе|улус|хутор\w*|наслег\w*)[ \t]*([а-яё]{3,}(?:-[а-яё]+)*)")


# A line in capitals: a headline or a plaque («ГЕРОЙ ИЗ ЛИСОК: ВИКТОР ПРОНИН»).
_CAPS_LINE = re.compile(r"^(?=[^a-zа-яё\n]*[А-ЯЁ]{4})[^a-zа-яё\n]+$", re.M)


def find_places(doc, default_region: str | None) -> None:
    cands = _candidates(_recased(doc.text))
    low = doc.lower
    lazy: dict[str, list] = {}

    def hits_() -> list:
        # The gazetteer scan costs ~1 ms; most people get their region from their settlement.
        if "all" not in lazy:
            # («Иван Котельников погиб»: a surname that is a town's form — Котельники — is no place)
            lazy["all"] = [h for h in _region_hits(doc) if not _surname_hit(doc, h)]
            lazy["explicit"] = [h for h in lazy["all"] if h.kind == "region" and not _death_context(doc.text, h.start)
                                and not _past_war(doc.text, h) and doc.text[h.start - 1: h.start] not in ("«", '"', "“")]
        return lazy["all"]

    # A region named explicitly by the text (headline, "Саратовской области" right
    # after the village) overrides the gazetteer's guess for a namesake town.
    datelines = []
    for start, end, raw, people, list_prio in _list_places(doc):
        # (every list or dateline town: the region of a man whose own village the gazetteer does not know)
        datelines.append((start, end, raw, people, list_prio))
        for i in people:
            p = doc.persons[i]
            if p.values.get("_settlement_prio", 9) <= list_prio:
                continue
            p.values["settlement"] = settlement_nominative(raw, None, None)
            p.values["_settlement_prio"] = list_prio
            p.evidence["settlement"] = (start, end)
    for rx in (_PLURAL_HOME, _NEIGHBOUR):
        if not (("жители" in low or "уроженцы" in low) if rx is _PLURAL_HOME else "сосед" in low):
            continue
        for m in rx.finditer(doc.text):
            raw = _trim_name(m.group(m.lastindex))
            if not raw or not _placeish(raw) or _is_region_name(raw):
                continue
            a = m.start(m.lastindex)
            if rx is _NEIGHBOUR:
                targets = doc.attribute(a, a + len(raw), "near")
            else:
                sent = doc.sentence_at(a)
                stop = _PLURAL_HOME.search(doc.text, a + len(raw), sent.end) or _LIST_BREAK.search(
                    doc.text, a + len(raw), sent.end)
                limit = stop.start() if stop else sent.end
                targets = sorted({r[2] for r in doc.refs if a + len(raw) <= r[0] < limit and not doc.persons[r[2]].living})
                if not targets and _OTHER_DEAD.search(sent.text):
                    continue  # «Ещё двое погибших — жители Лебедяни и Задонска, их имена не сообщаются»
                if _AND_AROUND.match(doc.text, a + len(raw)):
                    continue  # «Все они — жители Вязьмы и района»: who lives in the town is not said
                if not targets:  # «Все трое — жители Златоуста»
                    targets = doc.dead() if re.search(r"\b(?:[Вв]се|[Оо]ба|[Оо]бе)\b", sent.text) \
                        else doc.attribute(a, a + len(raw), "prev")
            for i in targets:
                p = doc.persons[i]
                p.values["settlement"] = settlement_nominative(raw, _type_of(m.group(0)), "gent" if rx is _PLURAL_HOME else "datv")
                p.values["_settlement_prio"] = 0
                p.evidence["settlement"] = (a, a + len(raw))
    if "соответственно" in low:
        for start, end, raw, type_word, i in _respectively(doc):
            p = doc.persons[i]
            if raw is None:
                p.values.pop("settlement", None)
                p.values["_settlement_prio"] = 0
                p.values["_district_only"] = True
                continue
            p.values["settlement"] = settlement_nominative(raw, type_word, "gent")
            p.values["_settlement_prio"] = 0
            p.evidence["settlement"] = (start, end)
    for prio, start, end, raw, type_word, case in cands:
        if prio >= 3:
            # A farewell place is the home of everyone the sentence buries.
            sent = doc.sentence_at(start)
            lo, hi = sent.start, sent.end
            # «Прощание с Андреем … состоится в Клинцах, с Василием и Олегом — в Стародубе»: with two farewell towns in
            # the sentence, each buries the men named between the previous town and it.
            others = [c[1] for c in cands if c[0] == 4 and c[1] != start and sent.start <= c[1] < sent.end]
            if prio == 4 and others:
                lo = max([o for o in others if o < start], default=sent.start)
                hi = start
            targets = sorted({r[2] for r in doc.refs if lo <= r[0] < hi
                              and not doc.persons[r[2]].living}) or doc.attribute(start, end, "next") \
                or doc.attribute(start, end, "prev")  # «… Прощание пройдёт в четверг в Курске.»
        else:
            # «погибшего жителя Белгорода Игоря Лунина»: the man named right after the town is its man
            # (whoever stands before it: «Губернатор Курской области … семье жителя Белгорода Игоря Лунина»).
            right_after = [r[2] for r in doc.refs if end <= r[0] <= end + 2 and not doc.persons[r[2]].living] \
                if (prio <= 0.5 and _HOME_NOUN_BEFORE.search(doc.text, max(0, start - 30), start)) or (
                    # «… и из Шуи Иван Лосев»: the man named right after «из X» in a row of such pairs
                    prio == 1 and case == "gent" and _FROM_BEFORE.search(doc.text, max(0, start - 12), start)
                    and _AND_FROM.search(doc.text, max(0, start - 16), start)) else []
            if not right_after and doc.text[start - 1: start] == "(":
                # «Айдар Хайруллин (Кигинский район) и Олег Зуев (Уфа)»: a town in brackets right after a name is his
                right_after = [r[2] for r in doc.refs if start - 3 <= r[1] < start and not doc.persons[r[2]].living
                               and doc.text[r[1]: start - 1].strip() == ""]
            targets = right_after[:1] or doc.attribute(start, end, "prev")
            sent = doc.sentence_at(start)
            if not right_after and len(doc.dead()) > 1 and _PLURAL_OBJECT.search(sent.text) and not any(
                    sent.start <= r[0] < sent.end for r in doc.refs):
                # «Похоронят братьев … в родном Белгороде», «Их похоронят в родной Кинешме»: every one of the dead
                targets = doc.dead()
            dash = _DASH_NAME.match(doc.text, end)
            if dash:
                # «Из Кинешмы — Андрей Котов, из Шуи — Иван Лосев»: the town before a dash belongs to the man after it
                named = [r[2] for r in doc.refs if r[0] == dash.end() and not doc.persons[r[2]].living]
                targets = named[:1] or targets
            elif len(targets) > 1:
                # «Погибли Андрей Котов, 30 лет, из Кинешмы, и Иван Лосев, 25 лет, из Шуи»: with several home towns
                # in the sentence, each is the town of the men named between the previous town and it.
                sent = doc.sentence_at(start)
                prev_town = max((c[2] for c in cands if c[0] < 3 and sent.start <= c[1] and c[2] <= start),
                                default=None)
                if prev_town is not None or any(c[0] < 3 and end <= c[1] < sent.end for c in cands):
                    lo = sent.start if prev_town is None else prev_town
                    between = sorted({r[2] for r in doc.refs if lo <= r[0] and r[1] <= start
                                      and not doc.persons[r[2]].living})
                    targets = between or targets
        for i in targets:
            p = doc.persons[i]
            if ("settlement" in p.values or p.values.get("_district_only")) and p.values.get("_settlement_prio", 9) <= prio:
                continue
            p.values["settlement"] = settlement_nominative(raw, type_word, case)
            p.values["_settlement_prio"] = prio
            p.evidence["settlement"] = (start, end)
            if type_word and _VILLAGE_TYPE.match(type_word):
                p.values["_typed_village"] = p.values["settlement"]
    if "—" in doc.text or "–" in doc.text:
        # «Андрей жил в Кинешме, Иван — в Шуе»: the verb of living is left out after the second man's name.
        for m in _LIVED_GAPPED.finditer(doc.text):
            sent = doc.sentence_at(m.start())
            if not _LIVED.search(doc.text, sent.start, m.start()):
                continue
            named = [r[2] for r in doc.refs if r[0] == m.start(1) and not doc.persons[r[2]].living]
            raw = _trim_name(m.group(2))
            if not named or not raw or not _known_town(raw):
                continue
            p = doc.persons[named[0]]
            if p.values.get("_settlement_prio", 9) < 1:
                continue
            p.values["settlement"] = settlement_nominative(raw, _type_of(m.group(0)), "loct")
            p.values["_settlement_prio"] = 1
            p.evidence["settlement"] = (m.start(2), m.start(2) + len(raw))
    for start, end, town in _demonym_towns(doc, hits_, lazy):
        # «Кунгуряк Андрей Шилов», «Питерский боец Андрей Васнецов», «Алексей, ковровчанин,»: a town's demonym
        # next to a name is his home (after «родом из …» and «из …», before a typed village or a farewell place)
        after = [r for r in doc.refs if end <= r[0] <= end + 25 and not doc.persons[r[2]].living
                 and not re.search(r"[.!?\n;:]", doc.text[end: r[0]])]
        # («Олег Зуев, коренной рыбинец, …»: an adjective may stand before the demonym)
        before = [r for r in doc.refs if start - 30 <= r[1] <= start and not doc.persons[r[2]].living
                  and _DEMONYM_APPOSITION.fullmatch(doc.text, r[1], start)]
        targets = [r[2] for r in (after[:1] or before[-1:])]
        if after and _PLURAL_DEMONYM.search(doc.text, start, end):
            # «Погибли рыбинцы Олег Зуев и Иван Лосев»: a plural demonym before a row of names is each one's
            row = [after[0]]
            for r in sorted(doc.refs):
                if r[0] > row[-1][0] and not doc.persons[r[2]].living and r[2] not in [x[2] for x in row] \
                        and _ROW_JOIN.fullmatch(doc.text, row[-1][1], r[0]):
                    row.append(r)
            targets = [r[2] for r in row]
        if not targets and _PRONOUN_DEMONYM.fullmatch(doc.text, doc.sentence_at(start).start, start):
            targets = doc.attribute(start, end, "prev")  # «Ринат Сабиров погиб 3 мая. Он ишимбаец.»
        if _PLURAL_DEMONYM.search(doc.text, start, end) and _FAREWELL_VERB.match(doc.text, end):
            # «Туймазинцы простились с Ильдаром Галиевым и Русланом Шариповым»: everyone the town buries
            sent = doc.sentence_at(start)
            targets = sorted({r[2] for r in doc.refs if sent.start <= r[0] < sent.end
                              and not doc.persons[r[2]].living}) or targets
        if not targets and _ALL_OF_THEM_DASH.search(doc.text, doc.sentence_at(start).start, start):
            targets = doc.dead()  # «Все трое — горловчане»
        if not targets and _PLURAL_DEMONYM.search(doc.text, start, end) and "\n" not in doc.text[:start]:
            targets = doc.dead()  # a headline «Сведения о погибших уссурийцах», «Светлая память ижевчанам» over a list
        if not targets and "\n" not in doc.text[:start] and "\n" in doc.text[end:] and len(doc.dead()) == 1:
            targets = doc.dead()  # a headline «Мелеузовец погиб в зоне СВО» over the story of one man
        for i in targets:
            p = doc.persons[i]
            if p.values.get("_settlement_prio", 9) <= 1.5:
                continue
            p.values["settlement"] = town
            p.values["_settlement_prio"] = 1.5
            p.evidence["settlement"] = (start, end)
    # «В Тихорецке — с мобилизованным Виталием Кравцом, в станице Ленинградской — с добровольцем …»:
    # a farewell list, each town before the man it buries; «окончил школу №2 Лебедяни»: his school's town.
    for rx, prio in ((_DASH_FAREWELL, 2.5), (_SCHOOL_OF, 2.5)):
        if rx is _DASH_FAREWELL and "— с" not in doc.text and "– с" not in doc.text:
            continue
        if rx is _SCHOOL_OF and "№" not in doc.text:
            continue
        for m in rx.finditer(doc.text):
            raw = _trim_name(m.group(m.lastindex))
            # a typed village need not be known («в станице Ленинградской — с …»)
            if not raw or not (_home_town(raw) or (rx is _DASH_FAREWELL and _type_of(m.group(0)))):
                continue
            a = m.start(m.lastindex)
            if rx is _DASH_FAREWELL:
                after = [r for r in doc.refs if m.end() <= r[0] <= m.end() + 60 and not doc.persons[r[2]].living]
                targets = [after[0][2]] if after else []
            else:
                targets = doc.attribute(a, a + len(raw), "prev")
            for i in targets:
                p = doc.persons[i]
                if p.values.get("_settlement_prio", 9) <= prio:
                    continue
                p.values["settlement"] = settlement_nominative(raw, _type_of(m.group(0)), "loct" if rx is _DASH_FAREWELL
                                                              else "gent")
                p.values["_settlement_prio"] = prio
                p.evidence["settlement"] = (a, a + len(raw))
    header = _header_place(doc)
    if header is not None:
        start, end, name = header
        for p in doc.persons:
            if not p.living and "settlement" not in p.values:
                # «Лицей №3 г. Ачинска», «Новости Кяхты»: the community that posts is home (weak as a dateline:
                # a town that buries him later in the text wins).
                p.values["settlement"] = name
                p.values["_settlement_prio"] = 5
                p.evidence["settlement"] = (start, end)
    for start, end, name, targets in _community_places(doc):
        for i in targets:
            p = doc.persons[i]
            # («Новосибирск. … А сегодня Искитим простился с …»: the town that buries him beats the dateline)
            if not p.living and ("settlement" not in p.values or p.values.get("_settlement_prio") == 5):
                p.values["settlement"] = name
                p.evidence["settlement"] = (start, end)
    for idx, p in enumerate(doc.persons):
        if p.living:
            continue
        code = None
        ev = None
        hint = None
        if p.values.get("_settlement_prio", 0) >= 5 and p.values.get("settlement") and _regions is not None and (
                "all" in lazy or any(w in low for w in ("жител", "урожен", "родом", "выход", "земляк"))
                or ("из " in low and any(w in low for w in ("област", "кра", "республик", "округ")))):
            # «МОСКВА, 5 мая. … погиб Андрей Котов, житель Тверской области»: a dateline or a header town gives way to
            # a home region the text writes for him.
            hits_()
            home = [h for h in lazy["explicit"] if _HOME_JUST_BEFORE.search(doc.text, max(0, h.start - 40), h.start)]
            own_home = _nearest_region(doc, idx, home)
            if own_home is not None and own_home.code not in _regions.settlement_regions(p.values["settlement"]):
                p.values.pop("settlement")
                p.evidence.pop("settlement", None)
        if p.values.get("_settlement_prio", 0) >= 3 and p.values.get("settlement") and _regions is not None and (
                "all" in lazy or lazy.setdefault("dem", _regions.names_demonym(low, towns_only=False))):
            # «Красноярец Иван Сухих … похоронят его в Новосибирске, где живут родители»: a burial place in another
            # region than the demonym the text gives him is not his home.
            own = _own_demonym(doc, idx, hits_())
            known = _regions.settlement_regions(p.values["settlement"])
            if own is not None and known and own.code not in known:
                p.values.pop("settlement")
                p.evidence.pop("settlement", None)
                code, ev = own.code, (own.start, own.end)
        tail = _REGION_TAIL.match(p.values.get("settlement") or "")
        if tail and _regions is not None and _regions.lookup_region(tail.group(2)) is not None:
            p.values["settlement"] = tail.group(1)
            code, ev = _regions.lookup_region(tail.group(2)).code, p.evidence.get("settlement")
        # «житель посёлка Октябрьский»: a village named like a town elsewhere (a town the village lists do not name) is
        # not that town; its region only from another clue (one word: «посёлок Нижние Серги» is the town itself).
        clash = " " not in (p.values.get("settlement") or " ") and p.values.get("_typed_village") == p.values.get("settlement") \
            and _regions is not None and hasattr(_regions, "is_city") and _regions.is_city(p.values["settlement"])
        if code is None and clash:
            hits_()
            hint = _nearest_region(doc, idx, lazy["explicit"])
            if hint is not None:
                code, ev = hint.code, (hint.start, hint.end)
        elif code is None and p.values.get("settlement") and _regions is not None:
            candidates = _regions.settlement_regions(p.values["settlement"])
            if len(candidates) > 1:
                hits_()
                hint = _nearest_region(doc, idx, lazy["explicit"])
            code = _regions.region_for_settlement(p.values["settlement"], hint.code if hint else None)
            if code:
                ev = p.evidence.get("settlement")
                override = _explicit_override(doc, p, code)
                if override is not None:
                    code, ev = override.code, (override.start, override.end)
        if code is None:
            if "head" not in lazy:
                lazy["head"] = _head_region(doc)  # type: ignore[assignment]
            if lazy["head"]:
                code, ev = lazy["head"]  # type: ignore[misc]
        if code is None:
            hits_()
            hint = _nearest_region(doc, idx, lazy["explicit"])
            if hint is not None:
                code, ev = hint.code, (hint.start, hint.end)
        if code is None:
            if "district" not in lazy:
                lazy["district"] = [h for h in _district_hits(doc.text) if not _death_context(doc.text, h[1])]
            if lazy["district"]:
                code, a, b = min(lazy["district"], key=lambda h: abs(h[1] - p.start))
                ev = (a, b)
        if code is None and datelines and _regions is not None:
            # «Нюрба. Вчера на родине в селе Кюндядя …»: a local outlet's dateline gives the region.
            own = [d for d in datelines if idx in d[3]]
            start, end, raw = (own or [d for d in datelines if d[4] == 5] or [(0, 0, "")])[0][:3]
            code = _regions.region_for_settlement(raw)
            ev = (start, end) if code else None
        if code is None:
            # A demonym (strength 0.6: «двух ижевчан») names people, never a place of death.
            weak = [h for h in hits_() if h.kind != "region" and not _past_war(doc.text, h)
                    and (h.strength >= 0.6 and h.kind == "adjective" or not _death_context(doc.text, h.start))
                    and not _other_persons_place(doc.text, h.start)
                    # («позывной «Уфа»», «отряд «Казань»», «крейсер «Москва»»: a name in quotes is no place)
                    and doc.text[h.start - 1: h.start] not in ("«", '"', "“")
                    and not (clash and p.evidence.get("settlement", (0, 0))[0] <= h.start < p.evidence["settlement"][1])]
            if weak:
                best = max(weak, key=lambda h: (h.strength, -h.start))
                code, ev = best.code, (best.start, best.end)
        if code is None and default_region:
            code = default_region
        if code:
            p.values["region"] = code
            if _regions is not None:
                p.values["region_name"] = _regions.region_name(code)
            if ev:
                p.values["region_raw"] = doc.text[ev[0]: ev[1]]
                p.evidence["region"] = ev
        p.values.pop("_settlement_prio", None)
        p.values.pop("_district_only", None)
        p.values.pop("_typed_village", None)


def _surname_hit(doc, hit) -> bool:
    """«Иван Котельников»: a town's form (Котельники) that is the surname of a man named with his given name."""
    if hit.kind != "settlement":
        return False
    for a, b, i in doc.refs:
        if a <= hit.start < b:
            p = doc.persons[i]
            return bool(p.first_name) and fold(p.surname or "") == fold(hit.text)
    return False


def _own_demonym(doc, idx: int, hits: list):
    """A demonym (strength ≥ 0.6: «красноярец», «земляк-туймазинец») in a sentence that names the person."""
    sents = {doc.sentence_index(r[0]) for r in doc.refs if r[2] == idx}
    own = [h for h in hits if h.kind == "adjective" and h.strength >= 0.6 and doc.sentence_index(h.start) in sents]
    return own[0] if len({h.code for h in own}) == 1 else None


_PLURAL_DEMONYM = re.compile(r"(?:цы|цев|цам|цами|цах|ане|ан|анам|анами|анах|яки|яков|якам|яками|яках|ичи|ичей|ичам|ичами|ичах)"
                             r"(?![А-Яа-яЁё])")
_ALL_OF_THEM_DASH = re.compile(r"(?<![А-Яа-яЁё])(?:[Вв]се|[Оо]ба|[Оо]бе)(?:\s+(?:трое|четверо|пятеро|они|шестеро))?\s*[—–-]\s*$")
# «Они были жителями Сольвычегодска, Котласа и посёлка Приводино соответственно»
_RESPECTIVE_LIST = re.compile(r"(?i:жител\w*|уроженц\w*|родом|из)\s+((?:[^.!?\n]{1,40}?(?:,\s*|\s+и\s+)){1,6}[^.!?\n,]{1,40}?)"
                              r",?\s+(?i:соответственно)")
_RESPECTIVE_ITEM = re.compile(r"(?:" + _TYPE + _GAP + r")?" + _NAME)


def _respectively(doc) -> list[tuple[int, int, str, str | None, int]]:
    """The towns of a list said «соответственно», given in order to the dead named before it."""
    out = []
    for m in _RESPECTIVE_LIST.finditer(doc.text):
        items = []
        for part in re.finditer(r"[^,]+", m.group(1)):
            piece = re.sub(r"^\s*и\s+", "", part.group(0))
            for sub in re.split(r"\s+и\s+", piece):
                im = _RESPECTIVE_ITEM.search(sub)
                if im:
                    a = m.start(1) + part.start() + part.group(0).find(sub) + im.start(im.lastindex)
                    items.append((a, im.group(im.lastindex), _type_of(im.group(0))))
        dead = []
        for r in sorted(doc.refs):
            if r[0] < m.start() and not doc.persons[r[2]].living and r[2] not in dead:
                dead.append(r[2])
        if len(items) >= 2 and len(items) == len(dead):
            for (a, raw, type_word), i in zip(items, dead):
                name = _trim_name(raw)
                # «жителями Моркинского, Сернурского районов и Йошкар-Олы соответственно»: a district, no settlement
                district = not type_word and bool(_DISTRICT_ADJ.search(name))
                out.append((a, a + len(name), None if district else name, type_word, i))
    return out




_DEMONYM_APPOSITION = re.compile(r"\s*[,—–-]\s*(?:(?:коренн|настоящ|потомственн|истинн|наш)[а-яё]+\s+)?")
_ROW_JOIN = re.compile(r"\s*(?:,|и|,\s*а\s+также)\s*")
# «Он ишимбаец.», «Сам он — коренной рыбинец», «Андрей был рыбинцем»: the sentence says it of the man named before.
_PRONOUN_DEMONYM = re.compile(r"[^\w]*(?:[Оо]н|[Сс]ам(?:[ \t]+он)?)(?:[ \t]+был)?[ \t]*[—–-]?[ \t]*"
                              r"(?:(?:коренн|настоящ|потомственн|истинн|наш)[а-яё]+[ \t]+)?")


def _demonym_towns(doc, hits_, lazy: dict) -> list[tuple[int, int, str]]:
    """(start, end, town) for every town demonym of the text («кунгуряк» → Кунгур) and the adjectives of the
    federal cities («питерский» → Санкт-Петербург). The gazetteer scan runs only when a word of the text is one."""
    if _regions is None or not hasattr(_regions, "names_demonym"):
        return []
    if not any(not p.living and p.values.get("_settlement_prio", 9) > 1.5 for p in doc.persons):
        return []  # (every dead man has a home the text states)
    if "питерск" not in doc.lower and "петербургск" not in doc.lower and not (
            lazy.setdefault("dem", _regions.names_demonym(doc.lower, towns_only=False))
            and _regions.names_demonym(doc.lower)):
        return []
    out = []
    for h in hits_():
        if h.kind != "adjective":
            continue
        town = _regions.demonym_town(h.text)
        if town is not None:
            out.append((h.start, h.end, town[0]))
        elif h.code == "RU-SPE" and h.text.lower().startswith(("питерск", "петербургск")):
            out.append((h.start, h.end, _regions.REGIONS["RU-SPE"].centre))
    return out


# A settlement written with its region: «Печоры Псковской области», «Сальск Ростовской обл.»
_REGION_TAIL = re.compile(r"^(.+?)\s+((?:[А-ЯЁ][а-яё-]+(?:ской|цкой|ого|ой)\s+(?:области|обл\.?|края|республики|округа|АО))"
                          r"|(?:Республики|Республика)\s+[А-ЯЁ][а-яё-]+)$")


def _past_war(text: str, hit) -> bool:
    """«прошли Чечню», «в 1990-х, в Чечне»: an old war, not a home."""
    return hit.code == "RU-CE" and not re.search(r"(?:житель|уроженец|из|родом)\s*$", text[max(0, hit.start - 20): hit.start],
                                                 re.I)


def _explicit_override(doc, p, code: str):
    """An explicit region that disagrees with the settlement's gazetteer region wins
    when it is written right after the settlement or in the headline. Only those
    two short stretches are scanned (the full gazetteer scan costs ~1 ms)."""
    ev = p.evidence.get("settlement")
    if ev:
        # «Житель Кызыла Айдыс Салчак погиб в Курской области»: where he died is no correction.
        # (in the same sentence, and not an old war: «из Лихославля. Пётр прошёл Чечню»)
        window = doc.text[ev[1]: ev[1] + (70 if _DISTRICT_AFTER.match(doc.text, ev[1]) else 40)]
        window = re.split(r"[.!?\n]", window, maxsplit=1)[0]
        after = [h for h in _regions.find_regions(window)
                 if h.kind == "region" and not _death_context(doc.text, ev[1] + h.start)
                 and not _past_war(doc.text, _shift(h, ev[1]))]
        if after:
            return None if after[0].code == code else _shift(after[0], ev[1])
    first_line_end = doc.text.find("\n")
    if 0 < first_line_end <= 200:
        # «Военный погиб при обстреле в Белгородской области»: where he died, not his home.
        head = [h for h in _regions.find_regions(doc.text[:first_line_end])
                if h.kind == "region" and not _past_war(doc.text, h) and not _death_context(doc.text, h.start)]
        # «В Крыму простились …» over a funeral in Севастополь: the peninsula holds the city.
        if len({h.code for h in head}) == 1 and head[0].code != code and (head[0].code, code) != ("UA-43", "UA-40"):
            return head[0]
    return None


def _shift(hit, offset: int):
    return type(hit)(hit.code, hit.start + offset, hit.end + offset, hit.text, hit.kind, hit.strength)


# A region phrase (up to three words) followed by the death verb.
# («на территории Луганской Народной Республики погиб», «в Кировском районе Крыма погиб»)
_IN_BEFORE = re.compile(r"(?:^|[^\w-])(?:[Вв]о?|[Нн]а)\s+(?:[\w-]+\s+){0,2}$")
_DEATH_AFTER_REGION = re.compile(r"(?:[\w-]+[ \t]+){1,3}(?:погиб|скончал\w*|был\s+убит|пал\s+смертью)(?![а-яё])", re.I)


# «Погиб в зоне СВО уроженец Башкирии …»: a region right after a home word is his home,
# whatever the clause says about his death.
_HOME_JUST_BEFORE = re.compile(
    r"(?:\b(?:жител\w+|житель|уроженц\w+|уроженец|уроженк\w+|родом|выходц\w+|выходец|земляк\w*)(?:\s+из)?"
    r"|\bиз(?:-под)?)\s+$", re.I)  # («родом из-под Курска»: near the town, his home region)


# A clause about the death or the fighting: «бой», «боя», «боевой», not «боец»/«бойца» (a soldier: «Боец с Кубани …»).
_DEATH_CLAUSE = re.compile(r"погиб\w*|гибел\w+|ранен\w*|(?<![а-яё])бо(?:[йяюеи]|ем|ях|ям|ями|[её]в\w*)(?![а-яё])"
                           r"|обстрел\w*|направ\w+|командировк\w+", re.I)


# «Погиб Магомед Алиев (Табасаранский район)»: a place in brackets right after a man's name is his.
_NAME_BRACKET_BEFORE = re.compile(r"(?<![А-Яа-яЁё])(?<!под\s)(?<!в\s)(?<!во\s)(?<!у\s)(?<!на\s)"
                                  r"[А-ЯЁ][а-яё]+(?:\s+[А-ЯЁ][а-яё]+){1,2}\s*\(\s*$")


def _death_context(text: str, pos: int) -> bool:
    before = text[max(0, pos - 50): pos]
    if _HOME_JUST_BEFORE.search(before) or _NAME_BRACKET_BEFORE.search(before):
        return False
    if _DEATH_PLACE_BEFORE.search(before) or _ELSEWHERE_BEFORE.search(before):
        return True
    if before.endswith("(") and _UNIT_BEFORE.search(before[:-1].rstrip()):
        return True  # «в 5-й танковой бригаде (Улан-Удэ)»: the garrison
    if _DEATH_AFTER_REGION.match(text, pos) and _IN_BEFORE.search(before):
        # («Житель Кировского района Крыма Руслан … погиб»: a genitive region with the man's name after it is home)
        return True  # «в Херсонской области погиб Рамзан Садулаев из Курчалоя»
    # "Погиб 2 октября в Курской области": a region in a clause about the death.
    clause_start = max(before.rfind("."), before.rfind(","), before.rfind("\n"))
    clause = before[clause_start + 1:]
    return bool(_DEATH_CLAUSE.search(clause))


def _nearest_region(doc, idx: int, explicit: list):
    if not explicit:
        return None
    refs = [r for r in doc.refs if r[2] == idx]
    if not refs:
        return explicit[0]
    if len(explicit) > 1:
        # «Андрей Котов, житель Ивановской области, и Баир Цыренов, уроженец Бурятии»: a region after a home word
        # belongs to the man named right before it in its sentence (or right after: «уроженец Бурятии Баир …»);
        # another man's home is not the nearest region's to take.
        owners = {id(h): _home_owner(doc, h) for h in explicit}
        mine = [h for h in explicit if owners[id(h)] == idx]
        others = [h for h in explicit if owners[id(h)] is None]
        explicit = mine or others or explicit
    return min(explicit, key=lambda h: min(abs(h.start - r[0]) for r in refs))


def _home_owner(doc, hit) -> int | None:
    """The dead man whose home a region written after «житель/уроженец/из» is, if the text says so plainly."""
    if not _HOME_JUST_BEFORE.search(doc.text, max(0, hit.start - 40), hit.start):
        return None
    after = [r for r in doc.refs if hit.end <= r[0] <= hit.end + 2 and not doc.persons[r[2]].living]
    if after:
        return after[0][2]
    sent = doc.sentence_at(hit.start)
    before = [r for r in doc.refs if sent.start <= r[0] and r[1] <= hit.start and not doc.persons[r[2]].living]
    return before[-1][2] if before else None


__all__ = ["find_places", "settlement_nominative", "fold"]
