"""Personal names: finding them, telling their parts apart, and putting them in the nominative.

A name is a run of 2–3 capitalised words. Patronymics are recognised by
suffix; first names by pymorphy3's Name tag (or the Tuvan «-оол»); the rest
is the surname. The grammatical case is chosen by agreement between the
parts (the patronymic's ending is the most reliable witness, then a known
first name, then the surname's ending) and each part is then put back in the
nominative: known words through pymorphy3, unknown ones (Buryat, Tuvan,
Central Asian, Caucasian names) by suffix rules for that case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from .morph import fold, parse, restore_case
from .scan import has_initial

CASES = ("nomn", "gent", "accs", "ablt", "datv", "loct")

_WORD = re.compile(r"[А-ЯЁа-яё]+(?:[-‐][А-ЯЁа-яё]+)*")
_WORD_SPLIT = re.compile("(" + _WORD.pattern + ")")
_GAP = re.compile(r"[ \t]+")

_PATR_M = re.compile(r"(?:ович|евич|ьич|ыч|ич)(а|у|ем|ом|е)?$")
_PATR_F = re.compile(r"(?:овн|евн|ичн|инichн)(а|ы|е|у|ой)$".replace("inich", "инич"))
_PATR_M_STRICT = re.compile(r"(?:ов|ев|ёв|ьев)ич(а|у|ем|е)?$|(?:ильич|кузьмич|фомич|лукич|никитич|саввич|ильинич)")
_PATR_CASE_M = {None: {"nomn"}, "а": {"gent", "accs"}, "у": {"datv"}, "ем": {"ablt"}, "ом": {"ablt"}, "е": {"loct"}}
_PATR_CASE_F = {"а": {"nomn"}, "ы": {"gent"}, "е": {"datv", "loct"}, "у": {"accs"}, "ой": {"ablt", "gent", "datv", "loct"}}

#: Endings of surnames that do not decline (in any gender).
_INDECLINABLE = re.compile(r"(?:ко|ых|их|дзе|швили|ия|ава|ани|ули|ели|иа|уа|ло|но|ро|аго|яго|[оиэ]|[ую]к?\b(?<=у)|ю)$")
_STRONG_SURNAME = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ский|цкий|енко|дзе|швили|ян|янц|ук|юк|ых|их)(?:а|у|ым|ом|ем|е|ой|ую|ого|ому|им)?$"
)
_SURNAME_SUFFIX = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ский|цкий|ской|цкой|ко|ук|юк|ян|дзе|швили|ых|их|ич|ий|ова|ева|ина|ына|ская|цкая|ян|ев)$"
)

LIVING_BEFORE = re.compile(
    r"^(?:губернатор\w*|глав[аеуы]|главой|мэр\w*|председател\w*|министр\w*|депутат\w*|сенатор\w*|директор\w*"
    r"|руководител\w*|учител\w*|педагог\w*|протоиере\w+|священник\w*|иере\w+|батюшк\w+|настоятел\w*|имам\w*"
    r"|муфти\w*|атаман\w*|военком(?!ат)\w*|мать|матер[иь]\w*|мам[аеуы]|мамой|отец|отца|отцу|отцом|вдов[аеуы]|вдовой"
    r"|супруг[аеиу]|супругой|жен[аеуы]|женой|доч[ьк]\w*|дочер\w+|сестр[аеуы]|сестрой|бабушк\w+|дедушк\w+"
    r"|друг|друга|другу|другом|подруг[аеиу]|сослуживец|сослуживц\w+|одноклассни\w+|корреспондент\w*"
    r"|журналист\w*|автор\w*|врио|президент\w*|пресс-секретар\w+|представител\w+|начальник\w*"
    r"|волонт[её]р\w*|психолог\w*|словам|замглав\w+|заместител\w+|спикер\w*|митрополит\w*|архиепископ\w*"
    r"|епископ\w*|благочинн\w+|ректор\w*|тренер\w*|прокурор\w*|судь[яи]|мэрия|тёзк\w+|тезк\w+|лам[аеуы]|юрист\w*"
    r"|адвокат\w*|правозащитни\w+|врач(?:а|у|ом|и|ей)?|хирург\w*|эксперт(?:а|у|ом|е|ы|ов|ам|ами|ах)?|политолог\w*|коллег[аеиу]|поэт\w*|художни\w+|мулл[аеуы]|дьякон\w*"
    r"|диакон\w*|военкор\w*|блогер\w*|следовател\w+|фотограф\w*|редактор\w*"
    r"|воспитанни\w+|присутствовал\w*|комиссар\w*|вице-\w+|полпред\w*|уполномоченн\w+|омбудсмен\w*"
    r"|родител\w+|заведующ\w+|завуч\w*|секретар\w+|координатор\w*|куратор\w*|писател\w+|краевед\w*|раввин\w*|пастор\w*"
    r"|мастер|мастера|мастеру|мастером|ведущ(?:ий|его|ему|им|ая|ей|ую)"
    # civilians who make memorials or help the family (not «товарищи», «выпускница»: as often the dead)
    r"|скульптор\w*|архитектор\w*|предпринимател\w+|бизнесмен\w*|меценат\w*|благотворител\w+|организатор\w*"
    r"|инициатор\w*"
    # the saved and the survivors («Одному из спасённых, Ивану Горелову, сейчас 22 года»)
    r"|спас[её]нн\w+|выживш\w+|уцелевш\w+)$"
)
#: Family words that name the dead as often as the living ("гибелью сына, Ивана
#: Петрова"): living only when followed by "погибшего"/"героя".
LIVING_IF_OF_DEAD = re.compile(r"^(?:сын\w*|брат\w*|внук\w*|племянни\w+|муж\w*|зят\w+)$")
DEAD_WORD = re.compile(
    r"^(?:погибш\w+|павш\w+|скончавш\w+|умерш\w+|погиб|погибла|погибли|похоронили|простились|проводили"
    r"|гибели|гибелью|хоронили|стало)$"  # «не стало нашего коллеги Виктора Дронова»
)
LIVING_AFTER = re.compile(
    # «Андрей Мартынов, заместитель командира бригады, вручил …»: a speaker may have his title in apposition
    r"^\s*(?::|,?\s*(?:,(?:(?!погиб|павш|скончал|умер|котор|родил)[^,.!?:;«»()\n]){4,60},\s*)?(?:сообща\w+|сообщил\w*|выразил\w*|заявил\w*|рассказал\w*|отметил\w*|написал\w*|вручил\w*"
    r"|провел\w*|провёл\w*|поручил\w*|подчеркнул\w*|передал\w*|пообещал\w*|поблагодарил\w*|призвал\w*"
    r"|сказал\w*|добавил\w*|пояснил\w*|подписал\s+указ|посетил\w*|встретил\w*(?:ся|сь)|наградил\w*"
    r"|назвал\w*|вспомина\w+|говорит|рассказыва\w+|отмеча\w+|напомнил\w*|напомина\w+|уточнил\w*|представил\w*"
    r"|прокомментировал\w*|обратил\w*ся|предложил\w*|поздравил\w*|возложил\w*|выступил\w*|навестил\w*"
    r"|помн(?:ит|ят)(?![а-яё])|объявил\w*)"
    # «Наталья Долгих, мама погибшего Артёма Долгих»: a relative of the dead, in apposition
    r"|\s*,\s*(?:(?:его|её|ее|их)\s+)?(?:мама|мать|отец|папа|вдова|жена|супруга|сестра|брат|дочь|бабушка|дедушка"
    r"|тётя|тетя|дядя|одноклассни(?:к|ца)|друг|подруга|сослуживец|сосед|соседка|тренер|учитель|учительница"
    r"|командир|коллега)\s+(?:погибш|павш|геро|бойц|военнослужащ)\w*"
    # «Глеб Никитин, губернатор Нижегородской области» signing a post: an office in apposition, and no
    # death told of him in the rest of the sentence
    r"|\s*[,—–]\s*(?:губернатор|глав[аы]\s|мэр|врио|председател|министр|депутат|сенатор|директор|руководител"
    r"|пресс-секретар|корреспондент|журналист|редактор|фотограф|военн(?:ый|ого)\s+комиссар|военком|настоятел"
    r"|протоиере|священни|имам|муфти)(?![^.!?\n]{0,90}?(?:погиб|павш|скончал|умер|пал\s|гибел))"
    # «Андрей Бочаров о погибших волгоградцах»: a headline of what he says about them
    r"|[ \t]+об?[ \t]+(?:погибш|павш|гибел|земляк|геро)\w*"
    # «сын Иван Игоревич Иванов, который сейчас также служит в зоне СВО»
    r"|\s*,\s*котор(?:ый|ая|ые)\s+(?:[а-яё-]+\s+){0,3}?(?:служ(?:ит|ат)|вою(?:ет|ют)|продолжа\w+\s+служ\w*|жив)(?![а-яё])"
    # «Максим Попов (оператор)»: a credit in brackets
    r"|[ \t]*\((?:оператор|корреспондент|фото|видео|автор|режисс[её]р|монтаж|съ[её]мк|ведущ)\w*\)"
    # «Дарья Истомина, Инта, «Вести Коми».»: a reporter's sign-off — the name, a town, the outlet, line end
    r"|[ \t]*,[ \t]*(?:[А-ЯЁ][а-яё-]+(?:[ \t][А-ЯЁ][а-яё-]+)?[ \t]*,[ \t]*)?«[^»\n]{2,40}»[ \t]*\.?[ \t]*(?:\n|$)"
    # «Игорь Пайгусов, которого ранило в том же бою»: a wounded comrade
    r"|[ \t]*,[ \t]*котор(?:ого|ый)[ \t]+(?:тоже[ \t]+|также[ \t]+)?(?:ранил[оа]?|был[ \t]+ранен|ранен|контузил[оа]?|был[ \t]+контужен|контужен)(?![а-яё])"
    # «Пётр Тарабукин, брат Семёна»: a relative of a man named by his given name, with no death told of him
    r"|[ \t]*,[ \t]*(?:(?:его|её|ее)[ \t]+)?(?:мама|мать|отец|папа|вдова|жена|супруга|сестра|брат|дочь|сын|бабушка"
    r"|дедушка|дядя|тётя|тетя)[ \t]+[А-ЯЁ][а-яё]+(?:а|я|ы|и)(?![а-яё])(?![^.!?\n]{0,90}?(?:погиб|павш|скончал|умер|гибел)))"
)


#: «выпускнику Ивану Котову, который сейчас служит в зоне СВО»: alive in whatever case the name stands
ALIVE_IN_ANY_CASE = re.compile(r"[ \t]*,[ \t]*котор(?:ый|ая)[ \t]+(?:[а-яё-]+[ \t]+){0,3}?(?:служит|воюет|"
                               r"продолжа\w+[ \t]+служ\w*|жив|выжила?|уцелела?|проходит[ \t]+(?:военную[ \t]+)?службу"
                               r"|проходит[ \t]+лечение|находится[ \t]+(?:в[ \t]+госпитале|на[ \t]+лечении))(?![а-яё])")


@dataclass
class NameParts:
    surname: str | None
    first_name: str | None
    patronymic: str | None
    case: str
    gender: str
    start: int
    end: int
    tokens: list[tuple[int, int, str]] = field(default_factory=list)
    #: named as one of a family the text says died together («братья Ивановы — Сергей и Андрей»):
    #: «брат», «отец», «сын» before the name do not make him a living relative; also set when the words around
    #: the name tell his own death (``_told_dead_here``), so that a role before it is his
    kin_of_dead: bool = False


def tokenize(text: str) -> list[tuple[int, int, str]]:
    # Split with the word captured and offsets summed in C (accumulate, zip):
    # a quarter cheaper than building tuples from match objects.
    parts = _WORD_SPLIT.split(text)
    offsets = list(accumulate(map(len, parts)))
    return list(zip(offsets[0::2], offsets[1::2], parts[1::2]))


def is_capitalised(word: str) -> bool:
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())


@lru_cache(maxsize=100_000)
def patronymic_cases(word: str) -> tuple[str, frozenset[str]] | None:
    """(gender, possible cases) if the word is a patronymic, else None."""
    w = fold(word)
    m = _HYPHEN_TURKIC.search(w)
    if m:
        return ("femn" if m.group(1) in ("кызы", "гызы") else "masc"), frozenset(CASES)  # «Тофиг-оглы»
    m = _PATR_F.search(w)
    if m and len(w) > 6:
        return "femn", frozenset(_PATR_CASE_F[m.group(1)])
    m = _PATR_M.search(w)
    if m and len(w) >= 5:
        base = w[: m.start()]
        strict = _PATR_M_STRICT.search(w) is not None
        parses = parse(word)
        tagged = any("Patr" in p.tag for p in parses)
        if not tagged and any(p.is_known and "Surn" in p.tag for p in parses):
            return None  # Мицкевич, Гуревич, Шостакович: the dictionary knows them as surnames only
        if w[m.start(): m.start() + 2] == "ыч":
            # only the spoken ones (Палыч): Бабыч, Кулыч are surnames
            return ("masc", frozenset(_PATR_CASE_M[m.group(1)])) if (base + "ыч") in _COLLOQUIAL_YCH else None
        if strict or tagged or base.endswith(("ов", "ев", "ь")) or _colloquial_patronymic(base):
            return "masc", frozenset(_PATR_CASE_M[m.group(1)])
    return None


#: Spoken patronymics in -ыч («Михалыч», «Палыч») — the -ич ones (Геннадич, Анатолич) are found from the
#: full patronymic they shorten.
_COLLOQUIAL_YCH = frozenset("михалыч палыч саныч иваныч степаныч захарыч макарыч денисыч борисыч".split())


def _colloquial_patronymic(base: str) -> bool:
    """«Михал Геннадичем», «Сергей Анатолич»: a spoken patronymic (the stem before -ич/-ыч)."""
    return (base + "ьевич") in _COMMON_PATRONYMICS


#: «Рамиль Тофиг-оглы Алиев»: the father's name and its particle written with a hyphen (gold: «Тофиг оглы»)
_HYPHEN_TURKIC = re.compile(r"^[а-яё]{2,}-(оглы|угли|кызы|гызы)$")


def patronymic_nominative(word: str, gender: str) -> str:
    w = word
    if _HYPHEN_TURKIC.search(fold(w)):
        return w.replace("-", " ")
    if " " in w:
        return w  # Тофиг оглы
    if gender == "femn":
        return re.sub(r"(вн|чн)(?:а|ы|е|у|ой)$", r"\1а", w)
    return re.sub(r"([иы]ч)(?:а|у|ем|ом|е)$", r"\1", w)


#: Men's given names of Russia's peoples (Buryat, Tuvan, Kalmyk, Yakut, Tatar and Bashkir, Caucasian,
#: Central Asian, Kazakh) that pymorphy3's dictionary does not know: without them «Начын Ооржак» is two
#: unknown words and «Айдыса Монгуша» has no given name to agree with. Folded (ё → е), nominative.
GIVEN_NAMES_EXTRA = frozenset("""
айдыс аяс начын шолбан саян эрес айдын мерген аймир чойган хулер бады херел аржаан алаш омак эртине чочагай
дамба уран кежик сылдыс тараа челбир чаян менги эзир айдаш онер буянды артыш амыр алдар тамир белек чинчи
тумэн доржи доржо цырен солбон чимит бэлигто аюр аюша буянто мунко энхэ зоригто эрдэни содном бальжинима
дашинима нима жамьян бадма бато дамдин баатар батор баясхалан жамсо цыден гарма очир баярто бимба галсан гомбо
даба дарма дугар жамбал мунхэ намсарай цырендоржи цыбик эрдэм юмжап амгалан баяр бадмацырен цыренжап
дашидоржо балдан батожаргал чингис баир жаргал булат бэлик эрдэни дамба баин аюрзана
баатр санджи эрдни церен манджи бембя мутул джангар арслан саналы басанг бата бюрчи
айаан эрчим дьулустан айсен нюргун ньургун айхал арчын тускул мичил эрхан уйбаан туйгун айтал алгыс
ньургустан дьулус эрэл мэнэ айастан кэскил
ильфат фаиль ильназ ильсур ильдус ильшат ирек ильгам фанзиль рамзиль ранис айваз зульфат раиль ильхам нафис
рафис ильвир ильгизар ильнар ильнур ленар айнур айрат азат инсаф ильмир рамис фаниль ирек нияз ильгиз фидаиль
рамиль ринат радик салават зуфар альфред ильназ ильдар рафаэль ильмар линар динар фарит марсель
зелимхан сайпудин магомедрасул нурмагомед гаджимурад ахмедхан абакар шахбан джабраил магомедшапи алиасхаб
арсланбек ризван хамзат мовсар шамсудин байсангур турпал хизир ваха лечи асланбек магомедали абдулмуталиб
залимхан закир абдулкадыр гаджи рамазан абдурахман абдулла нурмагомед магомедсаид абусупьян сиражудин
сослан батраз таймураз хетаг чермен сармат алан
охунжон шерзод фарход фаррух достон сардор нодир ойбек хуршед манучехр сухроб фирдавс умед мирзо жасур бехруз
шахзод дилшод илхом ильхом бобур бахтовар далер парвиз шохрух жахонгир хуршид зарифжон абдулло фаридун комрон
равшан джамшед шавкат улугбек азизбек исломбек хусан баходир отабек журабек азамжон давронбек камолиддин
шамсиддин нуриддин фахриддин зайниддин бахром фозил бахтиёр бахтиер шухрат алишер бекзод санжар зафар
канат аян сайфиддин сайфутдин низамутдин салахутдин бахаутдин зиявутдин алаудин мухиддин садриддин жалолиддин насриддин
ерлан бауыржан жандос дулат ерасыл нурсултан ербол айдос ержан даулет бекзат
""".split())
#: Women's given names of the same peoples the dictionary does not know (or knows as a verb form or a thing): without
#: them «Дарима Цыренова погибла» is no name. (Not those that are also a man's genitive: Баира, Саяна, Урана.) The
#: ones in a consonant do not decline; those in -а decline as Дарима, Даримы, Дариме, Дариму, Даримой.
GIVEN_NAMES_EXTRA_F = frozenset("""
дарима сэсэг сэсэгма туяна арюна оюна аюна сарюна янжима жаргалма цыпилма дулма балжит эржена намжилма долгорма
бальжима соелма баярма хандама сардана айталина сайаана туйаара куннэй нарыйа айыына сахаайа кэскилена уйгулаана
туяра чечек айлана шенне чодураа долаана байрта герел булгун кермен делгир лейсан ильсия гульназ хадижат гулнора
""".split())
_GIVEN_CASE_ENDINGS = (("ом", frozenset({"ablt"})), ("ем", frozenset({"ablt"})), ("а", frozenset({"gent", "accs"})),
                       ("у", frozenset({"datv"})), ("е", frozenset({"loct"})))
_GIVEN_A_ENDINGS = (("ы", frozenset({"gent"})), ("и", frozenset({"gent"})), ("е", frozenset({"datv", "loct"})),
                    ("у", frozenset({"accs"})), ("ой", frozenset({"ablt"})))


_NAME_SAFE_POS = frozenset(("VERB", "PRTS", "ADJS", "ADVB"))


@lru_cache(maxsize=100_000)
def extra_given_name(word: str) -> tuple[str, frozenset[str]] | None:
    """(folded nominative, possible cases) of a name from ``GIVEN_NAMES_EXTRA`` in any case, if the
    dictionary does not know the word as something else (Буян, Орлан are words too)."""
    w = fold(word)
    # (a verb or short participle that is also a name — Лечи, Сослан, Чаян — is the name when capitalised;
    # so is a lifeless thing: Дамба, Булат, Уран; but not a living being or a place: Буян, Орлан, Тумэн)
    if "-" in w or any(p.is_known and "Name" not in p.tag and p.tag.POS not in _NAME_SAFE_POS
                       and not (p.tag.POS == "NOUN" and p.tag.animacy == "inan" and "Geox" not in p.tag)
                       # («с Даримой»: a participle of «дарить» too — a woman's name of our list in -ой)
                       and not (p.tag.POS == "PRTF" and w.endswith("ой") and w[:-2] + "а" in GIVEN_NAMES_EXTRA_F)
                       for p in parse(word)):
        return None
    if w in _DIMINUTIVE_FORMS:
        return _DIMINUTIVE_FORMS[w]  # «Похоронили Илюху Зайцева», «Погиб Колян Ежов»: a diminutive (mapped later)
    if w in GIVEN_NAMES_EXTRA_F:
        # (a woman's name in a consonant does not decline; one in -а is nominative here, its forms are below)
        return w, frozenset(CASES) if w[-1] not in "ая" else frozenset({"nomn"})
    if w in GIVEN_NAMES_EXTRA:
        if w[-1] in "оиэу" or (w[-1] == "а" and w[-2:-1] in "аеиоуыэюя"):
            return w, frozenset(CASES)  # Доржи, Мунко, Энхэ, Тараа do not decline
        return w, frozenset({"nomn"} | ({"accs"} if w.endswith("а") else set()))
    for ending, cases in _GIVEN_CASE_ENDINGS:
        base = w[: -len(ending)]
        if w.endswith(ending) and base in GIVEN_NAMES_EXTRA and base[-1] not in "аеиоуыэюя":
            return base, cases
    for ending, cases in _GIVEN_A_ENDINGS:
        base = w[: -len(ending)] + "а"
        if w.endswith(ending) and (base in GIVEN_NAMES_EXTRA or base in GIVEN_NAMES_EXTRA_F):
            return base, cases  # Бадмы, Нимой → Бадма, Нима
    return None


@lru_cache(maxsize=100_000)
def name_info(word: str) -> tuple[bool, bool, frozenset[str], str | None]:
    """(is a known first name, could be a first name, its cases, gender)."""
    w = fold(word)
    if re.search(r"-оол(?:а|у|ом|е)?$", w):
        suffix = re.search(r"-оол(а|у|ом|е)?$", w).group(1)
        cases = {None: {"nomn"}, "а": {"gent", "accs"}, "у": {"datv"}, "ом": {"ablt"}, "е": {"loct"}}[suffix]
        return True, True, frozenset(cases), "masc"
    extra = extra_given_name(word) if not any(p.is_known and "Name" in p.tag for p in parse(word)) else None
    if extra:
        return True, True, extra[1], "femn" if extra[0] in GIVEN_NAMES_EXTRA_F else "masc"
    known = False
    maybe = False
    cases: set[str] = set()
    gender = None
    for p in parse(word):
        if "Name" in p.tag and "sing" in p.tag:
            maybe = True
            if p.is_known:
                known = True
            if p.tag.case:
                cases.add(p.tag.case)
            if gender is None and p.tag.gender in ("masc", "femn"):
                gender = p.tag.gender
    return known, maybe, frozenset(cases), gender


@lru_cache(maxsize=100_000)
def word_kind(word: str) -> str:
    """'P' patronymic, 'N' first name, 'S' possible surname, 'X' an ordinary word."""
    if patronymic_cases(word):
        return "P"
    known, maybe, _, _ = name_info(word)
    parses = parse(word)
    if known:
        return "N"
    if any("Surn" in p.tag for p in parses if p.is_known):
        return "S"
    if any(p.is_known for p in parses):
        # An ordinary dictionary word (Погиб, Рядовой, Житель, Казани …).
        top = parses[0]
        if re.search(r"(?:ов|ев|ёв|ин|ын)$", fold(word)) and all(
            "plur" in p.tag or "ADJS" in p.tag or "Geox" in p.tag or "Poss" in p.tag for p in parses if p.is_known
        ):
            return "S"  # Мингазов is not "of the мингазы", Мамаев not Mamai's
        if "Surn" in top.tag or ("Name" in top.tag and top.score > 0.3):
            return "S"
        if all("Geox" in p.tag for p in parses if p.is_known and "NOUN" in p.tag) and "Geox" in top.tag:
            return "G"  # a place name, which is also a possible surname or given name (Канев, Тумэн)
        if re.search(r"(?:ых|их)$", fold(word)) and "ADJF" in top.tag:
            return "A"  # Черных, Долгих, Лысых: adjective-looking surnames
        return "X"
    if maybe:
        return "N?"
    return "S"


# --------------------------------------------------------------------------- case restoration


@lru_cache(maxsize=100_000)
def _first_nominative(word: str, case: str, gender: str) -> str:
    w = fold(word)
    if re.search(r"-оол(?:а|у|ом|е)?$", w):
        return restore_case(word, re.sub(r"(-оол)(?:а|у|ом|е)?$", r"\1", word.lower()))
    extra = extra_given_name(word) if not any(p.is_known and "Name" in p.tag for p in parse(word)) else None
    if extra:
        # «Чойгана подписал контракт»: a nominative that looks like an oblique form stays as written
        return word if case == "nomn" else restore_case(word, extra[0])
    # «Игоре» is «Игорь» or the rare «Игор» with equal scores: on a tie the soft-sign name, the common one.
    # («Анне» is also an undeclined French «Анне»: a declined reading of the same weight goes first)
    # («о Савве»: Савва's dative and locative outweigh the dictionary's stray «Саввь»; Даниле → Данила, not Даниль)
    lemma_weight: dict[str, float] = {}
    for p in parse(word):
        lemma_weight[p.normal_form] = lemma_weight.get(p.normal_form, 0.0) + p.score
    for p in sorted(parse(word), key=lambda p: (-p.score, "Fixd" in p.tag, -lemma_weight[p.normal_form],
                                                not p.normal_form.endswith("ь"))):
        if "Fixd" in p.tag and not p.is_known:
            continue  # a guessed "indeclinable" unknown name (Айаалу, Абу-Бакару): the suffix rules know better
        if "Name" in p.tag and p.tag.case == case and "sing" in p.tag and str(p.tag.gender) in (gender, "None", "ms-f"):
            form = p.inflect({"nomn", "sing"})
            if form:
                # The dictionary's nominative keeps its ё (Петром → Пётр): the text never wrote this form.
                restored = restore_case(word, form.word)
                return "".join(("Ё" if r.isupper() else "ё") if f == "ё" else r for r, f in zip(restored, form.word))
    if case == "nomn":
        return word
    return restore_case(word, _strip_case(word.lower(), case, gender, given=True))


@lru_cache(maxsize=100_000)
def _strip_case(w: str, case: str, gender: str, *, given: bool) -> str:
    """Suffix rules for unknown masculine/feminine names in an oblique case."""
    if gender == "femn":
        if case in ("gent",) and w.endswith(("ы", "и")):
            return w[:-1] + ("я" if w.endswith("и") and w[-2:-1] in "ьлн" else "а")
        if case in ("datv", "loct") and w.endswith("е"):
            return w[:-1] + "а"
        if case == "accs" and w.endswith(("у", "ю")):
            return w[:-1] + ("а" if w.endswith("у") else "я")
        if case == "ablt" and w.endswith(("ой", "ей")):
            return w[:-2] + "а"
        return w
    vowels = "аеёиоуыэюя"
    if given and (w.endswith("ией") and case == "ablt" or w.endswith("ии") and case in ("gent", "datv")
                  or w.endswith("ию") and case == "accs"):
        return w[: -2 if w.endswith("ей") else -1] + "я"  # Гией, Гии, Гию → Гия (a man's name in -ия)
    if case == "accs" and given and w.endswith(("у", "ю")) and w[-2:-1] not in vowels:
        return w[:-1] + ("а" if w.endswith("у") else "я")  # Ахмед-Пашу → Ахмед-Паша (a man's -у is an -а name's)
    if case in ("gent", "accs"):
        if w.endswith("я"):
            return w[:-1] + ("й" if w[-2:-1] in vowels else "ь")
        if w.endswith("а") and w[-2:-1] not in vowels:
            return w[:-1]
    elif case == "datv":
        if w.endswith("ю"):
            return w[:-1] + ("й" if w[-2:-1] in vowels else "ь")
        if w.endswith("у") and w[-2:-1] not in vowels:
            return w[:-1]
    elif case == "ablt":
        if w.endswith("ом") and w[-3:-2] not in vowels:
            return w[:-2]
        if given and w.endswith(("ой", "ей")) and w[-3:-2] not in vowels:
            return w[:-2] + ("а" if w.endswith("ой") else "я")  # Ахмед-Пашой → Ахмед-Паша
        if w.endswith(("ем", "ём")):
            stem = w[:-2]
            if stem.endswith("ь"):
                return stem[:-1] + "ей"  # Муравьём → Муравей
            if stem[-1:] in vowels:
                return stem + "й"
            if stem[-1:] in "чшщжц":
                return stem
            return stem + "ь"
    elif case == "loct":
        if w.endswith("е") and w[-2:-1] not in vowels:
            return w[:-1]
    return w


_SURNAME_RULES_M = {
    "gent": [("ского", "ский"), ("цкого", "цкий"), ("ова", "ов"), ("ева", "ев"), ("ёва", "ёв"), ("ина", "ин"),
             ("ына", "ын"), ("ого", "ой"), ("его", "ий")],
    "datv": [("скому", "ский"), ("цкому", "цкий"), ("ову", "ов"), ("еву", "ев"), ("ёву", "ёв"), ("ину", "ин"),
             ("ыну", "ын"), ("ому", "ой"), ("ему", "ий")],
    "ablt": [("ским", "ский"), ("цким", "цкий"), ("овым", "ов"), ("евым", "ев"), ("ёвым", "ёв"), ("иным", "ин"),
             ("ыным", "ын"), ("ым", "ой"), ("им", "ий")],
    "loct": [("ском", "ский"), ("цком", "цкий"), ("ове", "ов"), ("еве", "ев"), ("ёве", "ёв"), ("ине", "ин"),
             ("ыне", "ын"), ("ом", "ой"), ("ем", "ий")],  # («о Глебе Толстом», «о Денисе Рыжем»: adjectives)
}
_SURNAME_RULES_M["accs"] = _SURNAME_RULES_M["gent"]
_SURNAME_RULES_F = {
    "gent": [("ской", "ская"), ("цкой", "цкая"), ("овой", "ова"), ("евой", "ева"), ("ёвой", "ёва"), ("иной", "ина"),
             ("ыной", "ына"), ("ой", "ая")],
    "accs": [("скую", "ская"), ("цкую", "цкая"), ("ову", "ова"), ("еву", "ева"), ("ёву", "ёва"), ("ину", "ина"),
             ("ыну", "ына"), ("ую", "ая")],
}
for _c in ("datv", "ablt", "loct"):
    _SURNAME_RULES_F[_c] = _SURNAME_RULES_F["gent"]


_YI_SURNAMES = frozenset("белый черный старый лысый малый добрый смелый бедный голый сытый хитрый лютый гордый "
                         "быстрый храбрый щедрый шустрый мудрый грозный ясный чистый желтый серый красный веселый "
                         "крылатый удалый бравый славный верный".split())


#: adjectives in -ый whose surname is in stressed -ой (Толстой, Бережной)
_OI_SURNAMES = frozenset("толстый бережный".split())
_OV_ADJECTIVE = re.compile(r"[а-яё]{3,}(?:ов|ев)ый$")
_OV_IN_ABLT = re.compile(r"(?:ов|ев|ёв|ин|ын)ым$")


@lru_cache(maxsize=100_000)
def _adjective_lemma(word: str, case: str) -> str | None:
    """The dictionary nominative of a man's adjective surname in an oblique case, if it can be trusted: a trait
    adjective of ``_YI_SURNAMES`` or any adjective but those whose surname is -ой (``_OI_SURNAMES``, the relational
    -овый: Садового → Садовой), and not an -ов/-ин surname's instrumental (Луговым is Лугов's as well)."""
    w = fold(word)
    if not w.endswith(("ого", "ому", "ым", "ом", "его", "ему", "им", "ем")) or _OV_IN_ABLT.search(w):
        return None
    for p in parse(word):
        if p.is_known and "ADJF" in p.tag and p.tag.case == case and "masc" in p.tag and "Apro" not in p.tag \
                and "Anum" not in p.tag:
            lemma = fold(p.normal_form)
            if lemma in _YI_SURNAMES or not (lemma in _OI_SURNAMES or _OV_ADJECTIVE.search(lemma)):
                return p.normal_form
            return None
    return None


@lru_cache(maxsize=100_000)
def surname_nominative(word: str, case: str, gender: str) -> str:
    if case == "nomn":
        return word
    if gender != "femn":
        for p in parse(word):
            # A common noun as a surname (Лебедем → Лебедь, Зайца → Заяц, Соловья → Соловей): its dictionary
            # nominative.
            if p.is_known and "NOUN" in p.tag and "masc" in p.tag and "sing" in p.tag and p.tag.case == case \
                    and "Surn" not in p.tag and "Name" not in p.tag and "Patr" not in p.tag \
                    and "Fixd" not in p.tag:  # (not the river Маю: Эдуарду Маю → Май)
                form = p.inflect({"nomn", "sing"})
                if form:
                    return restore_case(word, form.word)
                break
        # Белым → Белый, Нагорного → Нагорный, Заречному → Заречный, Гладкого → Гладкий: an adjective the
        # dictionary knows takes its own nominative (Глухого → Глухой, Седого → Седой too); the rules below give
        # -ой, right for the surnames in stressed -ой the dictionary does not know as such (Бережного, whose
        # adjective is бережный) and for the relational -овой of Садового, Дубового, Лозового
        adjective = _adjective_lemma(word, case)
        if adjective:
            return restore_case(word, adjective)
    w = word.lower()
    last = w.split("-")[-1]
    if case in ("gent",) and gender != "femn" and re.search(r"[кгхжшчщ]и$|[^аеёиоуыэюякгхжшчщ]ы$", last) \
            and "-" not in w and not re.search(r"(?:улы|анлы)$", last):
        return restore_case(word, w[:-1] + "а")  # Гайдамаки → Гайдамака, Лозы → Лоза
    if case == "accs" and gender != "femn" and re.search(r"(?:[ая]ну|ску|[аяоу]ру|су|цу|пу|ту|ду)$", last) and "-" not in w \
            and not any(p.is_known and ("NOUN" in p.tag or "Surn" in p.tag) for p in parse(w[:-1] + "а")):
        return word  # «Похоронили Иона Русу», «Виорела Чебану»: no Russian -а surname or word; a Moldovan -у stays
    if case == "accs" and gender != "femn" and re.search(r"[^аеёиоуыэюя][ую]$", last) and "-" not in w:
        # Гайдамаку → Гайдамака, Куделю → Куделя (-у/-ю is accusative only of -а/-я nouns)
        return restore_case(word, w[:-1] + ("а" if w.endswith("у") else "я"))

    if case == "gent" and gender != "femn" and re.search(r"[^аеёиоуыэюякгхжшчщ]и$", last) and "-" not in w and any(
            p.is_known and "NOUN" in p.tag and "Surn" not in p.tag and "Fixd" not in p.tag for p in parse(word)):
        return restore_case(word, w[:-1] + "я")  # Степана Кудели → Куделя (a word as surname; Церетели stays)
    if "-" in w and case != "nomn" and w.count("-") == 1 and not _JUNIOR_SENIOR.search(w) \
            and re.search(r"(?:енко|ко|ых|их|дзе|швили|ян)$", w.split("-")[0]):
        # «Сергея Сидоренко-Малого»: the undeclined first part as written, the second in its own nominative
        first_part, second = word.split("-")
        return first_part + "-" + surname_nominative(second.capitalize() if second[:1].islower() else second,
                                                     case, gender)
    adjectival = case != "nomn" and len(last) > 5 and re.search(r"(?:ого|его|ому|ему)$", last)
    if not adjectival and re.search(r"(?:енко|ко|ых|их|дзе|швили|зода|заде|ия|иа|уа|аго|яго|[оэи]|[аеиоуй]ты|улы|анлы)$",
                                    last):
        return word  # (Осадчего, Осадчему decline like adjectives: Осадчий)
    if case == "datv" and gender != "femn" and re.search(r"[^аеёиоуыэюя]е$", last) and "-" not in w \
            and not re.search(r"(?:ов|ев|ёв|ин|ын)е$", last) and len(last) > 3:  # (not the Korean Хе)
        # «Андрею Кучме», «Ивану Зозуле»: a man's dative in -е is only of an -а/-я surname (Кучма, Зозуля)
        soft = not any(p.is_known for p in parse(w[:-1] + "а")) and any(p.is_known for p in parse(w[:-1] + "я"))
        return restore_case(word, w[:-1] + ("я" if soft else "а"))
    parts = word.split("-")
    if len(parts) == 2 and all(_STRONG_SURNAME.search(fold(x)) or re.search(r"(?:ск|цк)(?:ого|ому|им|ом)$", fold(x))
                               for x in parts):
        # Вельяминовым-Зерновым: both parts decline.
        return "-".join(surname_nominative(x, case, gender) for x in parts)
    if gender == "femn":
        for suf, rep in _SURNAME_RULES_F.get(case, []):
            if w.endswith(suf):
                return restore_case(word, w[: -len(suf)] + rep)
        return word  # feminine surnames in a consonant do not decline
    for suf, rep in _SURNAME_RULES_M.get(case, []):
        if w.endswith(suf) and len(w) > len(suf) + 1:
            return restore_case(word, w[: -len(suf)] + rep)
    if case == "ablt" and re.search(r"[^аеёиоуыэюя][ое]й$", w) and "-" not in w:
        # «с Алексеем Юрьевичем Гайдамакой», «Зозулей»: a man's -ой/-ей instrumental is of an -а/-я surname
        # (Толстой, an adjective, would be Толстым)
        return restore_case(word, w[:-2] + ("а" if w.endswith("ой") or w[-3] in "жшчщц" else "я"))  # Гаркушей
    # Fleeting vowel: Горобцом → Горобец, Кравца → Кравец.
    # (not after н or ь: Гейнца, Шульца, Лоренца are German surnames in -нц/-льц, which keep their stem)
    m = re.search(r"([^аеёиоуыэюянь])ц(?:а|у|ом|ем|е)$", w)
    if m and case != "nomn" and "-" not in w:
        return restore_case(word, w[: m.end(1)] + "ец")
    # Hyphenated surnames decline in each part (Петрова-Водкина): only the
    # common Russian pattern is handled part by part.
    if "-" in w:
        parts = word.split("-")
        return "-".join(surname_nominative(p, case, gender) for p in parts)
    if case == "loct" and re.search(r"[^аеёиоуыэюя]е$", w) and not _nominative_known(w[:-1]) \
            and _nominative_known(w[:-1] + "а"):
        return restore_case(word, w[:-1] + "а")  # «о Рамиле Кучме», «о Никифоре Зиме»: an -а surname or word
    return restore_case(word, _strip_case(w, case, gender, given=False))


@lru_cache(maxsize=100_000)
def _nominative_known(w: str) -> bool:
    """The dictionary knows the word as a noun or surname in the nominative singular."""
    return any(p.is_known and ("NOUN" in p.tag or "Surn" in p.tag) and p.tag.case == "nomn" and "sing" in p.tag
               for p in parse(w))


@lru_cache(maxsize=100_000)
def _surname_cases(word: str) -> set[str]:
    """Cases a surname-like word can be in (masculine, the common case)."""
    w = fold(word)
    if re.search(r"(?:енко|ко|ых|их|дзе|швили|зода|заде|[оэ]|[^кгхжшчщ]и|[аеиоуй]ты|улы|анлы)$", w):
        return set(CASES)  # (Kazakh -улы, Azerbaijani -анлы: Нурланулы, Гасанлы)  # (Tajik -зода, Azerbaijani -заде, Ossetian -ты (Кокойты) do not decline)
    out = {"nomn"}
    if re.search(r"(?:ова|ева|ина|ына|ого|его|[^аеиоуыэюя]а|я|[кгхжшчщ]и)$", w):
        out |= {"gent", "accs"}
    if re.search(r"[^аеиоуыэюякгхжшчщ]ы$", w):
        out.add("gent")  # Лозы: the genitive of a man's surname in -а (Лоза)
    if re.search(r"(?:ым|им|[^аеиоуыэюя]ом|ем)$", w):
        out.add("ablt")
    if re.search(r"(?:ому|ему|[^аеиоуыэюя]у|ю)$", w):
        out.add("datv")
    if re.search(r"(?:[^аеиоуыэюя]е|ом)$", w):
        out.add("loct")
    if re.search(r"[^аеиоуыэюя]е$", w) and not re.search(r"(?:ов|ев|ёв|ин|ын)е$", w) and len(w) > 3:
        out.add("datv")  # «Андрею Кучме»: the dative of an -а surname (not Гришине, a locative)
    if re.search(r"(?:ой|ую)$", w):
        out |= {"gent", "datv", "ablt", "loct", "accs"}
    return out


_CASE_PREFERENCE = ("nomn", "gent", "accs", "ablt", "datv", "loct")
_VOWELS = "аеёиоуыэюя"


@lru_cache(maxsize=100_000)
def _name_case_weights(word: str, gender_unknown: bool = False, gender: str | None = None) -> dict[str, float]:
    weights: dict[str, float] = {}
    extra = extra_given_name(word) if not any(p.is_known and "Name" in p.tag for p in parse(word)) else None
    if extra:
        return {c: 1.0 for c in extra[1]}
    names = [p for p in parse(word) if "Name" in p.tag and "sing" in p.tag and p.tag.case]
    if gender and any(p.tag.gender == gender for p in names):
        # «Жумабек уулу Нурлана»: a man's patronymic says Нурлана is his genitive, not a woman's nominative
        names = [p for p in names if p.tag.gender == gender]
    if names and all("Fixd" in p.tag for p in names) and any(p.is_known for p in names):
        # «Светлая память Гарри Котову»: an indeclinable name's forms are one word; how often the corpus had it in
        # each case tells nothing of this sentence (the surname does)
        return {c: 1.0 for c in {p.tag.case for p in names}}
    if names and not any(p.is_known for p in names):
        # «с Айаалом Винокуровым»: the guesser's case for a name it does not know (Айаалом a nominative) is
        # worth less than the endings a man's given name takes
        return {c: 1.0 for c in _unknown_given_cases(fold(word))}
    # «Алану Кокойты было 45 лет»: Алану is his dative or a woman's (Алана) accusative; the dead are mostly
    # men, so where a form is both and nothing else tells, the woman's reading counts half
    both = gender_unknown and {p.tag.gender for p in names} >= {"masc", "femn"}
    # «Ильнару Гатауллину»: the dictionary knows only a woman's Ильнара; our list's man's name Ильнар is as likely
    men = _mens_list_reading(word) if gender_unknown and names and all(p.tag.gender == "femn" for p in names) else None
    for p in names:
        # (a little under half: «Руслану» is 2:1 a woman's accusative to a man's dative — a tie goes to the man)
        weights[p.tag.case] = weights.get(p.tag.case, 0.0) + p.score * (0.49 if (both or men) and "femn" in p.tag
                                                                         else 1.0)
    for c in men or ():
        weights[c] = weights.get(c, 0.0) + 1.0 / len(men)
    return weights


@lru_cache(maxsize=100_000)
def _mens_list_reading(word: str) -> frozenset[str] | None:
    """Cases of a man's name from ``GIVEN_NAMES_EXTRA`` that the dictionary knows only as a woman's form (Ильнару)."""
    w = fold(word)
    for ending, cases in _GIVEN_CASE_ENDINGS:
        base = w[: -len(ending)]
        if w.endswith(ending) and base in GIVEN_NAMES_EXTRA and base[-1] not in _VOWELS:
            return cases
    return None


def _unknown_given_cases(w: str) -> frozenset[str]:
    """Cases a man's given name unknown to the dictionary can be in, by its ending (consonant stems like
    Айаал and -а stems like Ахмед-Паша)."""
    if w.endswith(("ом", "ем", "ём", "ой", "ей")):
        return frozenset({"ablt"})
    if w.endswith(("а", "я")):
        return frozenset({"gent", "accs", "nomn"})
    if w.endswith(("у", "ю")):
        return frozenset({"datv", "accs"})
    if w.endswith("е"):
        return frozenset({"loct", "datv"})
    if w.endswith("ы") or w.endswith("и") and w[-2:-1] in "кгхжшчщ" and not w.endswith("джи"):
        return frozenset({"gent", "nomn"})  # (not «с Али-Хаджи Умаровым»: a -джи name — Гаджи, Доржи — does not decline)
    if w.endswith("и"):
        return frozenset(CASES)  # «Светлая память Шерали Абдуллаеву», Лом-Али: a name in -и does not decline
    if w.endswith(("о", "э")):
        return frozenset(CASES)  # «Бато-Мунко Цыренжапова»: an -о/-э name does not decline; the surname tells
    return frozenset({"nomn"})


@lru_cache(maxsize=100_000)
def _surname_case_weights(word: str, gender: str | None) -> dict[str, float]:
    if fold(word) in TUVAN_SURNAMES:
        # «простились с Ондаром Айдысом и Куулар Чойганом»: a clan name is often left undeclined
        return {c: (1.0 if c == "nomn" else 0.9) for c in CASES}
    if _tuvan(word):
        # «Аяна Монгуша»: declined (a dative in -е only where the name cannot be locative, as for Кучме below)
        return {c: (0.01 if c == "nomn" else 0.5 if c == "datv" and word.endswith("е") else 1.0)
                for c in _surname_cases(word)}
    w = fold(word).split("-")[-1]
    cases = _surname_cases(word)
    weights = {c: 1.0 for c in cases}
    # A surname ending in consonant+а/я is masculine genitive far more often
    # than a feminine nominative (Бабыча, Шевчука, Голоднюка); -ова/-ина is
    # nominative only for a woman.
    if re.search(r"[^аеёиоуыэюя]а$|я$", w) and not re.search(r"(?:ая|ко)$", w):
        if gender != "femn" or not re.search(r"(?:ова|ева|ёва|ина|ына)$", w):
            weights["nomn"] = 0.1
    if re.search(r"[^аеёиоуыэюя][ую]$", w) and "nomn" in weights:
        weights["nomn"] = 0.1
    if re.search(r"[^аеёиоуыэюя][ую]$", w) and not re.search(r"(?:ову|еву|ёву|ину|ыну|ому|ему)$", w):
        weights.setdefault("accs", 1.0)  # Гайдамаку: the accusative of an -а surname (not of Иванову)
    if re.search(r"[^аеёиоуыэюя]у$", w) and not re.search(r"(?:ов|ев|ёв|ин|ын)у$", w):
        for c in ("ablt", "loct"):
            # «с Ионом Русу», «о Викторе Чобану»: a Moldovan -у does not decline; a given name in a case no
            # declined form would end in -у leads (after «Виорела» it is Гайдамаку's accusative)
            weights.setdefault(c, 0.3)
    if "datv" in weights and re.search(r"[^аеёиоуыэюя]е$", w):
        weights["datv"] = 0.5  # Кучме is a dative only after a name that cannot be locative (Андрею, not Никите)
    if gender == "femn" and re.search(r"(?:ов|ев|ёв|ин|ын)ой$", w):
        weights["nomn"] = 0.1  # «с Сэсэг Бадмаевой»: a woman's -овой is oblique (beside an undeclined given name)
    if re.search(r"(?:ов|ев|ёв|ин|ын)е$", w):
        weights["nomn"] = 0.1  # «о Тохире Алиеве»: the locative of an -ов surname, whatever the name beside it
    if re.search(r"(?:ов|ев|ёв|ин|ын|ский|цкий)$", w):
        weights["nomn"] = 2.0
    elif re.search(r"(?:ым|им|ом|ем|ому|ему|ого|его)$", w):
        weights["nomn"] = 0.2
    return weights


@lru_cache(maxsize=100_000)
def _only_a_name(word: str) -> bool:
    """The dictionary knows the word, and only as a given name (Валерием; not Ионом, Розой, Славы)."""
    known = [p for p in parse(word) if p.is_known]
    return bool(known) and all("Name" in p.tag for p in known)


_MASCULINE_ONLY_SURNAME = re.compile(r"(?:ов|ев|ин|ын)(?:ым|е)$|(?:ск|цк)(?:ом|ого|ому|им)$"
                                     # «о Евгении Кравчуке», «Бабичу»: a woman's -ук/-ич does not decline
                                     r"|(?:[ую]к|ич)(?:а|у|ом|ем|е)$")


@lru_cache(maxsize=100_000)  # (a function of its three words only: _make asks it twice a name, and names recur)
def choose_case(sur: str | None, first: str | None, patr: str | None) -> tuple[str, str]:
    gender = None
    allowed = set(CASES)
    info = patronymic_cases(patr) if patr else None
    if info:
        g, cases = info
        allowed = set(cases)
        gender = g
    elif patr and re.search(r"\s(?:оглы|улы|угли|уулу)$", patr):
        gender = "masc"
    elif patr and re.search(r"\s(?:кызы|гызы)$", patr):
        gender = "femn"
    patronymic_gender = gender
    if gender is None and sur and _MASCULINE_ONLY_SURNAME.search(fold(sur)):
        gender = "masc"  # «о мобилизованном Евгении Рыбине»: -ине/-ове/-ым are a man's (hers: Рыбиной)
    weights = {c: 1.0 for c in CASES}
    if first:
        nw = _name_case_weights(first, gender is None, gender)  # (a man's surname form filters too: Ковальчуку)
        if patronymic_gender == "masc" and nw and name_info(first)[3] not in (None, "masc"):
            # «Эльвина Рафик оглы Мамедова»: a man's name that looks like a woman's in the nominative
            nw = {}
        if re.search(r"-оол(?:а|у|ом|е)?$", fold(first)):
            nw = {c: 1.0 for c in name_info(first)[2]}
        if not nw and all("UNKN" in p.tag for p in parse(first)):
            nw = {c: 1.0 for c in _unknown_given_cases(fold(first))}  # «Гию Беридзе»: too short for the guesser
        if not nw:
            nw = {c: 1.0 for c in _surname_cases(first)}
        elif not info and "nomn" not in nw and _only_a_name(first) and allowed & set(nw):
            # «с Валерием Цхай», «Ираклия Гогуа»: a dictionary given name in an oblique form tells the case;
            # a surname that has no such form does not decline
            allowed &= set(nw)
        for c in CASES:
            weights[c] *= nw.get(c, 0.01) + 0.01
        known, _, _, g = name_info(first)
        # Only a dictionary name tells the gender; the guesser calls Тумэна a woman.
        gender = gender or (g if known else None)
    if sur and not (gender == "femn" and re.search(r"[^аеёиоуыэюяй]$", fold(sur))):
        sw = _surname_case_weights(sur, gender)
        for c in CASES:
            weights[c] *= sw.get(c, 0.01)
    best = max((c for c in CASES if c in allowed), key=lambda c: (weights[c], -_CASE_PREFERENCE.index(c)))
    if first and patronymic_gender is None:
        # the gender of the given name's reading in the chosen case (Руслану: a man's dative, a woman's accusative)
        genders = {g for c, g in _name_case_genders(first) if c == best}
        if len(genders) == 1 and genders <= {"masc", "femn"}:
            gender = next(iter(genders))
        elif genders >= {"masc", "femn"} and sur:
            # «о Шамсутдине Кууларе», «о Евгении Смирновой»: both in that case; a woman's surname form decides
            gender = "femn" if re.search(r"(?:ой|ую|ая|яя)$", fold(sur)) else "masc"
    gender = gender or "masc"
    return best, gender


#: Diminutives normalised to the full given name (gold convention; a volunteer
#: searching for Дмитрий must find "Дима").
DIMINUTIVES = {
    "дима": "Дмитрий", "димка": "Дмитрий", "саша": "Александр", "саня": "Александр", "шура": "Александр",
    "сашка": "Александр", "вова": "Владимир", "вовка": "Владимир", "вован": "Владимир", "володя": "Владимир",
    "серёжа": "Сергей", "сережа": "Сергей", "серега": "Сергей", "серёга": "Сергей", "лёша": "Алексей",
    "леша": "Алексей", "лёха": "Алексей", "леха": "Алексей", "алёша": "Алексей", "алеша": "Алексей",
    "женя": "Евгений", "коля": "Николай", "миша": "Михаил", "паша": "Павел", "петя": "Пётр", "ваня": "Иван",
    "витя": "Виктор", "толя": "Анатолий", "юра": "Юрий", "костя": "Константин", "стас": "Станислав",
    "гоша": "Георгий", "андрюша": "Андрей", "макс": "Максим", "рома": "Роман", "тёма": "Артём", "тема": "Артём",
    "лёня": "Леонид", "леня": "Леонид", "гена": "Геннадий", "федя": "Фёдор", "вася": "Василий",
    "гриша": "Григорий", "илюша": "Илья", "кирюша": "Кирилл", "виталя": "Виталий", "валера": "Валерий",
    "боря": "Борис", "эдик": "Эдуард", "слава": "Вячеслав", "игорёк": "Игорь", "олежка": "Олег",
    "ванька": "Иван", "ванечка": "Иван", "ванюша": "Иван", "санька": "Александр", "сашенька": "Александр",
    "сашок": "Александр", "димон": "Дмитрий", "димочка": "Дмитрий", "лёшка": "Алексей", "лешка": "Алексей",
    "алёшка": "Алексей", "серёжка": "Сергей", "сережка": "Сергей", "колька": "Николай", "колян": "Николай",
    "петька": "Пётр", "мишка": "Михаил", "мишаня": "Михаил", "пашка": "Павел", "женька": "Евгений",
    "юрка": "Юрий", "юрочка": "Юрий", "толик": "Анатолий", "витёк": "Виктор", "витька": "Виктор",
    "костик": "Константин", "ромка": "Роман", "ромчик": "Роман", "тёмка": "Артём", "андрюха": "Андрей",
    "андрейка": "Андрей", "вадик": "Вадим", "владик": "Владислав", "стасик": "Станислав", "славик": "Вячеслав",
    "егорка": "Егор", "максимка": "Максим", "денисик": "Денис", "никитка": "Никита", "кирюха": "Кирилл",
    # (folded: ё as е; not Тима, Даня, Сеня, Гарик, Алик, Влад — each shortens more than one name)
    "степа": "Степан", "степка": "Степан", "степушка": "Степан", "сева": "Всеволод", "жека": "Евгений",
    "женек": "Евгений", "женечка": "Евгений", "санек": "Александр", "санечка": "Александр", "шурик": "Александр",
    "илюха": "Илья", "илюшка": "Илья", "илюшенька": "Илья", "павлик": "Павел", "павлуша": "Павел",
    "ярик": "Ярослав", "русик": "Руслан", "антоха": "Антон", "тоха": "Антон", "антошка": "Антон",
    "антоша": "Антон", "лева": "Лев", "левушка": "Лев", "жора": "Георгий", "жорик": "Георгий", "гошка": "Георгий",
    "митя": "Дмитрий", "митька": "Дмитрий", "димас": "Дмитрий", "сема": "Семён", "семка": "Семён", "яша": "Яков",
    "кеша": "Иннокентий", "артемка": "Артём", "тимоха": "Тимофей", "юрик": "Юрий", "юраша": "Юрий",
    "вовчик": "Владимир", "вовочка": "Владимир", "федька": "Фёдор", "гришка": "Григорий", "толян": "Анатолий",
    "валерка": "Валерий", "генка": "Геннадий", "ленька": "Леонид", "борька": "Борис", "андрюшка": "Андрей",
    "егорушка": "Егор", "кирюшка": "Кирилл", "костян": "Константин", "олежек": "Олег", "славка": "Вячеслав",
    "никитос": "Никита", "васька": "Василий", "васенька": "Василий", "мишенька": "Михаил", "алешенька": "Алексей",
    "сереженька": "Сергей", "димуля": "Дмитрий", "витенька": "Виктор", "коленька": "Николай", "петенька": "Пётр",
}


_DIMINUTIVES_NOMINATIVE = frozenset(DIMINUTIVES)


def _diminutive_forms() -> dict[str, tuple[str, frozenset[str]]]:
    """Folded case forms of every diminutive → (its nominative, the cases): Илюху → (илюха, accs), Коляна → (колян,
    gent/accs), Санька → (санек, gent/accs) — so that a diminutive the dictionary does not know is a given name."""
    out: dict[str, tuple[str, frozenset[str]]] = {}

    def add(form: str, d: str, *cases: str) -> None:
        old = out.get(form)
        out[form] = (d, frozenset(cases) | (old[1] if old and old[0] == d else frozenset()))

    for d in DIMINUTIVES:
        d = fold(d)
        add(d, d, "nomn")
        if d[-1] in "ая":
            stem, soft = d[:-1], d[-1] == "я" or d[-2] in "гкхжшчщ"
            hush = d[-2] in "жшчщц" or d[-1] == "я"
            add(stem + ("и" if soft else "ы"), d, "gent")
            add(stem + "е", d, "datv", "loct")
            add(stem + ("ю" if d[-1] == "я" else "у"), d, "accs")
            add(stem + ("ей" if hush else "ой"), d, "ablt")
        else:
            stem = d[:-2] + "ьк" if d.endswith("ек") else d[:-2] + "к" if d.endswith("ок") else d
            add(stem + "а", d, "gent", "accs")
            add(stem + "у", d, "datv")
            add(stem + ("ем" if stem[-1] in "жшчщц" else "ом"), d, "ablt")
            add(stem + "е", d, "loct")
    return out


_DIMINUTIVE_FORMS = _diminutive_forms()

#: Oblique forms of the diminutives (саше, саню, диме …), which a lower-case post may use.
_DIMINUTIVE_CASES = frozenset(
    f for d in DIMINUTIVES for f in (
        (d, d[:-1] + "е", d[:-1] + "у", d[:-1] + "ю", d[:-1] + "и", d[:-1] + "ой") if d[-1] in "ая"
        # (колян, димон, толик: a consonant stem takes the endings of Иван)
        else (d, d + "а", d + "у", d + "ом", d + "е"))
)


#: «Александр Ершов-младший»: «junior»/«senior» tell father from son, they are no part of the surname
_JUNIOR_SENIOR = re.compile(r"-(?:младш\w*|старш\w*|мл|ст)$", re.IGNORECASE)


@lru_cache(maxsize=100_000)  # (a function of its three words only)
def nominative(sur: str | None, first: str | None, patr: str | None) -> tuple[str | None, str | None, str | None, str]:
    if sur and "-" in sur:
        sur = _JUNIOR_SENIOR.sub("", sur)
    case, gender = choose_case(sur, first, patr)
    s = surname_nominative(sur, case, gender) if sur else None
    f = _first_nominative(first, case, gender) if first else None
    if f and fold(f) in DIMINUTIVES:
        f = DIMINUTIVES[fold(f)]
    p = patronymic_nominative(patr, gender) if patr else None
    if s and case == "nomn" and gender == "masc" and (patr or name_info(first or "")[0]) \
            and re.search(r"(?:ов|ев|ёв)а$", s):
        # «фрезеровщика Ахмедова Фаррух Шухрат угли»: the surname took the job noun's case, the rest did not;
        # a man's surname is never nominative in -ова (but it is in -ина: Щербина, Калина).
        s = s[:-1]
    return s, f, p, gender


# --------------------------------------------------------------------------- finding names


def _quote_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"«[^«»\n]{1,40}»|\"[^\"\n]{1,40}\"|“[^”\n]{1,40}”", text):
        if _QUOTED_SPEECH.search(m.group(0)):
            continue  # «Погиб наш земляк Игорь Шилов», — рассказал…: quoted words, not a unit's name
        spans.append((m.start(), m.end()))
    return spans


# A quote with ordinary lower-case words in it is speech; a name in quotes is a title (отряд «Кузьма Минин»).
_QUOTED_SPEECH = re.compile(r"(?<![А-ЯЁа-яё])(?!имени\b)[а-яё]{4,}")


_IN_TOWN_BEFORE = re.compile(r"(?<![А-ЯЁа-яё])[Вв]о?[ \t]+$")
_IN_PLACE_BEFORE = re.compile(r"(?<![А-ЯЁа-яё])(?:[Вв]о?|[Нн]а)[ \t]+$")
# «Андрей (Дюша) Котлов»: the word before the bracket, the bracketed pet name.
_BRACKET_NICKNAME_GAP = re.compile(r"([А-ЯЁ][а-яё]+)[ \t]+\((?:в[ \t]+крещении[ \t]+|в[ \t]+миру[ \t]+|по-[а-яё]+[ \t]+)?"
                                   r"([А-ЯЁ][а-яё]{1,20})\)[ \t]+(?=[А-ЯЁ])")


def _pet_name_in_brackets(before: str, inside: str) -> bool:
    """«Андрей (Дюша) Котлов», «Семёна (Сэмэна) Петрова»: after a given name, a pet, baptismal or native-language
    form of it (a given name, or an unknown word in the same case) — not a town («Андрей Котов (Курск)»)."""
    if not name_info(before)[0]:
        return False
    kind = word_kind(inside)
    if kind in ("N", "N?"):
        return True
    b, i = fold(before), fold(inside)
    return kind == "S" and not _STRONG_SURNAME.search(i) and (
        _same_ending(b, i) or (b[-1] not in _VOWELS and i[-1] not in _VOWELS))
# «Евгений «Шаман» Кудряшов»: a one- or two-word nickname in quotes between a given name and a surname.
_NICKNAME_GAP = re.compile(r"(?<=[а-яё])[ \t]+[«\"“][А-ЯЁ][а-яё-]{1,20}(?:[ \t][А-ЯЁа-яё][а-яё-]{1,20})?[»\"”][ \t]+(?=[А-ЯЁ])")


# "в селе Александров Гай", "ул. Ивана Франко", "имени Героя Петрова": places and
# dedications, not people.
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:г|с|п|д|ст|пос|ул|пр|пер|им)\.\s*|\b(?i:пгт|сел[оаеу]|город[аеу]?|посёлк[аеу]|поселк[аеу]|посёлок"
    r"|поселок|деревн[яиеюй]|станиц[аыеу]|улиц[аыеу]|проспект[аеу]?|имени|хутор[аеу]?|аул[аеу]?)\s+)$"
)
_DEDICATION_WORD_BEFORE = re.compile(r"(?<![А-ЯЁа-яё])(?i:имени|им\.|улиц\w*|проспект\w*|переул\w*|бульвар\w*)\s+$")
_DEATH_PARTICIPLE_NEXT = re.compile(r"[ \t]*,[ \t]*(?:погибш|павш|скончавш|умерш)\w+")
# «на улице Героя России Андрея Туркина», «школа имени Героя России …»: the whole name is a dedication
_HERO_DEDICATION_BEFORE = re.compile(
    r"(?i:улиц\w*|проспект\w*|переул\w*|бульвар\w*|площад\w*|сквер\w*|школ\w*|гимнази\w*|лице[йяюе]\w*|имени|им\.)"
    r"\s+[Гг]еро(?:я|ев)\s+(?:России|Советского\s+Союза|Российской\s+Федерации|ДНР|ЛНР|Социалистического\s+Труда)\s+$"
)


_KIN_BEFORE = re.compile(r"(?<![А-ЯЁа-яё])(?:[Сс]естра|[Бб]рат|[Мм]ать|[Мм]ама|[Оо]тец|[Пп]апа|[Жж]ена|[Вв]дова|[Сс]упруга"
                         r"|[Сс]ын|[Дд]очь|[Дд]руг|[Нн]евеста)[ \t]+$")


# Words after which a capitalised genitive is a place of origin (уроженец Кызыла, житель Оша, родом из Чадана).
_ORIGIN_BEFORE = re.compile(r"(?<![А-ЯЁа-яё])(?:[Уу]рожен(?:ец|ц[аеу]|цем|к[аеиу]|кой)|[Жж]ител(?:ь|я|ю|ем|ниц[аеуы])"
                            r"|[Вв]ыход(?:ец|ц[аеу]|цем)|[Ии]з)[ \t]+$")


_FEMININE_VERB_NEAR = re.compile(r"(?<![а-яё])(?:погибла|скончалась|умерла|была\s+убита|похоронена)(?![а-яё])")


def _feminine_reading(text: str, n: NameParts) -> NameParts:
    """«погибла фельдшер Евгения Рыбина»: a woman's name in the nominative, not a man's genitive
    (Евгения Рыбина is both), when a feminine death verb stands next to it."""
    if n.case not in ("gent", "accs") or n.gender != "masc" or n.patronymic or len(n.tokens) != 2:
        return n
    if not _FEMININE_VERB_NEAR.search(text[max(0, n.start - 40): n.end + 30].lower()):
        return n
    words = {w for _, _, w in n.tokens}
    first = next((w for w in words if any("Name" in p.tag and "femn" in p.tag and p.tag.case == "nomn"
                                          for p in parse(w))), None)
    sur = next((w for w in words if w != first), None)
    if first is None or sur is None or not re.search(r"(?:ова|ева|ёва|ина|ына|ая)$|(?:ко|ых|их)$", fold(sur)):
        return n
    return NameParts(sur, first, None, "nomn", "femn", n.start, n.end, n.tokens)


_MASC_GENITIVE_HEAD = re.compile(
    r"(?<![а-яё])(?:рядового|ефрейтора|сержанта|старшины|прапорщика|лейтенанта|капитана|майора|подполковника"
    r"|полковника|бойца|солдата|военнослужащего|добровольца|мобилизованного|контрактника|земляка|героя|погибшего"
    r"|павшего|стрелка|разведчика|снайпера|танкиста|десантника|гранат[её]тчика|пулем[её]тчика|наводчика|связиста"
    r"|сап[её]ра|штурмовика|матроса|сына|внука"
    # «Гибель Валентина Юдина подтвердили»: a noun that takes a genitive (hers would be «Валентины Юдиной»)
    r"|гибель|гибели|гибелью|смерть|смерти|память|памяти|похороны|похорон|похоронах|тело|тела|останки|останков"
    r"|семье|семья|семьи|семью|родным|родственникам)[ \t]+$")
_MASC_PARTICIPLE_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:погибш|павш|скончавш|умерш)его(?![а-яё])")


def _masculine_reading(text: str, n: NameParts) -> NameParts:
    """«младшего сержанта Валентина Зайцева», «Валентина Зайцева, погибшего …»: a man's genitive, not a woman's
    nominative (Валентина Зайцева is both), when a man's genitive rank or participle stands next to it."""
    if n.case != "nomn" or n.gender != "femn" or n.patronymic or len(n.tokens) != 2 or not n.first_name \
            or not re.search(r"(?:ов|ев|ёв|ин|ын)а$", fold(n.surname)):
        return n
    if not (_MASC_GENITIVE_HEAD.search(text[max(0, n.start - 30): n.start].lower())
            or _MASC_PARTICIPLE_AFTER.match(text, n.end)):
        return n
    first, sur = n.tokens[0][2], n.tokens[1][2]
    if fold(first) != fold(n.first_name):
        first, sur = sur, first
    if ("gent", "masc") not in _name_case_genders(first):
        return n
    return NameParts(surname_nominative(sur, "gent", "masc"), _first_nominative(first, "gent", "masc"), None,
                     "gent", "masc", n.start, n.end, n.tokens)


_TEASER_GATE = ("опулярн", "ОПУЛЯРН", "итайте", "ИТАЙТЕ", "мотрите", "МОТРИТЕ", "о теме", "О ТЕМЕ", "ругие новости")
_TEASER_BLOCK = re.compile(r"(?im)^[ \t]*(?:популярное|самое\s+читаемое|читайте\s+(?:также|ещё|еще)|читать\s+также"
                           r"|смотрите\s+также|(?:ещё|еще|новости)\s+по\s+теме|по\s+теме|другие\s+новости)[ \t]*:?[ \t]*\n"
                           r"(?:[ \t]*\S[^\n]*(?:\n|$))+")


# «Комментарии (12)» on a line of its own: what follows is readers' comments to the end of the page (not the report;
# a commenter is no mention — gold README, d_ and h_ conventions).
_COMMENTS_GATE = ("омментари", "ОММЕНТАРИ")
_COMMENTS_BLOCK = re.compile(r"(?im)^[ \t]*(?:\d+[ \t]+)?комментари[йиея]\w*(?:[ \t]*\(\d+\))?[ \t]*:?[ \t]*\n[\s\S]*")


# «учителем Андреем Сидоровым, погибшим …»: a death participle right after the name, in its case and gender
_PARTICIPLE_AFTER_NAME = re.compile(r"[ \t]*,[ \t]*(?:погибш|павш|скончавш|умерш)(ий|его|ему|им|ем|ая|ей|ую)(?![а-яё])")
_PARTICIPLE_ENDING_CASES = {"ий": ("masc", {"nomn"}), "его": ("masc", {"gent", "accs"}), "ему": ("masc", {"datv"}),
                            "им": ("masc", {"ablt"}), "ем": ("masc", {"loct"}), "ая": ("femn", {"nomn"}),
                            "ей": ("femn", {"gent", "datv", "ablt", "loct"}), "ую": ("femn", {"accs"})}
# «Директор ДК Андрей Сидоров ушёл добровольцем и погиб», «… добровольцем ушёл на СВО, где и погиб»: his own clause
# goes on to his death (a past verb of his first; no comma but before «где», no speech or other subject)
_OWN_CLAUSE_DEATH = re.compile(
    r"[ \t]+(?:[а-яё]+[ \t]+){0,3}?[а-яё]+(?:л|лся)(?:[ \t]+[^,.!?\n«»()\d]{1,50}?)?(?:[ \t]+и|[ \t]*,[ \t]*где(?:[ \t]+и)?)"
    r"[ \t]+(?:вскоре[ \t]+|там[ \t]+же[ \t]+|героически[ \t]+)?(?:погиб|скончался|пал|был[ \t]+убит)(?![а-яё])")
_NOT_HIS_CLAUSE = re.compile(r"(?<![а-яё])(?:что|как|чтобы|котор\w+|сын\w*|брат\w*|он|его|сообщил|рассказал|заявил)(?![а-яё])")
# «Сегодня простились с нашим тренером Андреем Сидоровым», «Светлая память нашему коллеге …», «Скорбим о нашем друге
# …»: a farewell before a role and the name, the name in the case the farewell governs
_FAREWELL_BEFORE_ROLE = re.compile(
    r"(?<![а-яё])(?:(?P<ablt>(?:простил(?:ись|ась|ся)|прощаю?тся|попрощал(?:ись|ась|ся)|простятся|простится"
    r"|прощание)[ \t]+со?)|(?P<accs>похоронили|похоронят|проводили[ \t]+в[ \t]+последний[ \t]+путь)"
    r"|(?P<datv>(?:светлая|вечная)[ \t]+память)|(?P<loct>скорбим[ \t]+о|скорбим[ \t]+об|скорбим[ \t]+по))"
    r"[ \t]+(?:[а-яё-]+[ \t]+){1,3}$")
# «простились с бойцом «Ахмата», бывшим директором спорткомплекса Асланом …»: a longer apposition after the farewell
# (lower-case words, a quoted unit, commas; no other capitalised word, no «рядом с»/«вместе с»)
_FAREWELL_LONG = re.compile(
    r"(?<![А-ЯЁа-яё])(?i:простил(?:ись|ась|ся)|прощаю?тся|попрощал(?:ись|ась|ся)|простятся|простится|прощание)[ \t]+со?"
    r"[ \t]+(?:[а-яё-]+|«[^«»\n]{1,30}»|,)(?:[ \t]*(?:[а-яё-]+|«[^«»\n]{1,30}»|,)){1,9}[ \t]+$")
_NOT_THE_FAREWELLS = re.compile(r"(?<![а-яё])(?:рядом|вместе|вслед)[ \t]+со?(?![а-яё])")
_WOUND_NOT_FOR_LIFE = re.compile(r"[^.!?\n]{0,60}?несовместим\w*[ \t]+с[ \t]+жизнью")


def _told_dead_here(text: str, n: NameParts) -> bool:
    """The words right around the name tell his own death, whatever role word stands before it."""
    m = _PARTICIPLE_AFTER_NAME.match(text, n.end)
    if m:
        gender, cases = _PARTICIPLE_ENDING_CASES[m.group(1)]
        return n.case in cases and (n.gender == gender or n.case not in ("nomn",) and gender == "masc"
                                    and n.gender != "femn")
    if n.case == "nomn":
        m = _OWN_CLAUSE_DEATH.match(text, n.end)
        if m and not _NOT_HIS_CLAUSE.search(m.group(0)):
            return True
        # «Рядовой Сергей Гуров получил ранение, несовместимое с жизнью»
        return "несовместим" in text and bool(_WOUND_NOT_FOR_LIFE.match(text, n.end))
    m = _FAREWELL_BEFORE_ROLE.search(text[max(0, n.start - 60): n.start].lower())  # (only the window lowered)
    if m and (n.case == m.lastgroup or n.case == "gent" and m.lastgroup == "accs"):
        return True
    if n.case == "ablt":
        m = _FAREWELL_LONG.search(text, max(0, n.start - 120), n.start)
        return bool(m) and not _NOT_THE_FAREWELLS.search(m.group(0))
    return False


_BALKAN_GATE = ("ерб", "ЕРБ", "ерногор", "осни", "орват", "акедон", "ловен")
_BALKAN = re.compile(r"(?i:серби\w|серб(?:ский|ского|ском|а|у|ом)?(?![а-яё])|черногор\w+|босни\w|хорват\w+|македон\w+"
                     r"|словен\w+|балкан\w+)")


# A kinsman's role word, then a death participle agreeing with it in the nominative, then his name in apposition:
# «Его отец, погибший в 2022 году, Сергей …», «её брат, павший под Бахмутом, — Иван …» (the role is the dead man's).
_DEAD_KIN_BEFORE = re.compile(
    r"(?<![А-ЯЁа-яё])(?i:отец|папа|брат|сын|муж|дед|дедушка|дядя|внук|племянник|зять|жених|друг|одноклассник"
    r"|сослуживец)[ \t]*,[ \t]*(?:погибш|павш|скончавш|умерш)ий(?![а-яё])[^,.!?\n«»()]{0,60},[ \t]*(?:[—–-][ \t]*)?"
    r"(?:[а-яё-]+[ \t]+){0,3}$")


_OLD_HERO_KIN_BEFORE = re.compile(
    r"(?<![А-ЯЁа-яё])(?i:(?:пра)*(?:дед|деда|деду|дедом|дедушк\w+)|дяд[яеию]\w*)[ \t]*,?[ \t]*(?:[—–-][ \t]*)?"
    r"(?:Геро[йяюе]\w*[ \t]+Советского[ \t]+Союза|(?i:ветеран\w*|участни\w+|фронтовик\w*)[ \t]+(?:Великой[ \t]+"
    r"Отечественной(?:[ \t]+войны)?|ВОВ|войны|Афганистан\w*|афганской[ \t]+войны))[ \t]*,?[ \t]*$")


_TURKIC_AFTER = re.compile(r"[ \t]+(оглы|кызы|улы|гызы|угли|уулу)\b")


#: nouns that take a genitive name: after them the name is no accusative («Родным Михаила Чобану»)
_GENITIVE_HEAD = re.compile(r"(?<![а-яё])(?:семь[ие]|родным|родственникам|гибели|памяти|смерти|похоронах|похороны"
                            r"|прощании)[ \t]+$", re.IGNORECASE)


def _undeclined_after_genitive_head(n: NameParts) -> None:
    """«Родным Михаила Чобану»: read as an accusative, Чобану gave «Чобана» (as Гайдамаку gives Гайдамака); a
    genitive noun before the name says the case is the genitive, in which an -у/-ю surname is undeclined."""
    for _, _, w in n.tokens:
        if fold(w)[-1:] in ("у", "ю") and fold(w)[:-1] == fold(n.surname)[:-1]:
            n.surname, n.case = w.capitalize() if w.isupper() else w, "gent"
            return


def find_names(text: str, tokens: list[tuple[int, int, str]] | None = None) -> list[NameParts]:
    """Full names (with a surname) and partial ones (first name + patronymic)."""
    tokens = tokens if tokens is not None else tokenize(text)
    quotes = _quote_spans(text)
    out: list[NameParts] = []
    run: list[tuple[int, int, str, str]] = []

    nicknames = [(m.start(), m.end()) for m in _NICKNAME_GAP.finditer(text)] if quotes else []
    if any(h in text for h in _TEASER_GATE):
        # «Популярное:\n• В Гурьевске погиб мобилизованный Антон Ерёмин (02.04.2025)»: links to other stories
        # (a name in one is another story's man; the block runs to the next blank line)
        quotes = quotes + [(m.start(), m.end()) for m in _TEASER_BLOCK.finditer(text)]
    if any(h in text for h in _COMMENTS_GATE):
        quotes = quotes + [(m.start(), m.end()) for m in _COMMENTS_BLOCK.finditer(text)]

    def in_quotes(s: int) -> bool:
        return any(a < s < b for a, b in quotes)

    def in_nickname(s: int) -> bool:
        return any(a < s < b for a, b in nicknames)

    def flush() -> None:
        if run and "еро" in text[max(0, run[0][0] - 40): run[0][0]] \
                and _HERO_DEDICATION_BEFORE.search(text, max(0, run[0][0] - 60), run[0][0]):
            run.clear()
        if run and _PLACE_BEFORE.search(text, max(0, run[0][0] - 12), run[0][0]) \
                and not (len(run) >= 2 and run[0][3] == "N" and run[1][3] == "P") \
                and not (_DEDICATION_WORD_BEFORE.search(text, max(0, run[0][0] - 12), run[0][0])
                         and _DEATH_PARTICIPLE_NEXT.match(text, run[-1][1])):
            # (but «переименована в улицу Алексея Миронова, погибшего в ходе СВО», «присвоение школе имени Ивана
            # Котельникова, павшего …»: a dedication to a man whose death is told is a report of it)
            # (but «об уроженце деревни Никите Васильевиче Казакове»: a given name and patronymic are no village)
            del run[0]  # "с. Каргасок Семенова Алексея": the first word is the place
        elif len(run) >= 2 and run[0][3] in ("S", "G", "N?", "X") and run[1][3] in ("N", "P") \
                and _IN_TOWN_BEFORE.search(text, max(0, run[0][0] - 4), run[0][0]) \
                and fold(run[0][2]).endswith(("е", "и")):
            del run[0]  # «В Немане Денис окончил школу»: the town he lived in, then his given name
        elif len(run) == 2 and run[0][3] == "N" and (run[1][3] == "N" or (
                run[1][3] in ("S", "N?") and not _STRONG_SURNAME.search(fold(run[1][2])) and not _tuvan(run[1][2]))) \
                and _KIN_BEFORE.search(text, max(0, run[0][0] - 10), run[0][0]):
            # «Сестра Даниила Алина рассказала», «сестра Нюргуна Сардана»: his name in the genitive, then hers
            # — no «Даниил Алин», no «Сардан»
            run.clear()
        elif (len(run) >= 3 and run[0][3] in ("G", "S", "N?") and run[1][3] != "P"
              or len(run) == 2 and run[0][3] == "G" and run[1][3] == "N") \
                and _ORIGIN_BEFORE.search(text, max(0, run[0][0] - 16), run[0][0]):
            del run[0]  # «Уроженец Шагонара Начын Ооржак», «житель Кызыла Эрес Кужугет»: his town, then his name
        if len(run) >= 2:
            found = _interpret(run)
            if found and found[0].case == "accs" and found[0].surname and fold(found[0].surname).endswith(("а", "я")) \
                    and _GENITIVE_HEAD.search(text, max(0, found[0].start - 16), found[0].start):
                _undeclined_after_genitive_head(found[0])
            if found and found[0].case == "loct" and _IN_PLACE_BEFORE.search(text, max(0, found[0].start - 4),
                                                                              found[0].start):
                del found[0]  # «в Лодейном Поле»: a person is never in the locative after «в»/«на»
            out.extend(_masculine_reading(text, _feminine_reading(text, n)) for n in found)
        run.clear()

    prev_end = None
    kinds = _token_kinds(text, tokens)
    if "(" in text:
        # «Андрей (Дюша) Котлов»: a pet name in brackets between a given name and the surname is skipped like
        # a quoted nickname (not «Андрей Котов (Курск) Иван Петров»: the word before must be a given name)
        nicknames = nicknames + [(m.end(1), m.end()) for m in _BRACKET_NICKNAME_GAP.finditer(text)
                                 if _pet_name_in_brackets(m.group(1), m.group(2))]
    for idx, ((s, e, w), kind) in enumerate(zip(tokens, kinds)):
        if run and s < run[-1][1]:
            continue  # "оглы" already taken into the patronymic
        if run and nicknames and in_nickname(s):
            continue  # «Евгений «Шаман» Кудряшов»: the nickname between the names is skipped, not a break
        if kind == "_" and run:
            prev_end = e  # «вовка наш мамаев»: the possessive inside a lower-case name is passed over
            continue
        if kind is None or kind == "X" or kind == "_" or in_quotes(s):
            if run:
                flush()
            prev_end = None
            continue
        gap = text[prev_end:s] if prev_end is not None else ""
        joined_here = prev_end is not None and (
            _GAP.fullmatch(gap) or (prev_end, s) in nicknames or (re.fullmatch(r"[ \t]*\n[ \t]*", gap) and run and (
                text[run[-1][0]:run[-1][1]].isupper()
                # «рядовой Тимур\nРашидович Галиев»: a line wrapped inside a name, before its patronymic.
                or (kind == "P" and len(run) == 1 and run[-1][3] in ("N", "N?"))
                # «Погиб Рябов\nИван Сергеевич»: a surname wrapped before its first name and patronymic.
                or (kind == "N" and len(run) == 1 and run[-1][3] in ("S", "A") and idx + 1 < len(kinds)
                    and kinds[idx + 1] == "P" and _GAP.fullmatch(text[e: tokens[idx + 1][0]]))
                # «похоронили Вадима Геннадьевича\nТретьякова, 1981 г.р.»: the surname wrapped after the
                # given name and patronymic (not the next «Фамилия Имя» line of a list)
                or (kind in ("S", "A") and len(run) == 2 and run[0][3] in ("N", "N?") and run[1][3] == "P"
                    and not (idx + 1 < len(kinds) and kinds[idx + 1] is not None
                             and _GAP.fullmatch(text[e: tokens[idx + 1][0]])))
                # «В Козьмодемьянске простились с Николаем\nФёдоровым»: a headline wrapped after the given name
                # (mid-line), the surname agreeing with it in case and alone on its line's start
                or (kind in ("S", "A") and len(run) == 1 and run[0][3] == "N" and _wrapped_surname(text, run[0], w)
                    and not (idx + 1 < len(kinds) and kinds[idx + 1] is not None
                             and _GAP.fullmatch(text[e: tokens[idx + 1][0]])))))
        )
        if run and not joined_here:
            flush()
        word = w.capitalize() if w.isupper() or w.islower() else w
        nxt = text[e: e + 6]
        turkic = _TURKIC_AFTER.match(nxt) if kind == "P" else None  # looked for after a patronymic only
        if turkic:
            word, e = f"{word} {turkic.group(1)}", e + turkic.end()
        run.append((s, e, word, kind))  # type: ignore[arg-type]
        prev_end = e
    flush()
    if "гиб" in text or "павш" in text or "кончал" in text or "прост" in text or "памят" in text \
            or "хорон" in text or "прощ" in text or "несовместим" in text:
        for n in out:
            if not n.kin_of_dead and _told_dead_here(text, n):
                n.kin_of_dead = True
    if "гибш" in text or "павш" in text or "кончавш" in text or "Геро" in text or "етеран" in text:
        for n in out:
            if _DEAD_KIN_BEFORE.search(text, max(0, n.start - 100), n.start):
                n.kin_of_dead = True  # «Его отец, погибший в 2022 году, Сергей Малахов»: the kinsman is dead
            elif _OLD_HERO_KIN_BEFORE.search(text, max(0, n.start - 90), n.start):
                # «Его прадед, Герой Советского Союза Пётр Игнатов»: an ancestor of an old war — left to the
                # old-war rules for the dead (an old war's hero is remembered, not counted)
                n.kin_of_dead = True
    if any(h in text for h in _BALKAN_GATE) and _BALKAN.search(text):
        for n in out:
            if n.surname is None and n.first_name and n.patronymic and n.case == "nomn" \
                    and not name_info(n.first_name)[1] and not extra_given_name(n.first_name):
                # «Доброволец из Сербии Деян Петрович»: a Balkan surname in -ович after a name no Russian bears
                n.surname, n.patronymic = n.patronymic, None
    if len(out) > 1:
        _patronymic_as_surname_in_lists(text, out)
    if "вич" in text:
        _vich_surname_after_given_name(text, out)
    return out


def _wrapped_surname(text: str, first: tuple, surname: str) -> bool:
    """The given name ends a line that has other words before it, and the surname on the next line agrees
    with it in case."""
    line_start = text.rfind("\n", 0, first[0]) + 1
    if not text[line_start: first[0]].strip() or not _STRONG_SURNAME.search(fold(surname)):
        return False
    return bool(name_info(first[2])[2] & _surname_cases(surname))


_RANK_ABBREVIATION = re.compile(r"[А-ЯЁа-яё]{1,3}-[а-яё]{1,2}$")
_DEMONYM = re.compile(r"(?:чан|лян|жан|рян)(?:ин|ина|ину|ином|ине|к[аиеу]|кой)$")


@lru_cache(maxsize=200_000)
def _surface_kind(w: str) -> str | None:
    """``word_kind`` of a token as written, None for words that cannot start a
    name. It depends on the word alone, so one dictionary lookup per token."""
    if len(w) < 2 or not w[0].isupper():
        return None
    if _RANK_ABBREVIATION.match(w):
        return None  # «С-т ЗАХАРЧЕНКО И.Г.», «Л-т Петров»: a rank, not a name
    if "-" in w and w[w.index("-") + 1: w.index("-") + 2].islower() and all(
            any(p.is_known and "NOUN" in p.tag and not {"Name", "Surn", "Patr", "Geox"} & p.tag.grammemes
                for p in parse(x)) for x in w.split("-", 1)):
        return None  # «Братья-близнецы Максим и Кирилл …», «Сёстры-медики»: two common nouns, no surname
    if is_capitalised(w):
        if _DEMONYM.search(w):
            return "X"  # «Кунгурянин Артём Сергеевич Лобанов», «Ижевчанка Анна …»: where he is from
        return word_kind(w)
    if w.isupper() and len(w) >= 3 and (_looks_like_caps_surname(w) or word_kind(w.capitalize()) in ("N", "P")
                                        or _STRONG_SURNAME.search(w.lower())):
        # «ЗАХАР ПЕТРЕНКО», «ЛОБАНОВ Денис»: a caps headline or surname.
        return word_kind(w.capitalize())
    return None


#: Korean-Russian surnames the dictionary reads as other words; a man's declines like «Пак» → «Пака».
_KOREAN_SURNAMES = ("пак", "хан", "нам", "шин", "пай", "кан", "тен", "тян", "хван", "чон", "чен", "югай", "огай")
_KOREAN_SURNAME_FORMS = frozenset(
    [w for w in _KOREAN_SURNAMES] + [w + e for w in _KOREAN_SURNAMES for e in ("а", "у", "ом", "е")] + ["ли"]
)
#: as written in the text (a set lookup per token, no case folding)
_KOREAN_SURNAME_CAPS = frozenset(f(w) for w in _KOREAN_SURNAME_FORMS for f in (str.capitalize, str.upper))


_AFTER_HERO = frozenset(("России", "Советского", "Труда", "ДНР", "ЛНР", "Донецкой", "Луганской"))


#: given names that are also dictionary words or places, taken as names only right before a surname
_WORD_GIVEN_NAMES = frozenset("канат орлан буян чечен аян тумен саян мерген алан баатар уран булат дамба айдар".split())


@lru_cache(maxsize=100_000)
def _word_given_name(word: str) -> frozenset[str] | None:
    """Cases of a word-name from ``_WORD_GIVEN_NAMES`` or ``GIVEN_NAMES_EXTRA`` in any case ending (Каната → gent)."""
    w = fold(word)
    if w in _WORD_GIVEN_NAMES or w in GIVEN_NAMES_EXTRA:
        return frozenset({"nomn", "accs"} if w[-1] not in _VOWELS else CASES)
    for ending, cases in _GIVEN_CASE_ENDINGS:
        base = w[: -len(ending)]
        if w.endswith(ending) and (base in _WORD_GIVEN_NAMES or base in GIVEN_NAMES_EXTRA) and base[-1] not in _VOWELS:
            return cases
    return None


def _token_kinds(text: str, tokens: list[tuple[int, int, str]]) -> list[str | None]:
    kinds: list[str | None] = [_surface_kind(w) for _, _, w in tokens]

    def joined(i: int) -> bool:
        return bool(_GAP.fullmatch(text[tokens[i][1]: tokens[i + 1][0]]))

    for i in (range(len(tokens) - 1) if "ызы" in text or "оглы" in text or "улы" in text or "угли" in text
              or "уулу" in text else ()):
        # Turkic patronymics: Azerbaijani оглы/кызы, Kazakh улы, Uzbek угли, Kyrgyz уулу
        if kinds[i] is not None and tokens[i + 1][2] in ("оглы", "кызы", "улы", "гызы", "угли", "уулу") and joined(i):
            kinds[i] = "P"
            if tokens[i + 1][2] in ("уулу", "кызы") and i >= 1 and kinds[i - 1] == "X" and joined(i - 1) \
                    and is_capitalised(tokens[i - 1][2]) and not _role_word(tokens[i - 1][2]) \
                    and all(p.tag.POS == "NOUN" for p in parse(tokens[i - 1][2])):
                kinds[i - 1] = "N?"  # «Улан Жумабек уулу»: the word before a Kyrgyz surname is his given name

    # An ordinary word right before a first name + patronymic, or before a
    # patronymic, is a surname or given name that happens to be a dictionary
    # word (Соболь Игорь Петрович, Тумэн Бальжинимаевич).
    # Each pass below visits only the tokens its rule starts from (listed once, in C-speed
    # comprehensions; a pass changes only the token it is at, so the list stays right).
    for i in [j for j, k in enumerate(kinds) if k in ("X", "G", "A")]:
        w = tokens[i][2]
        if i + 1 < len(kinds) and kinds[i + 1] == "P" and joined(i) and _noun_in_case(w, tokens[i + 1][2]) \
                and not _role_word(w):  # «Учительница Тамара Ивановна» is no surname
            kinds[i] = "N?"
        elif i + 1 < len(kinds) and kinds[i + 1] == "P" and joined(i) and i >= 1 and joined(i - 1) \
                and kinds[i - 1] in ("N?", "S", "A") and not _role_word(w):
            kinds[i] = "N?"  # «Ондар Чаян Маадырович»: between a surname and a patronymic stands a given name
        elif (i + 2 < len(kinds) and kinds[i + 1] in ("N", "N?") and kinds[i + 2] == "P" and joined(i)
              and joined(i + 1) and _noun_in_case(w, tokens[i + 2][2]) and not _role_word(w)
              and not (i + 3 < len(kinds) and kinds[i + 3] in ("S", "A", "G", "P") and joined(i + 2))):
            kinds[i] = "S"
        elif i >= 2 and kinds[i - 1] == "P" and kinds[i - 2] in ("N", "N?") and joined(i - 1) and joined(i - 2):
            kinds[i] = "S"
    if "вич" in text or "вн" in text or not any(c.isupper() for c in text[:300]):
        _lower_case_names(text, tokens, kinds, joined)
    # «Каната Монгуша», «Орлан Дашиев», «с Буяном Назаровым»: a given name of our list or a word-name of Siberia and
    # Central Asia that is also a word or place (канат, орлан, буян, чечен, саян), right before a surname in its case
    for i in [j for j, k in enumerate(kinds) if k in ("X", "G") and j + 1 < len(kinds)
              and kinds[j + 1] in ("S", "A", "G", "N?")]:
        word_name = _word_given_name(tokens[i][2])
        nxt = tokens[i + 1][2]
        if word_name and joined(i) and (_STRONG_SURNAME.search(fold(nxt)) or _tuvan(nxt)) \
                and word_name & _surname_cases(nxt) and is_capitalised(tokens[i][2]):
            kinds[i] = "N?"
    # «Орлан Ондар», «Монгуш Буян»: a given name that is also a word (орлан, буян), next to a Tuvan clan name
    for i in [j for j, k in enumerate(kinds) if k == "X" and tokens[j][2][0].isupper()]:
        w = tokens[i][2]
        if (i + 1 < len(kinds) and joined(i) and kinds[i + 1] is not None and _tuvan(tokens[i + 1][2])
                or i >= 1 and joined(i - 1) and kinds[i - 1] is not None and _tuvan(tokens[i - 1][2])) \
                and is_capitalised(w) and not _role_word(w) \
                and all(p.tag.POS == "NOUN" and p.tag.animacy == "anim" for p in parse(w)):
            kinds[i] = "N?"  # (a living being's word, as the names are: not «Гибель Кужугета Айдына»)
    # «Герой России», «Героя Советского Союза»: a title, not a name.
    for i in [j - 1 for j in range(1, len(tokens)) if tokens[j][2] in _AFTER_HERO]:
        # The title word is tested first: it is rare, lower() on every token is not.
        if tokens[i][2].lower().startswith("геро"):
            kinds[i] = kinds[i + 1] = None
    # A dictionary word shaped like a surname right next to a known first name
    # (Максим Шутов, Шутов Максим) is the surname.
    for i in [j for j, k in enumerate(kinds) if k in ("X", "G")]:
        if not _STRONG_SURNAME.search(fold(tokens[i][2])) and not _ski_surname_after_name(text, tokens, kinds, i):
            continue
        if _role_word(tokens[i][2]):
            continue
        if (i + 1 < len(kinds) and kinds[i + 1] == "N" and joined(i)) or (i >= 1 and kinds[i - 1] == "N" and (
                joined(i - 1) or _AFTER_BRACKET.fullmatch(text, tokens[i - 1][1], tokens[i][0]))):
            kinds[i] = "S"  # (also after a pet name in brackets: «С Андреем (Андрюшей) Лыковым»)
    # Short Korean surnames that are also Russian words (Пак, Хан, Нам, Шин): a surname beside a given name.
    for i in [j for j, k in enumerate(kinds) if k == "X" and tokens[j][2] in _KOREAN_SURNAME_CAPS]:
        if (i + 1 < len(kinds) and kinds[i + 1] == "N" and joined(i)) or (i >= 1 and kinds[i - 1] == "N"
                                                                          and joined(i - 1)):
            kinds[i] = "S"
    # «ПОГИБ МАКСИМ ТКАЧ», «ПРОСТИЛИСЬ С ОЛЕГОМ КРАВЦОМ»: in capitals a word right after a given name in capitals is
    # read as a capitalised one would be — a man's noun or an adjective is put to the rules below, an unknown word
    # (of four letters or more) is a surname (no capital tells a name here: not «АХМАТ СИЛА», a slogan)
    for i in [j for j in range(1, len(kinds)) if kinds[j] is None and kinds[j - 1] == "N"
              and len(tokens[j][2]) >= 3 and tokens[j][2].isupper() and tokens[j - 1][2].isupper()]:
        kind = word_kind(tokens[i][2].capitalize())
        if joined(i - 1) and (kind == "X" and _caps_word_surname(tokens[i][2])
                              or kind == "S" and len(tokens[i][2]) >= 4):
            kinds[i] = kind
    # A common noun as a surname (Лев Журавль, Павел Соловей): capitalised mid-sentence right after a
    # known first name, both in the nominative.
    for i in [j for j in range(1, len(kinds)) if kinds[j] == "X"]:
        if kinds[i - 1] != "N" or not joined(i - 1) or _role_word(tokens[i][2]) or _SAINT_EPITHET.match(tokens[i][2]):
            continue
        if re.search(r"[.!?\n]\s*$", text[max(0, tokens[i - 1][0] - 3): tokens[i - 1][0]]) is None and i >= 2 \
                and kinds[i - 2] not in (None, "X") and joined(i - 2) \
                and not (kinds[i - 2] == "G" and (not _place_agrees(tokens[i - 2][2], tokens[i - 1][2]) or _ORIGIN_BEFORE.search(
                    text, max(0, tokens[i - 2][0] - 16), tokens[i - 2][0]))):
            # inside a longer capitalised run: leave it to the other rules (a dictionary word before the
            # name — «Похоронили Дмитрия Ткача» — or a list item before — «(Шахты), Виктора Лозы» — is no run)
            continue
        # In the nominative, or in the instrumental after a name in the instrumental (Ильёй Лебедем,
        # Никитой Зайцем): that form is unambiguous and the dictionary gives the noun's nominative
        # (other oblique forms, Журавле, Соловью, are not safe).
        # Genitive and accusative too when the noun declines like a surname in -а (Виктора Гайдамаки,
        # Романа Гайдамаку → Гайдамака).
        name_cases = name_info(tokens[i - 1][2])[2]
        cases = name_cases & {"nomn", "ablt", "gent", "accs", "loct", "datv"}
        if _adjective_surname_after(tokens[i][2], tokens[i - 1][2]) \
                and not _NEXT_CAPITALISED.match(text, tokens[i][1]) and not _PLACE_ADJECTIVE.search(tokens[i][2]) \
                and (not any(p.is_known and "Name" not in p.tag for p in parse(tokens[i - 1][2]))
                     # «с Романом Весёлым», «Артёма Мирного»: a man's name that is also a word or a place
                     # (not «Аллея Славы Северного кладбища»)
                     or name_info(tokens[i - 1][2])[3] == "masc" and not fold(tokens[i - 1][2]).startswith("слав")) \
                and not _adjective_of_next_noun(text, tokens, i):
            # «Ивана Рыжего», «с Иваном Белым»: an adjective as a surname, in the given name's oblique case
            # (not «Нижнего Новгорода» after a name: a capitalised word follows; not a saint's «Стефана
            # Пермского»: -ский surnames have rules of their own; not «Аллея Славы Северного кладбища»: the
            # name is a word too, and the adjective goes with the noun after it)
            kinds[i] = "S"
        elif any("NOUN" in p.tag and "sing" in p.tag and p.tag.case in cases and "Geox" not in p.tag
               and "Name" not in p.tag and (p.tag.case in ("nomn", "ablt") or p.normal_form.endswith(("а", "я")) and (
                   p.tag.case != "loct" or _ABOUT_BEFORE.search(text, max(0, tokens[i - 1][0] - 4), tokens[i - 1][0]))
                                            # «Виталия Кучера», «Романа Волка»: an animate masculine noun's
                                            # genitive is unambiguous too
                                            or ("anim" in p.tag and "masc" in p.tag and p.tag.case in ("gent", "accs"))
                                            # «Светлая память Айдару Мельнику», «Ивану Орлу»: a masculine noun's
                                            # dative after a name in the dative
                                            or ("masc" in p.tag and p.tag.case == "datv")
                                            # «о Дмитрии Гусе», «о Павле Сверчке»: and its locative after «о»
                                            or ("anim" in p.tag and "masc" in p.tag and p.tag.case == "loct"
                                                and _ABOUT_BEFORE.search(text, max(0, tokens[i - 1][0] - 4),
                                                                         tokens[i - 1][0]))
                                            # «Павла Гребня», «Сергея Ремня»: a lifeless noun's genitive is
                                            # unambiguous when its vowel fled (гребень → гребня)
                                            or ("inan" in p.tag and "masc" in p.tag and p.tag.case == "gent"
                                                and not fold(p.normal_form).startswith(fold(tokens[i][2])[:-1]))
                                            # «Максима Мая», «Ивана Руля»: and so is -я from a noun in -й/-ь
                                            # (the month, the wheel: no surname of a man ends so in -я)
                                            or ("inan" in p.tag and "masc" in p.tag and p.tag.case == "gent"
                                                and p.normal_form.endswith(("й", "ь"))
                                                and tokens[i][2].endswith("я")))
               for p in parse(tokens[i][2])):
            kinds[i] = "S"
        elif name_info(tokens[i - 1][2])[3] == "femn" and name_info(tokens[i - 1][2])[0] \
                and "nomn" not in name_cases and tokens[i][2][-1] not in _VOWELS \
                and not _NEXT_CAPITALISED.match(text, tokens[i][1]) \
                and any("NOUN" in p.tag and "masc" in p.tag and "sing" in p.tag and p.tag.case == "nomn"
                        and "Geox" not in p.tag and "Name" not in p.tag for p in parse(tokens[i][2])):
            # «с Ольгой Мельник», «медсестры Елены Коваль»: a woman's surname that is a man's noun does not
            # decline; it stands in its nominative after her name in any case
            kinds[i] = "S"
        elif ("gent" in cases and re.search(r"[^аеёиоуыэюя][ыи]$", tokens[i][2])) or (
                "accs" in cases and re.search(r"[^аеёиоуыэюя][ую]$", tokens[i][2])):
            # «Романа Гайдамаку», «Виктора Гайдамаки»: an -а surname the dictionary knows only as a
            # word in another form; its ending agrees with the given name's case.
            kinds[i] = "S"
    # «Похоронили Ткача Олега», «Простились с Мельником Андреем Ивановичем»: the surname first, a noun in an oblique
    # case, right before a man's known given name in the same case (mid-sentence: a capital there is the name's)
    for i in [j for j in range(1, len(kinds) - 1) if kinds[j] == "X" and kinds[j + 1] == "N"]:
        w = tokens[i][2]
        if not is_capitalised(w) or not joined(i) or _role_word(w) \
                or re.search(r"[.!?…\n:;]\s*$", text[max(0, tokens[i][0] - 3): tokens[i][0]]):
            continue
        if _oblique_noun_surname_before(w, tokens[i + 1][2]) \
                and not (i + 2 < len(kinds) and kinds[i + 2] in ("S", "A", "G") and joined(i + 1)):
            kinds[i] = "S"
    return kinds


@lru_cache(maxsize=100_000)
def _caps_word_surname(word: str) -> bool:
    """A dictionary word in capitals that may be a man's surname: an animate masculine noun (ТКАЧ) or an adjective
    (НАГОРНОГО), not a thing (СИЛА)."""
    return any(p.is_known and ("NOUN" in p.tag and "anim" in p.tag and "masc" in p.tag or "ADJF" in p.tag)
               for p in parse(word))


@lru_cache(maxsize=100_000)
def _oblique_noun_surname_before(word: str, given: str) -> bool:
    """``word`` is an animate masculine noun in an oblique case the man's given name after it also stands in
    (Ткача Олега, Мельником Андреем): no other reading of a capital mid-sentence fits."""
    _, _, name_cases, gender = name_info(given)
    if gender != "masc":
        return False
    parses = [p for p in parse(word) if p.is_known]
    cases = {p.tag.case for p in parses if "NOUN" in p.tag and "anim" in p.tag and "masc" in p.tag and "sing" in p.tag
             and "Name" not in p.tag and "Geox" not in p.tag}
    return bool(cases & (name_cases - {"nomn"})) and not any(
        p.tag.case == "nomn" or "Name" in p.tag or "Geox" in p.tag for p in parses)


_NEXT_CAPITALISED = re.compile(r"[ \t]+[А-ЯЁ]")


@lru_cache(maxsize=100_000)
def _adjective_surname_after(word: str, given: str) -> bool:
    """The dictionary adjective ``word`` can be the surname of a person named ``given`` just before it: in the given
    name's case and gender («Ивана Рыжего», «с Иваном Белым», «Ольга Нагорная»; a trait adjective in the nominative
    too — «погиб Николай Белый» —, not a ruler's epithet), or a man's nominative in stressed -ой that the dictionary
    knows only as a woman's oblique form of an adjective in -ый («Николай Бережной»: no other reading fits him)."""
    _, _, name_cases, gender = name_info(given)
    gender = gender or "masc"
    parses = [p for p in parse(word) if p.is_known]
    if any("ADJF" in p.tag and gender in p.tag and "sing" in p.tag and p.tag.case in name_cases
           and (p.tag.case != "nomn" or "Qual" in p.tag and fold(p.normal_form) not in _RULERS_EPITHETS)
           and "Geox" not in p.tag for p in parses):
        return True
    return (gender == "masc" and "nomn" in name_cases and fold(word).endswith("ой") and bool(parses)
            and all("ADJF" in p.tag and "femn" in p.tag and "Apro" not in p.tag and "Anum" not in p.tag
                    and "Geox" not in p.tag for p in parses))
_AFTER_BRACKET = re.compile(r"\)[ \t]+")
_ABOUT_BEFORE = re.compile(r"(?<![А-ЯЁа-яё])[Оо](?:б|бо)?[ \t]+$")
_SKI_OBLIQUE = re.compile(r"(?:ск|цк)(?:ого|ому|им|ом)$")
#: Epithets of princes and saints that churches, streets and orders are named after
#: «Пётр Великий», «Иван Грозный»: a ruler's epithet, not a surname in the nominative
_RULERS_EPITHETS = frozenset("великий грозный мудрый тишайший святой красный тёмный темный молодой новый первый "
                             "второй третий последний".split())
_EPITHETS = frozenset("невского донского радонежского саровского мудрого пермского московского".split())
_EPITHET_STEMS = frozenset(e[:-3] for e in _EPITHETS) | {"петербургск", "киевск", "казанск", "смоленск", "иверск"}
_SKA_FEMININE = re.compile(r"(?:ск|цк)(?:ая|ой|ую)$")


def _ski_surname_after_name(text: str, tokens: list[tuple[int, int, str]], kinds: list[str | None], i: int) -> bool:
    """«с Прокопием Дьячковским»: an adjective in -ский the dictionary knows (дьячковский), after a known given
    name in the same oblique case, is his surname — not a saint's or prince's epithet, not an adjective of
    the next noun («Ивана Сусанина Костромского района»)."""
    w = tokens[i][2]
    feminine = _SKA_FEMININE.search(w)
    if i < 1 or kinds[i - 1] != "N" or not (feminine or _SKI_OBLIQUE.search(w)) or fold(w) in _EPITHETS \
            or not _GAP.fullmatch(text[tokens[i - 1][1]: tokens[i][0]]) or _NEXT_CAPITALISED.match(text, tokens[i][1]) \
            or _adjective_of_next_noun(text, tokens, i):
        return False
    if feminine:
        # «связистка Наталья Дьячковская», «с Натальей Дьячковской»: a woman's -ская in her given name's case,
        # in any case (a woman's -ская is no prince's epithet; not «Матрона Московская», a saint's)
        _, _, cases, gender = name_info(tokens[i - 1][2])
        return gender == "femn" and fold(w)[: feminine.start() + 2] not in _EPITHET_STEMS and any(
            "ADJF" in p.tag and "femn" in p.tag and p.tag.case in cases for p in parse(w))
    cases = name_info(tokens[i - 1][2])[2] - {"nomn"}
    return any("ADJF" in p.tag and "masc" in p.tag and p.tag.case in cases for p in parse(w))


_CONJUNCTIONS = frozenset(("и", "а", "или", "но", "да"))


def _adjective_of_next_noun(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """The word after token i is a noun in a case token i (an adjective) can agree with."""
    if i + 1 >= len(tokens) or not re.fullmatch(r"[ \t]+", text[tokens[i][1]: tokens[i + 1][0]]) \
            or tokens[i + 1][2] in _CONJUNCTIONS:
        return False  # («Игоря Лютого и Сергея Белого»: «и» is no noun)
    cases = {p.tag.case for p in parse(tokens[i][2]) if "ADJF" in p.tag}
    return any("NOUN" in p.tag and p.tag.case in cases for p in parse(tokens[i + 1][2]))
# «храм Николая Чудотворца», «церковь Иоанна Крестителя»: a saint's epithet, not his surname
_SAINT_EPITHET = re.compile(r"(?:Чудотвор|Угодни|Крестител|Богослов|Победонос|Целител|Исповедни|Мучени|Страстотерп"
                            r"|Предтеч|Златоуст|Милостив|Первозванн)")
_PLACE_ADJECTIVE = re.compile(r"(?:ск|цк)(?:ого|ому|им|ом)$")


#: Ranks, roles and descriptions that stand before a name at the start of a
#: sentence («Рядовой Андрей Николаевич Сомов»): never a surname.
_TITLE_WORD = re.compile(
    r"^(?:рядов\w+|ефрейтор\w*|сержант\w*|младш\w+|старш\w+|лейтенант\w*|капитан\w*|майор\w*|подполковник\w*"
    r"|полковник\w*|генерал\w*|старшин\w+|прапорщик\w*|мичман\w*|матрос\w*|гвардии|бо[еий]ц\w*|бойц\w+|стрел[оk]к\w*"
    r"|стрелк\w+|солдат\w*|военнослужащ\w+|мобилизованн\w+|доброволец|добровольц\w+|контрактник\w*|земляк\w*"
    r"|житель\w*|жител[юяей]\w*|уроженц?\w*|погибш\w+|геро[йяюе]\w*|командир\w*|наводчик\w*|снайпер\w*|механик\w*"
    r"|водител\w+|разведчик\w*|санинструктор\w*|пулем[её]тчик\w*|гранат[оа]м[её]тчик\w*|сапёр\w*|сапер\w*"
    r"|штурмовик\w*|десантник\w*|морпех\w*|танкист\w*|артиллерист\w*|связист\w*|медик\w*|фельдшер\w*"
    r"|участник\w*|ветеран\w*|выпускник\w*|учени\w+|сотрудник\w*|лётчик\w*|летчик\w*|оператор\w*)$"
)


@lru_cache(maxsize=100_000)
def _role_word(word: str) -> bool:
    """A rank, description or role (Рядовой, Учительница, Глава): never a surname beside a name."""
    w = word.lower()
    # (family words too: «Сын Ильдара Рустамовича, Тимур» is no surname)
    return bool(_TITLE_WORD.match(w) or LIVING_BEFORE.match(w) or LIVING_IF_OF_DEAD.match(w) or _DEMONYM.search(w))


_LOWER_PATRONYMIC = re.compile(r"(?:ович|евич|овна|евна)(?:а|у|ем|е|ы|ой)?$")


@lru_cache(maxsize=100_000)
def _lower_patronymic(word: str) -> bool:
    return word.islower() and _LOWER_PATRONYMIC.search(word) is not None


def _lower_case_names(text: str, tokens: list[tuple[int, int, str]], kinds: list[str | None], joined) -> None:
    """«погиб наш земляк монгуш айдыс маадыр-оолович»: posts typed without capitals. A lower-case
    patronymic is unmistakable; it and the name words next to it are read as if capitalised."""
    # The word tests first, in one comprehension over the tokens (cached by word); kinds are
    # read in the loop, since it changes them.
    for i in [k for k, t in enumerate(tokens) if len(t[2]) >= 7 and _lower_patronymic(t[2])]:
        w = tokens[i][2]
        if kinds[i] is not None:
            continue
        if word_kind(w.capitalize()) != "P" or any(p.is_known and "Patr" not in p.tag and "Surn" not in p.tag
                                                   for p in parse(w)):
            continue
        kinds[i] = "P"
        for j in (i - 1, i - 2):
            if j < 0 or not joined(j) or kinds[j] is not None or not tokens[j][2].islower():
                break
            kind = word_kind(tokens[j][2].capitalize())
            if kind not in ("N", "N?", "S", "G", "A"):
                break
            kinds[j] = kind
        k = i + 1
        if k < len(tokens) and joined(i) and kinds[k] is None and tokens[k][2].islower() \
                and _STRONG_SURNAME.search(tokens[k][2]) and word_kind(tokens[k][2].capitalize()) in ("S", "A", "N?"):
            kinds[k] = word_kind(tokens[k][2].capitalize())
    capitals = sum(map(str.isupper, [t[2][0] for t in tokens]))  # tokens are never empty
    if capitals * 20 > len(tokens):
        return
    # A post with (almost) no capitals at all: a given name the dictionary knows (or a diminutive) next to
    # a word shaped like a surname that the dictionary does not know (саше мельникову, иван петров).
    for i in range(len(tokens) - 1):
        w, j = tokens[i][2], i + 1
        if tokens[j][2] in _POSSESSIVES and j + 1 < len(tokens) and joined(j) and kinds[j] is None:
            j += 1  # «вовка наш мамаев»: a possessive between the given name and the surname
        nxt = tokens[j][2]
        if kinds[i] is not None or kinds[j] is not None or not joined(i) or len(nxt) < 4:
            continue
        first, sur = w.capitalize(), nxt.capitalize()
        if (word_kind(first) != "N" and w not in _DIMINUTIVE_CASES) or word_kind(sur) not in ("S", "N?") or not (
                _STRONG_SURNAME.search(nxt) or _PLURAL_SURNAME.search(nxt)
                or any(p.is_known and "Surn" in p.tag for p in parse(sur))):
            continue  # (a surname the dictionary knows as one, «женя кравец», needs no surname suffix)
        if any(p.is_known and "Name" not in p.tag for p in parse(w)) and fold(w) not in _DIMINUTIVE_CASES:
            continue  # «вера», «надежда», «роман» are words too
        kinds[i], kinds[j] = "N", word_kind(sur)
        if j > i + 1:
            kinds[i + 1] = "_"  # skipped inside the name (find_names joins over it)


_POSSESSIVES = frozenset(("наш", "мой", "твой", "нашего", "моего", "нашему", "моему", "нашим", "моим"))


_LIST_GAP = re.compile(r"\s*(?:,|и|,\s*и)\s*")


#: Patronymics of the common Russian given names: «Иваном Петровичем и Олегом Сидоровым» is a man named by
#: his given name and patronymic beside one named in full, not a «Петрович» (folded, nominative).
_COMMON_PATRONYMICS = frozenset("""
александрович алексеевич анатольевич андреевич антонович аркадьевич арсеньевич артемович артурович
афанасьевич богданович борисович вадимович валентинович валерьевич васильевич вениаминович викторович
витальевич владимирович владиславович всеволодович вячеславович геннадьевич георгиевич германович глебович
григорьевич давидович даниилович данилович демьянович денисович дмитриевич евгеньевич ефимович захарович
иванович игоревич ильдарович ильич иннокентьевич кириллович константинович кузьмич леонидович львович
макарович максимович маратович маркович матвеевич михайлович назарович никитич николаевич олегович
павлович петрович платонович радикович рамилевич ринатович родионович романович ростиславович русланович
рустамович семенович сергеевич станиславович степанович тарасович тимофеевич тимурович федорович
филиппович эдуардович юрьевич яковлевич ярославович
""".split())


def _patronymic_as_surname_in_lists(text: str, found: list[NameParts]) -> None:
    """«Павла Лукашевича, Игоря Жука и Степана Кудели»: in a list of «Имя Фамилия» items, an item that reads
    as «Имя Отчество» carries a surname in -ович/-евич (Лукашевич, Станкевич) — unless it is the patronymic
    of a common given name (Петрович, Сергеевич): then he is named without his surname."""
    for k, n in enumerate(found):
        if n.surname or not n.first_name or not n.patronymic or n.gender != "masc" or len(n.tokens) != 2 \
                or " " in n.patronymic or fold(n.patronymic) in _COMMON_PATRONYMICS:
            continue
        neighbours = [m for m in (found[k - 1] if k else None, found[k + 1] if k + 1 < len(found) else None)
                      if m is not None and m.surname and m.first_name and not m.patronymic and m.case == n.case]
        if any(_LIST_GAP.fullmatch(text[min(m.end, n.end): max(m.start, n.start)]) for m in neighbours):
            word = n.tokens[1][2]
            n.surname, n.patronymic = surname_nominative(word, n.case, "masc"), None


_PATRONYMIC_BASE = re.compile(r"(.+?)(?:ов|ев|ёв)ич$")


@lru_cache(maxsize=100_000)
def _father_name_known(patronymic: str) -> bool:
    """The patronymic is made from a given name the dictionary (or our list) knows: Ильдарович, Сергеевич,
    Юрьевич, Лукашевич — but not Рабинович, Янкович (no «Рабин», «Янк»)."""
    w = fold(patronymic)
    m = _PATRONYMIC_BASE.match(w)
    if m is None or "-" in w:
        return True  # Ильич, Кузьмич; Маадыр-оолович, Ахмат-Хаджиевич
    base = m.group(1)
    candidates = {base, base + "ь", base + "й", base[:-1] + "ий" if base.endswith("ь") else base}
    return any(c in GIVEN_NAMES_EXTRA or any(p.is_known and "Name" in p.tag for p in parse(c.capitalize()))
               for c in candidates)


def _vich_surname_after_given_name(text: str, found: list[NameParts]) -> None:
    """«простились с Ильёй Рабиновичем»: a given name and a word in -ович/-евич with no surname anywhere is
    a given name and a surname when that word is no patronymic of a known given name, or when the text also
    names him by that word alone («Лукашевич погиб»). A Russian given name is required: beside a
    Buryat or Central Asian name an unknown patronymic is more likely his father's name."""
    for n in found:
        if n.surname or not n.first_name or not n.patronymic or n.gender != "masc" or len(n.tokens) != 2 \
                or " " in n.patronymic or n.tokens[0][0] > n.tokens[1][0]:
            continue
        patr, first_word = fold(n.patronymic), n.tokens[0][2]
        if patr in _COMMON_PATRONYMICS or extra_given_name(first_word) or not name_info(first_word)[0]:
            continue
        if any(m is not n and m.surname and fold(m.first_name) == fold(n.first_name)
               and fold(m.patronymic) == patr for m in found):
            continue  # «Андрея Викторовича Гусева … Андрея Викторовича помнят»: named in full elsewhere
        if _father_name_known(patr) and not _named_alone(text, n.patronymic, n.tokens[1][0]) \
                and not _TITLE_BEFORE.search(text, max(0, n.start - 40), n.start):
            continue
        n.surname, n.patronymic = surname_nominative(n.tokens[1][2], n.case, "masc"), None


# «рядовой Лев Янкелевич»: a rank or a soldier's description names him with his surname
_TITLE_BEFORE = re.compile(
    r"(?<![А-ЯЁа-яё])(?i:рядово\w*|ефрейтор\w*|сержант\w*|лейтенант\w*|капитан\w*|майор\w*|прапорщик\w*"
    r"|старшин\w+|бойц\w*|боец|военнослужащ\w+|мобилизованн\w+|доброволец|добровольц\w+|контрактник\w*"
    r"|штурмовик\w*|снайпер\w*|стрелок|стрелк\w+|разведчик\w*|десантник\w*|гвардии)[ \t]+$"
)


def _named_alone(text: str, nominative: str, skip: int) -> bool:
    """The word (in any case) stands elsewhere in the text capitalised with no given name before it."""
    stem = nominative[:-1]  # Лукашевич → «Лукашеви» + ч/ча/чу/чем/че
    for m in re.finditer(re.escape(stem) + r"ч(?:а|у|ем|е)?(?![а-яё])", text):
        if m.start() == skip:
            continue
        before = text[max(0, m.start() - 30): m.start()]
        prev = re.search(r"([А-ЯЁа-яё-]+)[ \t]*$", before)
        if prev is None or not (prev.group(1)[:1].isupper() and name_info(prev.group(1))[1]):
            return True
    return False


def _noun_in_case(word: str, patronymic: str) -> bool:
    """A dictionary noun can stand in a name (Мороз Игорь Петрович) only in the
    case the patronymic shows; a verb or a genitive complement cannot."""
    info = patronymic_cases(patronymic)
    if not info:
        return False
    cases = info[1]
    if info[0] == "masc" and "accs" in cases:
        # a man's accusative has the genitive's form: «Мороза Игоря Петровича», never «Память Егора Мицкевича»
        cases = cases - {"accs"}
    parses = parse(word.capitalize() if word.isupper() else word)
    if any(p.is_known and "VERB" in p.tag for p in parses):
        return False  # «Погиб Аркадий Петрович 12 декабря»: the verb, though «погиб» is a noun too
    for p in parses:
        # (not a pronoun: «Это Айдын Орланович Монгуш», «Наш Ильнур Рашитович …»)
        if ("NOUN" in p.tag or ("ADJF" in p.tag and "Apro" not in p.tag)) and p.tag.case in cases \
                and "plur" not in p.tag:
            return True
    return False


def _looks_like_caps_surname(word: str) -> bool:
    return bool(_SURNAME_SUFFIX.search(word.lower()))


def _interpret(run: list[tuple[int, int, str, str]]) -> list[NameParts]:
    kinds = [k for *_, k in run]
    words = [w for _, _, w, _ in run]
    n = len(run)
    results: list[NameParts] = []
    # Anchor on patronymics: F I O or I O F (or I O alone).
    used = [False] * n
    for i, k in enumerate(kinds):
        if k != "P" or used[i]:
            continue
        if _KYRGYZ_SURNAME.search(words[i]) and i + 1 < n and kinds[i + 1] in ("N", "N?") and not used[i + 1] \
                and not (i >= 1 and kinds[i - 1] in ("N", "N?") and not used[i - 1]):
            # «Асанбек уулу Бакыт»: the father's name with «уулу» stands first, as the surname does
            used[i] = used[i + 1] = True
            results.append(_make(run, None, i + 1, i))
            continue
        if " " in words[i] and i >= 2 and kinds[i - 1] in ("S", "A", "N?") and kinds[i - 2] in ("N", "N?") \
                and not used[i - 1] and not used[i - 2] and _STRONG_SURNAME.search(fold(words[i - 1])) \
                and (kinds[i - 2] == "N" or not _STRONG_SURNAME.search(fold(words[i - 2]))):
            # «с Бахромом Умаровым Хасан угли»: given name, surname, then the father's name with its particle
            used[i] = used[i - 1] = used[i - 2] = True
            results.append(_make(run, i - 1, i - 2, i))
            continue
        if i >= 1 and kinds[i - 1] in ("N", "N?", "S", "G") and not used[i - 1]:
            first_i = i - 1
            # («Рабинович Михаил Аронович»: a surname in -вич before the given name, when no name precedes it)
            before = i - 2 if i >= 2 and not used[i - 2] and (
                kinds[i - 2] != "P" or i == 2 or kinds[i - 3] not in ("N", "N?")) else None
            if before is not None and before >= 1 and not used[before - 1] and kinds[before - 1] == "N" \
                    and _given_name_of_other(words[before - 1], words[before], words[first_i], words[i]):
                before = None  # «Мама погибшего Андрея Кузнецова Татьяна Ивановна»: his name, then hers
            after = i + 1 if i + 1 < n and kinds[i + 1] in ("S", "N?", "N", "A", "G") and not used[i + 1] else None
            if after is None and i + 1 < n and kinds[i + 1] == "P" and kinds[first_i] in ("N", "N?") \
                    and not used[i + 1] and (i + 2 >= n or kinds[i + 2] != "P"):
                after = i + 1  # «Льва Марковича Гуревича»: a surname in -вич after the patronymic
            # Фамилия Имя Отчество unless the word after the patronymic is the
            # better surname (старший лейтенант Росгвардии Виталий Олегович Черных).
            sur_i = before
            if after is not None and (before is None or _surname_score(words[after], kinds[after])
                                      > _surname_score(words[before], kinds[before])):
                sur_i = after
            idx = [j for j in (sur_i, first_i, i) if j is not None]
            for j in idx:
                used[j] = True
            results.append(_make(run, sur_i, first_i, i))
    rest = [j for j in range(n) if not used[j]]
    # Without a patronymic: the best-scoring adjacent pairs (first name + surname).
    pairs = []
    for a, b in zip(rest, rest[1:]):
        if b != a + 1:
            continue
        scored = _pair(words[a], kinds[a], words[b], kinds[b])
        if scored:
            score, sur_first = scored
            pairs.append((score, a, b, sur_first))
    taken: set[int] = set()
    # On a tie the given name comes first (Алексинец Виталий Горобец: «Виталий Горобец», the first word
    # is a demonym); in lists of «Фамилия Имя» each pair is a run of its own.
    for _score, a, b, sur_first in sorted(pairs, key=lambda x: (-x[0], x[3], x[1])):
        if a in taken or b in taken:
            continue
        taken |= {a, b}
        results.append(_make(run, a, b, None) if sur_first else _make(run, b, a, None))
    results.sort(key=lambda r: r.start)
    return results


def _given_name_of_other(given: str, surname: str, first: str, patronymic: str) -> bool:
    """«Андрея Кузнецова Татьяна Ивановна»: the surname before «Имя Отчество» belongs to the given name before it
    when those two agree in a case that neither the next given name nor the patronymic is in."""
    g0, g1, pc = _name_case_genders(given), _name_case_genders(first), patronymic_cases(patronymic)
    cases0 = {c for c, _ in g0}
    return bool(g0 and g1 and pc and not (g0 & g1) and not (cases0 & pc[1]) and cases0 & _surname_cases(surname)
                and not cases0 & {c for c, _ in g1})


def _surname_score(word: str, kind: str) -> int:
    if kind in ("S", "A") and _STRONG_SURNAME.search(fold(word)):
        return 3
    return {"A": 3, "S": 2, "N?": 1, "N": 1}.get(kind, 0)


_OBLIQUE_PAIR = re.compile(r"(?:ом|ем|ым|им)$|(?:[аяу]|ю)$")


def _same_ending(a: str, b: str) -> bool:
    ea = re.search(r"(ом|ем|ым|им|а|я|у|ю)$", a)
    eb = re.search(r"(ом|ем|ым|им|а|я|у|ю)$", b)
    if not (ea and eb):
        return False
    groups = ({"ом", "ем", "ым", "им"}, {"а", "я"}, {"у", "ю"})
    return any(ea.group(1) in g and eb.group(1) in g for g in groups)


#: Tuvan clan names used as surnames: short, and unknown to the dictionary.
TUVAN_SURNAMES = frozenset(
    "ооржак монгуш куулар ондар донгак сат хертек салчак иргит кужугет саая седип тулуш ховалыг чооду оюн "
    "хомушку соян ламажап араптан кыргыс дажы сарыглар тюлюш маады шойгу ак биче-оол тас-оол чамзырын".split()
)


@lru_cache(maxsize=100_000)
def _tuvan(word: str) -> bool:
    w = fold(word)
    return w in TUVAN_SURNAMES or re.sub(r"(?:а|у|ом|ем|е|ым)$", "", w) in TUVAN_SURNAMES


@lru_cache(maxsize=100_000)
def _common_surname(word: str) -> bool:
    """The dictionary gives the word a surname reading of real weight (Ким, Цой; not Роман, Лев)."""
    return sum(p.score for p in parse(word) if "Surn" in p.tag and p.is_known) >= 0.2


@lru_cache(maxsize=100_000)
def _surname_reading(word: str) -> bool:
    return any(p.is_known and "Surn" in p.tag for p in parse(word))


@lru_cache(maxsize=100_000)
def _name_case_genders(word: str) -> frozenset[tuple[str, str]]:
    """(case, gender) readings of a given name (our list's names are men's)."""
    extra = extra_given_name(word) if not any(p.is_known and "Name" in p.tag for p in parse(word)) else None
    if extra:
        return frozenset((c, "femn" if extra[0] in GIVEN_NAMES_EXTRA_F else "masc") for c in extra[1])
    return frozenset((p.tag.case, str(p.tag.gender)) for p in parse(word)
                     if p.is_known and "Name" in p.tag and "sing" in p.tag and p.tag.case) \
        | frozenset((c, "masc") for c in _mens_list_reading(word) or ())


@lru_cache(maxsize=100_000)
def _place_agrees(place: str, name: str) -> bool:
    """A place name (kind G) can be the surname beside a given name only in a case the name is in (Канев Олег;
    not «Казани Олег», «Кирова Пётр»: the town's genitive before a nominative)."""
    cases = {p.tag.case for p in parse(place) if p.is_known and "NOUN" in p.tag}
    return not cases or "Fixd" in str(parse(place)[0].tag) or bool(cases & name_info(name)[2])


def _pair(wa: str, ka: str, wb: str, kb: str) -> tuple[int, bool] | None:
    """(score, surname comes first) for two adjacent capitalised words, or None."""
    fa, fb = fold(wa), fold(wb)
    if re.search(r"-оол(?:а|у|ом|е)?$", fb):
        return 5, True  # Tuvan: clan name first (Сат Начын-оол, Ооржак Алдын-оол)
    if re.search(r"-оол(?:а|у|ом|е)?$", fa):
        return 5, False
    sa, sb = bool(_STRONG_SURNAME.search(fa)) or _tuvan(wa), bool(_STRONG_SURNAME.search(fb)) or _tuvan(wb)
    if re.match(r"божи", fa) or re.match(r"божи", fb):
        return None  # «рабов Божиих Александра»: a prayer formula, not a surname
    name_a, name_b = ka == "N", kb == "N"
    if (ka == "G" and name_b and not _place_agrees(wa, wb)) or (kb == "G" and name_a and not _place_agrees(wb, wa)):
        return None  # «Житель Казани Олег Ткач»: a town in a case the name is not in is no surname of his
    tuvan_a, tuvan_b = _tuvan(wa), _tuvan(wb)
    if tuvan_a != tuvan_b and ka in ("N", "N?", "S", "G") and kb in ("N", "N?", "S", "G"):
        # «Начын Ооржак», «Монгуш Айдыс»: a clan name beside a name the dictionary does not know (or that
        # the dictionary takes for a given name: «Кужугета Айдына»).
        return 3, tuvan_a
    sur_a = ka in ("S", "A") or sa
    sur_b = kb in ("S", "A") or sb
    if name_a and not name_b and (sur_b or kb in ("N?", "G")):
        return (4 if sb or kb == "A" else 3), False
    if name_b and not name_a and (sur_a or ka in ("N?", "G")):
        if ka == "N?" and not sa:
            return 2, False
        return (4 if sa or ka == "A" else 3), True
    if name_a and name_b:
        ga, gb = _name_case_genders(wa), _name_case_genders(wb)
        if (ga and gb and not (ga & gb) and not _surname_reading(wa) and not _surname_reading(wb)
                and not sa and not sb) \
                or ((extra_given_name(wa) is None) != (extra_given_name(wb) is None)
                    and _only_a_name(wa if extra_given_name(wa) is None else wb)):
            # «После похорон Гани Нюргун долго молчал», «После гибели Петра Игорь …»: two given names that
            # agree in no case and gender are two people (not «Артура Галина»: Галина is a surname's genitive
            # too); so are a Yakut or Buryat given name beside a Russian one («Гаврила Нюргун»)
            return None
        surn_a, surn_b = _common_surname(wa), _common_surname(wb)
        if surn_a != surn_b:
            return 2, surn_a  # «Ким Сергей»: Ким is a given name too, but far more often a surname
        return 2, False
    if ka == "N?" and kb in ("S", "A") and sb and _word_given_name(wa):
        return 3, False  # «Буян Назаров»: a word-name before a surname (Буян ends like Погосян)
    if ka in ("N?", "S", "G") and kb in ("N?", "S", "G", "A") and sa != sb:
        if ka == "G" and kb == "G":
            return None
        return 2, not sb
    if ka in ("N?", "S") and kb in ("N?", "S") and _same_ending(fa, fb):
        return 1, False  # two unknown words in the same oblique case: Шолбаном Кууларом
    return None


def _make(run, sur_i, first_i, patr_i) -> NameParts:
    idx = [i for i in (sur_i, first_i, patr_i) if i is not None]
    sur = run[sur_i][2] if sur_i is not None else None
    first = run[first_i][2] if first_i is not None else None
    patr = run[patr_i][2] if patr_i is not None else None
    s, f, p, gender = nominative(sur, first, patr)
    case, _ = choose_case(sur, first, patr)
    if sur is None and patr and _KYRGYZ_SURNAME.search(patr):
        # A Kyrgyz passport has no surname besides «Асанбек уулу» / «Асанбек кызы»: it is the surname
        # (undeclined), not a patronymic.
        s, p = patr, None
    if s and case == "nomn" and gender == "masc" and s[-2:] in _PLURAL_SURNAME_ENDS and _PLURAL_SURNAME.search(s):
        s = s[:-1]  # «витя ермолаевы погибли»: the family's plural surname; his is the singular
    start = min(run[i][0] for i in idx)
    end = max(run[i][1] for i in idx)
    return NameParts(s, f, p, case, gender, start, end, [run[i][:3] for i in sorted(idx)])


_KYRGYZ_SURNAME = re.compile(r"\s(?:уулу|кызы)$")
_PLURAL_SURNAME_ENDS = frozenset(("вы", "ны"))
_PLURAL_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын)ы$")


_SURNAME_TOKEN = r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|[А-ЯЁ]{2,}(?:-[А-ЯЁ]{2,})?)"
_INITIALS_AFTER = re.compile(r"(?<![\w.])" + _SURNAME_TOKEN + r"\s+([А-ЯЁ])\.\s?([А-ЯЁ])\.")
_INITIALS_BEFORE = re.compile(r"(?<![\w.])([А-ЯЁ])\.\s?([А-ЯЁ])\.\s?" + _SURNAME_TOKEN)
# «Ст. сержант Гусев Н. погиб»: one initial after a surname, only after a rank (a lone capital and a full stop is
# a sentence end as often)
_ONE_INITIAL_AFTER_RANK = re.compile(
    r"(?<![А-ЯЁа-яё])(?i:рядов\w*|ряд\.|ефрейтор\w*|ефр\.|сержант\w*|с-т|старшин\w*|прапорщик\w*|лейтенант\w*|л-т"
    r"|капитан\w*|майор\w*|подполковник\w*|полковник\w*|матрос\w*)[ \t]+" + _SURNAME_TOKEN
    + r"[ \t]+([А-ЯЁ])\.(?![ \t]?[А-ЯЁ]\.)(?=[ \t]*(?:[,—–-]|[а-яё]|\d|$))")
_ONE_INITIAL_GATE = re.compile(r"[а-яёА-ЯЁ][ \t][А-ЯЁ]\.(?![ \t]?[А-ЯЁ]\.)")  # a cheap scan before the one above
# «похоронили рядового Р. Шайхутдинова», «Погиб С. Котов»: one initial before a surname (no second initial, no other
# capitalised word after it), taken only where a rank stands before it or his death or farewell is told right beside
_ONE_INITIAL_BEFORE = re.compile(r"(?<![\w.])([А-ЯЁ])\.[ \t]?" + _SURNAME_TOKEN
                                 + r"(?![\w-])(?![ \t]*[А-ЯЁ]\.)(?![ \t]+[А-ЯЁ])")
_ONE_INITIAL_BEFORE_GATE = re.compile(r"(?<![\w.])[А-ЯЁ]\.[ \t]?[А-ЯЁ][а-яё]")
_ONE_INITIAL_CONTEXT_BEFORE = re.compile(
    r"(?<![А-ЯЁа-яё])(?i:(?:гвардии[ \t]+)?(?:(?:младш|старш)\w+[ \t]+)?(?:рядов\w+|ефрейтор\w*|сержант\w*"
    r"|старшин\w+|прапорщик\w*|лейтенант\w*|капитан\w*|майор\w*|матрос\w*|бо[ейи]ц\w*|бойц\w+|военнослужащ\w+"
    r"|мобилизованн\w+|доброволец|добровольц\w+)|погиб|погибли|погибш\w+|похоронили|простились[ \t]+со?"
    r"|прощание[ \t]+со?|гибел[иь]|памяти)[ \t,]*$")
_ONE_INITIAL_CONTEXT_AFTER = re.compile(r"[ \t]*,[ \t]*(?:погибш|павш|скончавш|умерш)\w+|[ \t]+(?:погиб|скончался"
                                        r"|похоронен)(?![а-яё])")
_LABELLED = re.compile(
    r"Фамилия\s*:\s*([А-ЯЁа-яё-]+)\s*\n\s*Имя\s*:\s*([А-ЯЁа-яё-]+)(?:\s*\n\s*Отчество\s*:\s*([А-ЯЁа-яё -]+?)\s*$)?",
    re.M,
)


_MASC_GENITIVE_AFTER = re.compile(r"\s*,?\s*(?:погибш|павш|скончавш|умерш|военнослужащ)его\b")
_GENITIVE_BEFORE = re.compile(r"(?<![а-яё])(?:семь[ие]|родным|родственникам|гибел[иь]|памяти|смерти|похорон\w*)\s+"
                              r"(?:(?:рядового|сержанта|ефрейтора|бойца|земляка)\s+)?$"
                              # «похоронили младшего сержанта Котельникова Р.А.»: a rank in the genitive is a man's
                              r"|(?<![а-яё])(?:(?:гвардии|младшего|старшего|рядового|ефрейтора|сержанта|лейтенанта"
                              r"|капитана|майора|подполковника|полковника|прапорщика|старшины|матроса|бойца"
                              r"|военнослужащего|добровольца|мобилизованного|контрактника|стрелка|разведчика)\s+)+$",
                              re.I)


_NAMED_AFTER_HERO = re.compile(r"(?:имени|им\.)[ \t]+[Гг]еро(?:я|ев)[ \t]+(?:[А-ЯЁ][а-яё]+[ \t]+){1,3}$")


@dataclass
class InitialledName:
    surname: str
    initials: str
    start: int
    end: int


def is_signature(text: str, start: int, end: int) -> bool:
    """«…Спасибо всем, кто пришёл.\n\nЛена Трофимова»: a name alone on the last line, after prose, signs
    the post (the widow, the author) — not the last item of a list of names."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[end:].strip(" \t\n.") or "\n" in text[end:].strip():
        return False
    same_line = text[line_start:start].strip(" \t—–-")
    if same_line:
        # «Прощание пройдёт в воскресенье в Медведево. Юрий Зайцев»: signed at the end of the last sentence
        return len(same_line) > 25 and same_line[-1:] in ".!?…" and not text[end:].strip()
    before = text[:line_start].rstrip()
    previous = before[before.rfind("\n") + 1:]
    # («Херсонщина не забудет своих героев.\n\nВладимир Сальдо», «Глубокие соболезнования родным.»)
    return len(previous) > 20 and previous[-1:] in ".!?…»)"


def find_initialled(text: str) -> list[InitialledName]:
    """Surnames given with initials only (Котов А.В., Н. А. Ященко); initials are never expanded."""
    out = []
    if not has_initial(text):
        return out  # (every pattern below needs an initial: a capital and a full stop after a non-word character)
    for rx, order in ((_INITIALS_AFTER, "after"), (_INITIALS_BEFORE, "before"), (_ONE_INITIAL_AFTER_RANK, "one"),
                      (_ONE_INITIAL_BEFORE, "one_before")):
        if order == "one" and not _ONE_INITIAL_GATE.search(text) \
                or order == "one_before" and not _ONE_INITIAL_BEFORE_GATE.search(text):
            continue
        for m in rx.finditer(text):
            if order == "one":
                raw, i1, i2 = m.group(1), m.group(2), ""
                if any(o.start < m.end(1) and m.start(1) < o.end for o in out):
                    continue
            elif order == "one_before":
                i1, i2, raw = m.group(1), "", m.group(2)
                if any(o.start < m.end() and m.start() < o.end for o in out) \
                        or not (_ONE_INITIAL_CONTEXT_BEFORE.search(text, max(0, m.start() - 40), m.start())
                                or _ONE_INITIAL_CONTEXT_AFTER.match(text, m.end())):
                    continue
            elif order == "after":
                raw, i1, i2 = m.group(1), m.group(2), m.group(3)
            else:
                i1, i2, raw = m.group(1), m.group(2), m.group(3)
            before = text[max(0, m.start() - 8): m.start()].lower()
            if "имени" in before or "им." in before or _NAMED_AFTER_HERO.search(text, max(0, m.start() - 70), m.start()):
                # a unit or school named after someone («имени Героя Российской Федерации Пектеева А.И.»)
                continue
            if raw.isupper() and not _STRONG_SURNAME.search(raw.lower()):
                continue  # СВО, ВДВ, ЧВК before initials are not surnames
            word = raw.capitalize() if raw.isupper() else raw
            kind = word_kind(word)
            if kind in ("X", "N", "P") and not _STRONG_SURNAME.search(fold(word)) \
                    and fold(word) not in _KOREAN_SURNAME_FORMS and not (order == "after" and fold(word) == "ким") \
                    and not re.fullmatch(r"[А-ЯЁ][а-яё]+-[А-ЯЁ][а-яё]+", word):
                # (but «Ли Д.Д.», «Ким С.А.», «Д. А. Кара-Мурза»: a Korean or a double surname)
                continue
            # Lists with initials are in the nominative (Щербина Р.О.); only an
            # unmistakable oblique ending is undone (Ф. Р. Галимзяновым).
            low = fold(word)
            case = ("ablt" if re.search(r"(?:ым|им|ом|ем)$", low) else
                    "datv" if re.search(r"(?:ову|еву|ину|ыну|ому|ему)$", low) else "nomn")
            if case == "nomn" and re.search(r"(?:ов|ев|ёв|ин|ын)а$", low) and (
                    _MASC_GENITIVE_AFTER.match(text, m.end()) or _GENITIVE_BEFORE.search(text, max(0, m.start() - 50),
                                                                                          m.start())):
                case = "gent"  # «семье Петрова А.В., погибшего в зоне СВО»: a man's genitive, not a woman

            out.append(InitialledName(surname_nominative(word, case, "masc"), i1 + i2,
                                      m.start(1) if order == "one" else m.start(), m.end()))
    return out


# «Абдулом и Ризваном Гусейновыми», «братьев Андрея и Сергея Колесниковых»: two first
# names sharing one surname in the plural.
# («Ильдар Ренатович и Ранис Фаридович Хабибрахмановы»: each given name may have its patronymic)
_SHARED_SURNAME = re.compile(
    r"\b([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)?)(?:\s+([А-ЯЁ][а-яё]+(?:вич|ьич)(?:а|у|ем|ом|е)?))?\s+и\s+"
    r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)?)(?:\s+([А-ЯЁ][а-яё]+(?:вич|ьич)(?:а|у|ем|ом|е)?))?\s+"
    r"([А-ЯЁ][а-яё]+?(?:ов|ев|ёв|ин|ын|ук|юк|ич|ак|як|ык|ик))(ыми|ых|ым|ы|ами|ам|ах|ов|ей|и)\b"
)
_PLURAL_CASES = {"ыми": ("ablt",), "ым": ("datv",), "ых": ("gent", "accs", "loct"), "ы": ("nomn",)}
# «Дмитрий и Александр Ковальчуки», «братьев Игоря и Олега Бабичей»: a consonant-stem surname's plural
_OV_IN_STEMS = frozenset(("ов", "ев", "ёв", "ин", "ын"))
_CONSONANT_PLURAL_CASES = {"ами": ("ablt",), "ам": ("datv",), "ах": ("loct",), "ов": ("gent", "accs"),
                           "ей": ("gent", "accs"), "и": ("nomn",)}


# «братья Ивановы — Сергей и Андрей», «отец и сын Петровы, Виктор и Денис»: the plural surname first.
_SURNAME_THEN_NAMES = re.compile(
    r"\b([А-ЯЁ][а-яё]+?(?:ов|ев|ёв|ин|ын))(ыми|ых|ым|ы)[ \t]*(?:[—–,:(-][ \t]*)?"
    # («братьями Егоровыми — Петром Ивановичем и Нюргуном Ивановичем»: each given name may have its patronymic)
    r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)?)(?:[ \t]+([А-ЯЁ][а-яё]+(?:вич|ьич)(?:а|у|ем|ом|е)?))?"
    r"(?:[ \t]*\([^()\n]{1,20}\))?"  # («Дмитрием Николаевичем (35 лет) и Айталом Николаевичем (29 лет)»)
    r"(?:[ \t]*,[ \t]*|[ \t]+и[ \t]+)([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)?)"
    r"(?:[ \t]+([А-ЯЁ][а-яё]+(?:вич|ьич)(?:а|у|ем|ом|е)?))?"
    r"(?![а-яё])(?![ \t]+[А-ЯЁ])"
)


def _surname_then_names(text: str) -> list[NameParts]:
    out = []
    for m in _SURNAME_THEN_NAMES.finditer(text):
        firsts, patrs = (m.group(3), m.group(5)), (m.group(4), m.group(6))
        infos = [name_info(w) for w in firsts]
        if not all(known and gender != "femn" for known, _, _, gender in infos):
            continue
        # After a dash the names are often nominative whatever the surname's case («братьев Ивановых —
        # Сергей и Андрей»); otherwise they agree with it (and so do their patronymics).
        case = next((c for c in ("nomn",) + _PLURAL_CASES[m.group(2)] if all(c in info[2] for info in infos)
                     and all(p is None or c in (patronymic_cases(p) or ("", ()))[1] for p in patrs)), None)
        if case is None:
            continue
        kin = _FAMILY_BEFORE.search(text, max(0, m.start(1) - 20), m.start(1)) is not None
        for k, (w, patr) in enumerate(zip(firsts, patrs)):
            out.append(NameParts(m.group(1), _first_nominative(w, case, "masc"),
                                 patronymic_nominative(patr, "masc") if patr else None, case, "masc",
                                 m.start(1) if k == 0 else m.start(5), m.end(4 if patr else 3) if k == 0
                                 else m.end(6 if patr else 5), kin_of_dead=kin))
    return out


# «Отец и сын Неверовы», «братьев Сазоновых»: a family whose men the text reports dead together.
_FAMILY_BEFORE = re.compile(r"(?:(?<![а-яё])брать\w*|(?:отец|отца|отцу|отцом)\s+и\s+сын\w*|сын\w*\s+и\s+от(?:ец|ца|цу|цом)"
                            r"|сыновья|сыновей)\s*$", re.I)
_FAMILY_PLURAL = re.compile(r"(?:(?<![А-ЯЁа-яё])[Бб]рать\w*|(?<![А-ЯЁа-яё])[Оо]т(?:ец|ца|цу|цом)\s+и\s+сын\w*"
                            r"|(?<![А-ЯЁа-яё])[Сс]ын\w*\s+и\s+от(?:ец|ца|цу|цом))"
                            r"\s+([А-ЯЁ][а-яё]+?)(?:ыми|ых|ым|ы)?(?![а-яё])")
# «Михаил Иванович Неверов, 49 лет, и его сын Денис»: the relative named by his given name alone
_AND_HIS_KIN = re.compile(r"([А-ЯЁ][а-яё]+)(?:,[^.!?\nА-ЯЁ]{0,30}?)?\s+и\s+(?:его|её|ее)\s+(?:сын|брат)\s+([А-ЯЁ][а-яё]+)"
                          r"(?![а-яё])(?![ \t]+[А-ЯЁ])")


_ELDER_YOUNGER = re.compile(r"(?<![А-ЯЁа-яё])(?:[Сс]тарш|[Мм]ладш|[Сс]редн)ий(?:[ \t]+брат)?[ \t]*[,—–-][ \t]*"
                            r"([А-ЯЁ][а-яё]+)(?![а-яё])(?![ \t]+[А-ЯЁ])")


_FAMILY_OF = re.compile(r"(?<![а-яё])[Сс]емь(?:я|и|е|ю|ей)[ \t]+([А-ЯЁ][а-яё]+?(?:ов|ев|ёв|ин|ын))(?:ых|ы)(?![а-яё])")


def _kin_by_given_name(text: str) -> list[NameParts]:
    """The son or brother of a named dead man, given by first name alone, in a text that reports the
    family's men dead together (`Отец и сын Неверовы погибли`): he carries the family surname."""
    stems = {fold(m.group(1)) for m in _FAMILY_PLURAL.finditer(text)}
    out = []
    # «Горе в семье Корниловых … погибли оба брата — Иван и Алексей … Младший, Алексей, …»: the family's
    # surname named once, with the brothers
    family = _FAMILY_OF.search(text) if not stems and "рат" in text else None
    if len(stems) == 1 or family:
        # «Братья Голованы … Старший, Константин, … Младший, Виктор, …»
        for m in _ELDER_YOUNGER.finditer(text):
            known, _, cases, gender = name_info(m.group(1))
            if known and gender != "femn" and "nomn" in cases:
                surname = family.group(1) if family else next(x.group(1) for x in _FAMILY_PLURAL.finditer(text))
                out.append(NameParts(surname, _first_nominative(m.group(1), "nomn", "masc"), None, "nomn", "masc",
                                     m.start(1), m.end(1), kin_of_dead=True))
    for m in _AND_HIS_KIN.finditer(text) if stems else ():
        stem = next((st for st in stems if fold(m.group(1)).startswith(st)), None)
        known, _, cases, gender = name_info(m.group(2))
        if stem is None or not known or gender == "femn":
            continue
        case = "nomn" if "nomn" in cases else next(iter(sorted(cases)), "nomn")
        surname = next(x.group(1) for x in _FAMILY_PLURAL.finditer(text) if fold(x.group(1)) == stem)
        out.append(NameParts(surname, _first_nominative(m.group(2), case, "masc"), None, case, "masc",
                             m.start(2), m.end(2), kin_of_dead=True))
    return out


# «мой муж коля и его младший брат витя ермолаевы погибли»: the same in a post typed without capitals
_LOWER_SHARED_SURNAME = re.compile(
    r"(?<![а-яё])([а-яё]{3,})\s+и\s+(?:(?:его|её|ее|мой|наш)\s+)?(?:(?:младший|старший|родной)\s+)?(?:брат\s+)?"
    r"([а-яё]{3,})\s+([а-яё]{2,}?(?:ов|ев|ёв|ин|ын))ы(?![а-яё])"
)


def _lower_shared_surname(text: str) -> list[NameParts]:
    out = []
    for m in _LOWER_SHARED_SURNAME.finditer(text):
        firsts = (m.group(1), m.group(2))
        if not all(w in _DIMINUTIVES_NOMINATIVE or (word_kind(w.capitalize()) == "N" and "nomn" in name_info(
                w.capitalize())[2] and not any(p.is_known and "Name" not in p.tag for p in parse(w))) for w in firsts):
            continue
        surname = m.group(3).capitalize()
        for k, w in enumerate(firsts):
            first = DIMINUTIVES.get(w) or w.capitalize()
            out.append(NameParts(surname, first, None, "nomn", "masc", m.start(k + 1),
                                 m.end(k + 1) if k == 0 else m.end()))
    return out


def find_shared_surname(text: str) -> list[NameParts]:
    out = _surname_then_names(text) if "ы" in text else []
    if text[:300] == text[:300].lower() and "ы" in text:
        out += _lower_shared_surname(text)
    if "рат" in text or "и сын" in text or "и отц" in text or "и отец" in text:  # the family phrase's words
        out += _kin_by_given_name(text)
    for m in _SHARED_SURNAME.finditer(text):
        # (-ов/-ин stems take -ы, -ых …; consonant stems -и, -ов, -ами …: one pattern, then the pairing)
        plural_cases = _PLURAL_CASES if m.group(5)[-2:] in _OV_IN_STEMS else _CONSONANT_PLURAL_CASES
        if m.group(6) not in plural_cases:
            continue
        firsts, patrs = (m.group(1), m.group(3)), (m.group(2), m.group(4))
        infos = [name_info(w) for w in firsts]
        if not all(known for known, *_ in infos):
            continue
        # The case of the plural surname is the case of both first names (and of their patronymics).
        case = next((c for c in plural_cases[m.group(6)] if all(c in info[2] for info in infos)
                     and all(p is None or c in (patronymic_cases(p) or ("", ()))[1] for p in patrs)), None)
        if case is None:
            continue
        surname = m.group(5)
        for k, (w, patr) in enumerate(zip(firsts, patrs)):
            # «супруги Андрей и Ольга Сомовы»: a woman's -ов/-ин surname takes -а
            woman = infos[k][3] == "femn" and patr is None and surname[-2:] in _OV_IN_STEMS
            out.append(NameParts(surname + "а" if woman else surname, _first_nominative(w, case, "femn" if woman
                                                                                    else "masc"),
                                 patronymic_nominative(patr, "masc") if patr else None, case,
                                 "femn" if woman else "masc",
                                 m.start(2 * k + 1), m.end(2 * k + 2 if patr else 2 * k + 1) if k == 0 else m.end()))
    return out


# «простились с рядовыми Бадмаевым, Очировым и Дашинимаевым»: surnames only, after a plural noun.
_SURNAME_ROW = re.compile(
    r"\b(?:рядов|бойц|военнослужащ|земляк|геро|сержант|добровольц|мобилизованн|контрактник|десантник|ефрейтор)"
    r"(?P<end>ыми|ами|ими|ых|ов|ей|их|ым|ам|им|ые|ие|ы|и)\s+"
    r"(?P<row>[А-ЯЁ][а-яё]+(?:\s*,\s*[А-ЯЁ][а-яё]+)*\s+и\s+[А-ЯЁ][а-яё]+)(?![а-яё])(?!\s+[А-ЯЁ])"
)
_ROW_CASE = {"ыми": "ablt", "ами": "ablt", "ими": "ablt", "ых": "gent", "ов": "gent", "ей": "gent", "их": "gent",
             "ым": "datv", "ам": "datv", "им": "datv", "ые": "nomn", "ие": "nomn", "ы": "nomn", "и": "nomn"}


_BY_SURNAME = re.compile(r"\bпо\s+фамилии\s*[—–:-]?\s*([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)")


#: «похоронили рядового Сафиуллина», «Сержанта Пономарёва похоронили»: an enlisted rank and a bare surname (no
#: given name, no initials after it) with his death or funeral told right beside it. Officers are left out:
#: a bare «майор Сидоров» is most often a living commander quoted.
_RANK_SURNAME = re.compile(
    r"(?<![а-яё])(?:(?:[Мм]ладш|[Сс]тарш)(?:ий|его|ему|им|ем)[ \t]+)?(?P<rank>[Рр]ядов(?:ой|ого|ому|ым|ом)"
    r"|[Ее]фрейтор(?:а|у|ом|е)?|[Сс]ержант(?:а|у|ом|е)?)[ \t]+(?P<sur>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)"
    r"(?![а-яё])(?![ \t]*[А-ЯЁ])(?!\.[ \t]*[А-ЯЁ]\.)"
)
_RANK_CASE = {"ой": "nomn", "ого": "gent", "ому": "datv", "ым": "ablt", "ом": "loct", "": "nomn", "а": "gent",
              "у": "datv", "е": "loct"}
#: his death told right around the rank and surname: before («Похоронили …», «Простились с …», «о гибели …») or
#: after («…, погибшего», «… погиб», «… похоронили»); not «памяти рядового Матросова», a WWII hero
_DEATH_BEFORE_RANK = re.compile(r"(?<![А-ЯЁа-яё])(?i:похоронили|простились[ \t]+с[о]?|проводили|прощание[ \t]+с[о]?"
                                r"|похороны|гибел[иь]|погиб(?:ли)?)(?:[ \t,]+[а-яё]+){0,2}[ \t,]*$")
_DEATH_AFTER_SURNAME = re.compile(r"(?:[ \t]*,[ \t]*(?:погибш|павш|скончавш|умерш)\w+|[ \t]+(?:погиб|скончался|похоронен"
                                  r"|похоронили|проводили)(?![а-яё])"
                                  # «Ефрейтор Котов, уроженец Кирова, погиб 3 марта»: an apposition between commas
                                  r"|[ \t]*,[^,.!?\n«»()]{3,60},[ \t]*(?:погиб|скончался|пал)(?![а-яё])"
                                  # «Рядовой Сафиуллин служил в 3-й бригаде. Он погиб 3 марта»: his own sentence
                                  # (a past verb, no other capitalised word), then «Он погиб» opening the next
                                  r"|[ \t]+[а-яё]+(?:лс?я?|[её]с|[её]к|ог|[её]р)(?![а-яё])[^.!?\n«»()А-ЯЁ]{0,80}[.!][ \t]*Он[ \t]+"
                                  r"(?:[а-яё]+[ \t]+){0,2}?(?:погиб|скончался)(?![а-яё]))")


_ROW_JOIN = re.compile(r"[ \t]*,[ \t]*|[ \t]+и[ \t]+")


def _rank_and_surname(text: str) -> list[NameParts]:
    out: list[NameParts] = []
    prev_end = -1
    for m in _RANK_SURNAME.finditer(text):
        rank, w = m.group("rank").lower(), m.group("sur")
        ending = rank[5:] if rank.startswith("рядов") else rank[7:] if rank.startswith("сержант") else rank[8:]
        case = _RANK_CASE.get(ending, "nomn")
        if rank.startswith(("сержант", "ефрейтор")) and ending == "ом":
            case = "ablt"
        if not _STRONG_SURNAME.search(fold(w)) or word_kind(w) in ("N", "P", "N?") or case not in _surname_cases(w) \
                or not (_DEATH_AFTER_SURNAME.match(text, m.end()) or _DEATH_BEFORE_RANK.search(
                    text, max(0, m.start() - 40), m.start())
                    # «Погибли рядовой Котов и ефрейтор Лапин»: the next of a row whose first was taken
                    or prev_end >= 0 and _ROW_JOIN.fullmatch(text, prev_end, m.start())):
            continue
        prev_end = m.end()
        out.append(NameParts(surname_nominative(w, case, "masc"), None, None, case, "masc", m.start("sur"),
                             m.end("sur")))
    return out


#: «Фамилия бойца — Котов»: his surname told apart, in the nominative
_SURNAME_OF_THE_DEAD = re.compile(r"(?<![а-яё])[Фф]амилия[ \t]+(?:бойца|погибшего|героя|военнослужащего|солдата)"
                                  r"[ \t]*[—–:-][ \t]*([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)(?![а-яё])")


def find_surname_rows(text: str) -> list[NameParts]:
    # «бойца по фамилии Хуснутдинов»: the surname is written in the nominative.
    out = [NameParts(m.group(1), None, None, "nomn", "masc", m.start(1), m.end(1)) for m in _BY_SURNAME.finditer(text)]
    if "амилия" in text:
        out += [NameParts(m.group(1), None, None, "nomn", "masc", m.start(1), m.end(1))
                for m in _SURNAME_OF_THE_DEAD.finditer(text)]
    if "ядов" in text or "ержант" in text or "фрейтор" in text:
        out += _rank_and_surname(text)
    for m in _SURNAME_ROW.finditer(text):
        case = _ROW_CASE[m.group("end")]
        words = [(w.start(), w.end(), w.group(0)) for w in re.finditer(r"[А-ЯЁ][а-яё]+", m.group("row"))]
        if not all(_STRONG_SURNAME.search(fold(w)) and word_kind(w) not in ("N", "P") for _, _, w in words):
            continue
        base = m.start("row")
        for a, b, w in words:
            out.append(NameParts(surname_nominative(w, case, "masc"), None, None, case, "masc", base + a, base + b))
    return out


#: the same card with the given name first: «Имя: …», «Отчество: …», «Фамилия: …»
_LABELLED_GIVEN_FIRST = re.compile(
    r"^[ \t]*Имя[ \t]*:[ \t]*([А-ЯЁ][А-ЯЁа-яё-]+)[ \t]*\n(?:[ \t]*Отчество[ \t]*:[ \t]*([А-ЯЁ][А-ЯЁа-яё -]+?)[ \t]*\n)?"
    r"[ \t]*Фамилия[ \t]*:[ \t]*([А-ЯЁ][А-ЯЁа-яё-]+)[ \t]*$",
    re.M,
)


def find_labelled(text: str) -> list[NameParts]:
    """Memorial-book cards: «Фамилия: …», «Имя: …», «Отчество: …» on their own lines."""
    out = [NameParts(m.group(3).capitalize() if m.group(3).isupper() else m.group(3), m.group(1), m.group(2), "nomn",
                     "masc", m.start(1), m.end()) for m in _LABELLED_GIVEN_FIRST.finditer(text)] \
        if "Имя" in text else []
    for m in _LABELLED.finditer(text):
        sur, first, patr = m.group(1), m.group(2), m.group(3)
        out.append(NameParts(sur.capitalize() if sur.isupper() else sur, first, patr, "nomn", "masc",
                             m.start(1), m.end()))
    return out


@lru_cache(maxsize=100_000)
def first_name_forms(word: str) -> frozenset[str]:
    """Folded nominatives a single capitalised word could be, as a first name."""
    forms = set()
    w = fold(word)
    if re.search(r"-оол(а|у|ом|е)?$", w):
        forms.add(re.sub(r"(-оол)(а|у|ом|е)?$", r"\1", w))
    extra = extra_given_name(word)
    if extra:
        forms.add(extra[0])
    for p in parse(word):
        if "Name" in p.tag:
            forms.add(fold(p.normal_form))
    forms.add(w)
    for case in CASES[1:]:
        forms.add(fold(_strip_case(w, case, "masc", given=True)))
    return frozenset(forms)


@lru_cache(maxsize=100_000)
def surname_forms(word: str) -> frozenset[str]:
    forms = {fold(word)}
    for case in CASES[1:]:
        for g in ("masc", "femn"):
            forms.add(fold(surname_nominative(word, case, g)))
    return frozenset(forms)
