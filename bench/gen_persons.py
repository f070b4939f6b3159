"""Synthetic dead-serviceman records for the matching benchmark (seeded, deterministic).

Persons are drawn with realistic name frequencies per group (Russian, Buryat,
Tuvan, Dagestani, Chechen, Tatar/Bashkir, Central Asian); each gets 1–4
mentions with the noise real sources show: typos, ё/е, Latin transliteration
from English-language media, a dropped patronymic, swapped name order, age
instead of a birth date, region variants, a funeral date instead of the death
date. At least 1% of persons are namesakes of another (same full name, other
dates). Some rows are anonymous (as in anonymised lists) and are persons of
their own.

    python bench/gen_persons.py --n 100000 --out /tmp/persons.db
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db import open_db  # noqa: E402

_SYL = ("бор ван гор дан жук зай кал кир ков лап лук мал мор нос пан пес рог сем сок "
        "тар тих фед хар чер шап шил бел вол гал дуб жар зим кос лос мух нем пал рыб сав "
        "сол сух тол кур гуль мед бар тюр руд").split()
_RU_SURNAMES_TOP = (
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов "
    "Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев "
    "Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв "
    "Сергеев Кузьмин Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов "
    "Поляков Сорокин Виноградов Ковалёв Белов Медведев Антонов Тарасов Жуков Баранов Филиппов "
    "Комаров Давыдов Беляев Герасимов Богданов Осипов Сидоров Матвеев Титов Марков Миронов "
    "Крылов Куликов Карпов Власов Мельников Денисов Гаврилов Тихонов Казаков Афанасьев "
    "Данилов Савельев Тимофеев Фомин Чернов Абрамов Мартынов Ефимов Федотов Щербаков Назаров "
    "Калинин Исаев Чернышёв Быков Маслов Родионов Коновалов Лазарев Воронин Климов Филатов "
    "Пономарёв Голубев Кудрявцев Прохоров Наумов Потапов Журавлёв Овчинников Трофимов Леонов "
    "Соболев Ермаков Колесников Гончаров Емельянов Никифоров Грачёв Котов Гришин Ефремов "
    "Архипов Громов Кириллов Малышев Панов Моисеев Румянцев Акимов Кондратьев Бирюков Горбунов "
    "Анисимов Ерёмин Тихомиров Галкин Лукьянов Михеев Скворцов Юдин Белоусов Нестеров Симонов "
    "Прокофьев Харитонов Князев Цветков Левин Митрофанов Воронов Аксёнов Софронов Мальцев "
    "Логинов Горшков Савин Краснов Майоров Демидов Елисеев Рыбаков Сафонов Плотников Дёмин "
    "Хохлов Фадеев Молчанов Игнатов Литвинов Ершов Ушаков Дементьев Рябов Мухин Калашников "
    "Шевченко Бондаренко Коваленко Ткаченко Кравченко Лысенко Руденко Савченко Петренко").split()
_RU_FIRST = (("Александр", 10), ("Сергей", 8), ("Дмитрий", 8), ("Андрей", 7), ("Алексей", 7),
             ("Максим", 5), ("Евгений", 5), ("Иван", 5), ("Михаил", 4), ("Артём", 4),
             ("Николай", 4), ("Владимир", 4), ("Денис", 4), ("Роман", 3), ("Павел", 3),
             ("Игорь", 3), ("Виталий", 2), ("Антон", 2), ("Олег", 2), ("Никита", 2),
             ("Кирилл", 2), ("Вадим", 2), ("Юрий", 2), ("Илья", 2), ("Егор", 2), ("Виктор", 2),
             ("Константин", 1), ("Вячеслав", 1), ("Станислав", 1), ("Анатолий", 1),
             ("Пётр", 1), ("Фёдор", 1), ("Семён", 1), ("Степан", 1), ("Григорий", 1),
             ("Валерий", 1), ("Василий", 1), ("Геннадий", 1), ("Леонид", 1), ("Тимофей", 1),
             ("Ярослав", 1), ("Даниил", 1), ("Георгий", 1), ("Эдуард", 1), ("Владислав", 1))
_RU_FATHERS = ("Сергей Александр Владимир Николай Юрий Виктор Андрей Алексей Михаил Анатолий "
               "Иван Валерий Геннадий Василий Евгений Игорь Олег Петр Фёдор Леонид Борис "
               "Григорий Дмитрий Константин Павел Степан Вячеслав Аркадий Илья").split()

_GROUPS: dict[str, dict] = {
    "russian": dict(
        weight=0.70,
        regions=("RU-MOS", "RU-SVE", "RU-KDA", "RU-ROS", "RU-SAR", "RU-VGG", "RU-CHE", "RU-NVS",
                 "RU-KEM", "RU-IRK", "RU-KRS", "RU-BEL", "RU-ORE", "RU-PER", "RU-SAM", "RU-NIZ",
                 "RU-VOR", "RU-ALT", "RU-KYA", "RU-TYU", "RU-OMS", "RU-ZAB", "RU-SPE", "RU-MOW"),
    ),
    "buryat": dict(
        weight=0.05, regions=("RU-BU", "RU-ZAB", "RU-IRK"),
        surnames="Дашиев Цыренов Бадмаев Доржиев Жамсуев Намсараев Аюшеев Базаров Будаев "
                 "Гомбоев Дамбаев Дондоков Жигжитов Очиров Раднаев Санжиев Цыбиков Шагдаров "
                 "Батуев Балданов Бальжинимаев Дугаржапов Цыдендамбаев Ринчинов".split(),
        first="Баир Булат Жаргал Бато Даши-Нима Цырен Аюр Солбон Эрдэни Батор Баяр Зорикто "
              "Тумэн Чингис Алдар Дамдин Содном Мунко".split(),
    ),
    "tuvan": dict(
        weight=0.03, regions=("RU-TY",),
        surnames="Монгуш Ооржак Куулар Донгак Сат Ондар Хертек Салчак Кужугет Тюлюш Саая "
                 "Хомушку Иргит Оюн Самбуу Чооду".split(),
        first="Айдыс Аяс Чингис Начын Шолбан Саян Алдар Буян Эртине Кежик Омак Орлан Айдын "
              "Аржаан Темир Чодураа Менги Мерген".split(),
    ),
    "dagestani": dict(
        weight=0.06, regions=("RU-DA",),
        surnames="Магомедов Абдулаев Гаджиев Алиев Омаров Рамазанов Исмаилов Курбанов Гасанов "
                 "Ибрагимов Магомаев Османов Шахбанов Мусаев Гамзатов Абакаров Нурмагомедов "
                 "Салихов Юсупов Гусейнов".split(),
        first="Магомед Шамиль Гаджи Рашид Ахмед Мурад Руслан Арсен Камиль Абдула Али Ислам "
              "Саид Гасан Омар Абдул-Азиз Магомед-Расул".split(),
    ),
    "chechen": dict(
        weight=0.02, regions=("RU-CE", "RU-IN"),
        surnames="Мусаев Умаров Исаев Хамзатов Дудаев Хасанов Ахмадов Бисултанов Джабраилов "
                 "Эльмурзаев Сулейманов Абдурахманов Масаев Байсаров".split(),
        first="Адам Ислам Магомед Ахмед Рамзан Хамзат Иса Муса Зелимхан Ибрагим Апти Ахмад "
              "Беслан Хасан".split(),
    ),
    "tatar_bashkir": dict(
        weight=0.08, regions=("RU-TA", "RU-BA", "RU-ULY"),
        surnames="Хабибуллин Галиев Сафин Хайруллин Гарипов Шарипов Валиев Закиров Нуриев "
                 "Ахметов Мухаметшин Юсупов Гильманов Файзуллин Зиннатуллин Мингазов Гайнуллин "
                 "Ибрагимов Исхаков Латыпов Насыров Фаттахов Хуснутдинов Шайхутдинов Ямалов "
                 "Абдрахманов Кильдибаев Муртазин Тагиров Усманов".split(),
        first="Ринат Рустем Айдар Ильдар Марат Радик Ильнур Азат Рамиль Динар Айрат Фарит "
              "Ильшат Раиль Салават Тимур Ленар Ильгиз".split(),
    ),
    "central_asian": dict(
        weight=0.06, regions=("RU-MOW", "RU-SPE", "RU-MOS", "RU-SVE"),
        surnames="Рахимов Каримов Юлдашев Назаров Султанов Алиев Холматов Эргашев Мирзоев "
                 "Турсунов Ахмедов Раджабов Шарипов Абдуллаев Саидов Исмоилов Файзиев "
                 "Хасанов Усмонов Бобоев".split(),
        first="Рустам Фаррух Бахтиёр Шерзод Жасур Алишер Улугбек Бехзод Тимур Далер Азиз "
              "Сухроб Фируз Умед Джамшед Хуршед".split(),
    ),
}
#: ``names="wide"``: the minority groups' name pools with the long tails real name lists
#: have. In the ``narrow`` pools above one Tatar surname is a sixth of the group and the
#: commonest surname of all the dead at 1.3% (Хабибуллин, ahead of Иванов at 0.8%), and
#: three full names are each held by ~0.25% of the dead; in Russia Смирнов, Иванов and
#: Кузнецов are the commonest surnames and no Tatar, Buryat or Central Asian surname comes
#: near them. Per group: first-name prefixes and endings (combined into the tail of first
#: names; surnames are formed from them with the suffixes), surname and first-name Zipf
#: offsets, pool sizes. The commonest surname of a group becomes (approximate shares of the
#: group, rough estimates from surname studies, not measured data): Tatar/Bashkir 1.4%
#: (was 18%), Buryat 3% (20%), Central Asian 3% (21%), Chechen 3% (24%), Dagestani
#: Магомедов 7% (21%; the commonest surname of Dagestan); first names 5–12% (were 19–22%).
#: Tuvan surnames stay as they are: they really are few (Монгуш, Ооржак, Куулар… a tenth of
#: Tuvans are Монгуш); Tuvan first names get a tail (Айдыс was 19% of Tuvan men).
_WIDE_POOLS: dict[str, dict] = {
    "tatar_bashkir": dict(
        pre="Иль Ай Ра Ри Аз Ди Фа Ле Ал Ру Ша Ха Ма Ги Ну За Ва Са Та Ка Гу Ир Ан Ам".split(),
        end="нат дар нур мир зат фит рис лан гиз шат гат ват хат дус биль сур".split(),
        suffixes=("ов", "ин", "уллин", "шин", "ханов"), sur=(600, 20), first=(150, 5)),
    "buryat": dict(
        pre="Ба Жар Цы Ду Да До Со Бу Аю Му Ту Ол Эр Би Гэ Ня Ар Жа Зо Ри Са Ши".split(),
        end="ир ал гар рен жи ма лан зар бан дэн ний тор ху жап".split(),
        suffixes=("ев", "ов", "аев", "жапов"), sur=(300, 8), first=(120, 5)),
    "central_asian": dict(
        pre="Шер Бах Ул Жас Али Фар Аз Сух Дал Джам Хур Фир Бех Ум Иск Рав Зар Нод Од Иб Ку Му".split(),
        end="зод тиёр бек шер руф жон мурод дор рат хон бой лон".split(),
        suffixes=("ов", "ев", "зода", "иев"), sur=(400, 8), first=(150, 5)),
    "dagestani": dict(
        pre="Ма Ша Га Ра Ах Му Ар Ка Аб Ис Са Ом Ну Ха Ба Да Зу Се Ил Те".split(),
        end="гомед миль джи шид мед рад сен даг лим мут хан бек дин рав".split(),
        suffixes=("ов", "ев", "аев", "илов"), sur=(300, 2), first=(100, 1)),
    "chechen": dict(
        pre="Ад Ис Ра Ха Му Зе Иб Ап Бе Ас Ду Ум Шам Ал Ва Ма Лё Ру Су Те".split(),
        end="лан мзан хан са ман сан ри ди лим зат вар ба".split(),
        suffixes=("ов", "ев", "аев", "ханов"), sur=(300, 8), first=(100, 4)),
    # Tuvan surnames really are few: only the first names get a tail
    "tuvan": dict(
        pre="Ай Ая Ча Ша Са Бу Эр Ке Ом Ор Ар Те Ме Че Ба Ан".split(),
        end="дыс ян чын лбан ыш рген тине жик лан даш нат".split(),
        suffixes=(), sur=None, first=(120, 5)),
}
#: ``names="realistic"`` (the default since the sixth quality pass): the ``wide`` pools, and
#: the Tuvan surnames get the tail they have. Tuvans mostly bear one of a few dozen clan
#: surnames (сёок names: Монгуш, Ооржак, Куулар, Донгак, Ондар, Салчак, Хертек,
#: Кужугет…) or a surname made of a forefather's given name; Монгуш is the commonest, by
#: common account about a tenth of Tuvans. In ``narrow`` and ``wide`` the sixteen clan
#: names alone give Монгуш 23% and the first ten 83%; here forty names (Zipf 1.0, offset 2)
#: give Монгуш 11.8%, the seven commonest 47% and the first ten 57%.
_TUVAN_MORE_SURNAMES = (
    "Ховалыг Сарыглар Дамба Доржу Кара-Сал Монге Бады Чамзырын Сотпа Тумат Соян Ойдуп Лопсан "
    "Очур Маады Норбу Сандак Чульдум Шагдыр Кыргыс Севек Сюрюн Дажы Кунгаа").split()
_REALISTIC_POOLS: dict[str, dict] = {
    **_WIDE_POOLS,
    "tuvan": dict(_WIDE_POOLS["tuvan"], more_surnames=_TUVAN_MORE_SURNAMES, sur=(40, 2)),
}
_POOLS = {"narrow": {}, "wide": _WIDE_POOLS, "realistic": _REALISTIC_POOLS}
DEFAULT_NAMES = "realistic"
_PATRONYMIC_IRREGULAR = {
    "Юрий": "Юрьевич", "Василий": "Васильевич", "Анатолий": "Анатольевич", "Валерий": "Валерьевич",
    "Геннадий": "Геннадьевич", "Виталий": "Витальевич", "Григорий": "Григорьевич",
    "Дмитрий": "Дмитриевич", "Илья": "Ильич", "Никита": "Никитич", "Пётр": "Петрович",
    "Фёдор": "Фёдорович", "Лев": "Львович", "Аркадий": "Аркадьевич", "Георгий": "Георгиевич",
}
_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "-": "-", " ": " ",
}
_REGION_VARIANTS = {"RU-BU": "Бурятия", "RU-TY": "Тыва", "RU-DA": "Дагестан", "RU-CE": "Чечня",
                    "RU-TA": "Татарстан", "RU-BA": "Башкирия", "RU-SVE": "Свердловская обл.",
                    "RU-MOS": "Подмосковье", "RU-KDA": "Кубань", "RU-ZAB": "Забайкалье"}
_SOURCES = ("news", "telegram", "vk", "memorial", "import")
_CATEGORIES = ("mobilized", "volunteer", "contract", "conscript", "prisoner", "pmc", "unknown")
_EPOCH = dt.date(2022, 2, 24).toordinal()


def patronymic_of(father: str) -> str:
    if father in _PATRONYMIC_IRREGULAR:
        return _PATRONYMIC_IRREGULAR[father]
    base = father.split("-")[0] if "-" in father else father
    if base.endswith("й"):
        return base[:-1] + "евич"
    if base.endswith(("а", "я")):
        return base[:-1] + "ич"
    return base + "ович"


def translit(text: str) -> str:
    out = "".join(_TRANSLIT.get(ch, _TRANSLIT.get(ch.lower(), ch)) if ch.islower() else
                  _TRANSLIT.get(ch.lower(), ch).capitalize() for ch in text)
    return out


@functools.cache
def _zipf(n: int, s: float = 1.0, offset: int = 0) -> np.ndarray:
    w = 1.0 / (np.arange(1, n + 1) + offset) ** s
    return w / w.sum()


@dataclass
class Person:
    pid: int
    surname: str
    first: str
    patronymic: str
    birth: dt.date
    death: dt.date
    funeral: dt.date
    region: str
    settlement: str
    unit: str | None
    category: str
    group: str = ""


def _wide_pool(spec: dict, pool: dict) -> tuple[list[str], list[str]]:
    """Surnames and first names of a group with a long tail: the group's own lists
    first (the commonest), then names built from ``pool`` (no random draws, so the
    random stream of the generator is the same in both pools)."""
    firsts = list(spec["first"])
    for ending in pool["end"]:
        for prefix in pool["pre"]:
            name = prefix + ending
            if name not in firsts and len(firsts) < pool["first"][0]:
                firsts.append(name)
    surnames = list(spec["surnames"]) + list(pool.get("more_surnames", ()))
    for suffix in pool["suffixes"]:
        for name in firsts:
            stem = name[0] + name[1:].replace("-", "").replace(" ", "").lower()
            surname = (stem[:-1] if stem.endswith(("а", "я", "й")) else stem) + suffix
            if surname not in surnames and pool["sur"] and len(surnames) < pool["sur"][0]:
                surnames.append(surname)
    return surnames, firsts


class Generator:
    def __init__(self, seed: int, names: str = DEFAULT_NAMES) -> None:
        if names not in _POOLS:
            raise ValueError(f"names must be one of {', '.join(_POOLS)}, not {names!r}")
        self.names = names
        self.rng = np.random.default_rng(seed)
        self._cdfs: dict = {}
        rng = self.rng
        roots = sorted({a.capitalize() + b for a in _SYL for b in _SYL if a != b})
        rng.shuffle(roots)
        suffixes = ("ов", "ев", "ин", "ский", "енко", "ых")
        # Russian surnames are very diverse (hundreds of thousands in use): a long
        # tail of three-syllable roots keeps the share of the commonest near 1%
        # and most surnames shared by few people, as in real lists.
        long_roots = [r + c for r in roots[:1000] for c in ("ан", "ен", "ун", "ах", "ык", "ец", "ор", "ил")]
        long_roots.sort()
        rng.shuffle(long_roots)
        tail = [r + suffixes[i % len(suffixes)] for i, r in enumerate(roots[:2600] + long_roots[:30000])]
        self.ru_surnames = list(_RU_SURNAMES_TOP) + tail
        self.ru_surname_p = _zipf(len(self.ru_surnames), 1.0, 10)
        names, weights = zip(*_RU_FIRST)
        self.ru_first = list(names)
        self.ru_first_p = np.array(weights, float) / sum(weights)
        self.groups = list(_GROUPS)
        self.group_p = np.array([_GROUPS[g]["weight"] for g in self.groups])
        self.group_p /= self.group_p.sum()
        # per group: (surnames, their weights, first names, their weights, fathers' weights)
        self.pools: dict[str, tuple] = {}
        for g, spec in _GROUPS.items():
            if g == "russian":
                continue
            if g in _POOLS[self.names]:
                pool = _POOLS[self.names][g]
                surnames, firsts = _wide_pool(spec, pool)
                first_p = _zipf(len(firsts), 1.0, pool["first"][1])
                surname_p = _zipf(len(surnames), 0.8) if pool["sur"] is None else _zipf(len(surnames), 1.0,
                                                                                         pool["sur"][1])
                self.pools[g] = (surnames, surname_p, firsts, first_p, first_p)
            else:
                self.pools[g] = (spec["surnames"], _zipf(len(spec["surnames"]), 0.8), spec["first"],
                                 _zipf(len(spec["first"]), 0.7), _zipf(len(spec["first"]), 0.5))
        self.settlements = {
            code: [f"{p} {roots[(zlib.crc32(code.encode()) + i * 7) % len(roots)]}о"
                   for i, p in enumerate(["г."] * 3 + ["с."] * 5 + ["пос."] * 2)]
            for g in _GROUPS.values() for code in g["regions"]
        }

    def _choice(self, items, p=None):
        if p is None:
            return items[int(self.rng.integers(len(items)))]
        key = (id(items), len(p))
        cdf = self._cdfs.get(key)
        if cdf is None:
            cdf = self._cdfs[key] = np.cumsum(p) / np.sum(p)
        return items[min(int(np.searchsorted(cdf, self.rng.random(), side="right")), len(items) - 1)]

    def person(self, pid: int) -> Person:
        rng = self.rng
        group = self._choice(self.groups, self.group_p)
        spec = _GROUPS[group]
        if group == "russian":
            surname = self._choice(self.ru_surnames, self.ru_surname_p)
            first = self._choice(self.ru_first, self.ru_first_p)
            father = self._choice(_RU_FATHERS, _zipf(len(_RU_FATHERS), 0.7))
        else:
            surnames, surname_p, firsts, first_p, father_p = self.pools[group]
            surname = self._choice(surnames, surname_p)
            first = self._choice(firsts, first_p)
            father = self._choice(firsts, father_p)
        patronymic = patronymic_of(father) if rng.random() < 0.93 else ""
        death = dt.date.fromordinal(_EPOCH + int(rng.integers(0, 1400)))
        age = int(np.clip(rng.normal(36, 9), 19, 63))
        birth = death - dt.timedelta(days=age * 365 + int(rng.integers(0, 365)))
        lag = int(rng.integers(3, 31)) if rng.random() < 0.88 else int(rng.integers(60, 400))
        region = self._choice(spec["regions"])
        return Person(
            pid, surname, first, patronymic, birth, death, death + dt.timedelta(days=lag), region,
            self._choice(self.settlements[region]),
            f"в/ч {int(rng.integers(10000, 99999))}" if rng.random() < 0.6 else None,
            self._choice(_CATEGORIES), group,
        )

    def namesake(self, pid: int, of: Person) -> Person:
        """Another person with the same full name: other dates, maybe the same region."""
        p = self.person(pid)
        p.surname, p.first, p.patronymic, p.group = of.surname, of.first, of.patronymic, of.group
        if self.rng.random() < 0.5:
            p.region, p.settlement = of.region, of.settlement
        return p

    def typo(self, word: str) -> str:
        rng = self.rng
        if len(word) < 4:
            return word
        i = int(rng.integers(1, len(word) - 1))
        kind = rng.integers(0, 4)
        letters = "аоеиуынтсрвлкмдпгзб"
        if kind == 0:
            return word[:i] + word[i + 1:]
        if kind == 1:
            return word[:i] + letters[int(rng.integers(len(letters)))] + word[i + 1:]
        if kind == 2:
            return word[:i] + letters[int(rng.integers(len(letters)))] + word[i:]
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1:]

    def mention(self, p: Person) -> dict:
        rng = self.rng
        r = rng.random
        source = self._choice(_SOURCES, [0.35, 0.2, 0.2, 0.15, 0.1])
        surname, first, patronymic = p.surname, p.first, p.patronymic
        if r() < 0.25:
            patronymic = ""
        if "ё" in surname + first + patronymic and r() < 0.6:
            surname, first, patronymic = (x.replace("ё", "е") for x in (surname, first, patronymic))
        if r() < 0.07:
            surname = self.typo(surname)
        if r() < 0.03:
            first = self.typo(first)
        if "-" in first and r() < 0.5:
            first = first.replace("-", " " if r() < 0.5 else "")
        english = r() < 0.05
        if english:
            surname, first, patronymic = translit(surname), translit(first), ""
        if r() < 0.04:
            surname, first = first, surname
        m: dict = {"surname": surname, "first_name": first, "patronymic": patronymic or None}
        m["full_name"] = " ".join(x for x in (surname, first, patronymic) if x)
        roll = r()
        if roll < 0.3:
            m["birth_date"] = p.birth.isoformat()
        elif roll < 0.4:
            m["birth_date"] = str(p.birth.year)
        elif roll < 0.8:
            m["age"] = (p.death - p.birth).days // 365
        roll = r()
        if roll < 0.5:
            m["death_date"] = p.death.isoformat()
        elif roll < 0.58:
            m["death_date"] = p.death.isoformat()[:7]
        # a notice without the death date is nearly always a funeral notice, which
        # names the day of the farewell (one notice in twenty names neither date)
        if "death_date" not in m or r() < 0.3:
            if r() < 0.88:
                m["funeral_date"] = p.funeral.isoformat()
        report = max(p.death, p.funeral if "funeral_date" in m else p.death)
        m["reported_date"] = (report + dt.timedelta(days=int(rng.integers(0, 40)))).isoformat()
        # sources are regional (local news, governors' and district channels, regional
        # memorial lists): the region is missing mainly from national and foreign media
        roll = r()
        if roll < 0.82:
            m["region"] = p.region
        elif roll < 0.93:
            m["region_raw"] = _REGION_VARIANTS.get(p.region, p.region)
        if r() < 0.45:
            m["settlement"] = p.settlement
        if p.unit and r() < 0.4:
            m["unit"] = p.unit
        if r() < 0.6:
            m["category"] = p.category
        m["source_id"] = "en-media" if english else f"bench-{source}"
        return m

    def anonymous(self) -> dict:
        death = dt.date.fromordinal(_EPOCH + int(self.rng.integers(0, 1400)))
        return {"surname": None, "first_name": None, "patronymic": None, "full_name": None,
                "death_date": death.isoformat(), "reported_date": death.isoformat(),
                "region": self._choice(_GROUPS["russian"]["regions"]), "source_id": "bench-import"}


def generate(n_mentions: int, seed: int = 7, names: str = DEFAULT_NAMES) -> tuple[list[dict], np.ndarray]:
    """Mentions (shuffled, as sources would publish them) and each one's true person id.
    ``names``: the minority groups' name pools — ``realistic`` (the default; see
    ``_REALISTIC_POOLS``), ``wide`` (the fifth pass's, Tuvan surnames as narrow) or
    ``narrow`` (the benchmark's until December 2026, kept as a stress test: one name per
    group is held by a fifth of it)."""
    mentions, truth, _persons = generate_with_persons(n_mentions, seed, names)
    return mentions, truth


def generate_with_persons(n_mentions: int, seed: int = 7,
                          names: str = DEFAULT_NAMES) -> tuple[list[dict], np.ndarray, list[Person]]:
    """``generate`` and the true persons drawn (each with its group), for the realism figures."""
    gen = Generator(seed, names)
    rng = gen.rng
    mentions: list[dict] = []
    truth: list[int] = []
    persons: list[Person] = []
    pid = 0
    while len(mentions) < n_mentions:
        if rng.random() < 0.003:
            mentions.append(gen.anonymous())
            truth.append(pid)
            pid += 1
            continue
        if persons and rng.random() < 0.015:
            person = gen.namesake(pid, persons[int(rng.integers(len(persons)))])
        else:
            person = gen.person(pid)
        persons.append(person)
        k = gen._choice((0, 1, 2, 3), (0.42, 0.32, 0.16, 0.10)) + 1
        for _ in range(k):
            mentions.append(gen.mention(person))
            truth.append(pid)
        pid += 1
    mentions, truth = mentions[:n_mentions], truth[:n_mentions]
    order = rng.permutation(len(mentions))
    return [mentions[i] for i in order], np.asarray(truth, dtype=np.int64)[order], persons


def name_stats(mentions: list[dict], truth: np.ndarray, top: int = 5) -> dict:
    """How common names are among the true persons: each person's name is the
    (surname, first name) most of its mentions give (ё folded); anonymous rows are
    left out. Also the share of persons of several mentions whose mentions share
    nothing but the name (no birth, death/funeral day or month, settlement, unit)."""
    from collections import Counter, defaultdict

    by_person: dict[int, list[dict]] = defaultdict(list)
    for m, t in zip(mentions, truth.tolist()):
        if m.get("surname"):
            by_person[t].append(m)
    name_of = {}
    for t, rows in by_person.items():
        spellings = Counter((m["surname"].replace("ё", "е"), m["first_name"].replace("ё", "е")) for m in rows)
        name_of[t] = spellings.most_common(1)[0][0]
    names = Counter(name_of.values())
    surnames = Counter(surname for surname, _ in name_of.values())
    n = len(name_of)

    def shared_fields(rows: list[dict]) -> bool:
        for fld in ("birth_date", "age", "death_date", "funeral_date", "settlement", "unit"):
            values = [m.get(fld) for m in rows if m.get(fld)]
            if len(values) >= 2 and len(set(values)) < len(values):
                return True
        return False

    multi = [rows for rows in by_person.values() if len(rows) >= 2]
    return {
        "persons": n,
        "with_namesake": sum(1 for nm in name_of.values() if names[nm] > 1) / max(n, 1),
        "top_names": [(f"{s} {f}", c, c / n) for (s, f), c in names.most_common(top)],
        "top_surnames": [(s, c, c / n) for s, c in surnames.most_common(top)],
        "name_only": sum(1 for rows in multi if not shared_fields(rows)) / max(len(multi), 1),
    }


def group_name_stats(persons: list[Person]) -> dict[str, dict]:
    """Per group of the generator (and ``all``), from the true persons' names: the share of
    the commonest surname and of the ten commonest, the commonest first name's share, and
    the share of persons whose full name (surname + first name) another person also bears
    (anywhere in the data, as a namesake would be met by the matcher)."""
    from collections import Counter

    full = Counter((p.surname, p.first) for p in persons)
    out: dict[str, dict] = {}
    for group in ["all", *_GROUPS]:
        members = persons if group == "all" else [p for p in persons if p.group == group]
        n = len(members)
        if not n:
            continue
        surnames = Counter(p.surname for p in members).most_common()
        firsts = Counter(p.first for p in members).most_common(1)
        out[group] = {
            "persons": n,
            "top_surname": (surnames[0][0], surnames[0][1] / n),
            "top10_surnames": sum(c for _, c in surnames[:10]) / n,
            "top_first": (firsts[0][0], firsts[0][1] / n),
            "with_namesake": sum(1 for p in members if full[p.surname, p.first] > 1) / n,
        }
    return out


def print_group_stats(persons: list[Person]) -> None:
    print("group          persons  commonest surname    top-10  commonest first name  full-name namesake")
    for group, st in group_name_stats(persons).items():
        (sur, sur_sh), (first, first_sh) = st["top_surname"], st["top_first"]
        print(f"{group:14s} {st['persons']:7d}  {sur:12s} {100 * sur_sh:5.1f}%  {100 * st['top10_surnames']:5.1f}%"
              f"  {first:12s} {100 * first_sh:5.1f}%  {100 * st['with_namesake']:5.1f}%")


def print_name_stats(mentions: list[dict], truth: np.ndarray) -> None:
    st = name_stats(mentions, truth)
    print(f"{st['persons']} named persons; {100 * st['with_namesake']:.1f}% share their full name"
          f" (surname + first name) with another person")
    print("commonest full names: " + ", ".join(f"{nm} {c} ({100 * sh:.2f}%)" for nm, c, sh in st["top_names"]))
    print("commonest surnames: " + ", ".join(f"{nm} {c} ({100 * sh:.2f}%)" for nm, c, sh in st["top_surnames"]))
    print(f"persons of several mentions whose mentions share nothing but the name: {100 * st['name_only']:.1f}%")


_COLUMNS = ("key", "source_id", "full_name", "surname", "first_name", "patronymic", "birth_date",
            "age", "death_date", "funeral_date", "reported_date", "region", "region_raw",
            "settlement", "unit", "category", "first_seen_at", "updated_at")


def write_db(path: str | Path, mentions: list[dict], truth: np.ndarray, *, start: int = 0) -> None:
    """Insert mentions (ids start+1 …) and a ``bench_truth`` table into a nekrolog database."""
    db = open_db(path)
    conn = db.conn
    now = "2026-01-01T00:00:00+00:00"
    conn.execute("CREATE TABLE IF NOT EXISTS bench_truth (mention_id INTEGER PRIMARY KEY, person INTEGER)")
    with conn:
        for sid in sorted({m["source_id"] for m in mentions}):
            conn.execute(
                "INSERT OR IGNORE INTO sources (id, kind, name, created_at, updated_at) VALUES (?,?,?,?,?)",
                (sid, "import", sid, now, now),
            )
        rows = []
        for i, m in enumerate(mentions):
            mid = start + i + 1
            row = {**m, "key": f"import:{m['source_id']}:{mid}", "first_seen_at": now, "updated_at": now}
            rows.append((mid, *(row.get(c) for c in _COLUMNS)))
        conn.executemany(
            f"INSERT INTO mentions (id, {', '.join(_COLUMNS)}) VALUES ({', '.join('?' * (len(_COLUMNS) + 1))})",  # noqa: S608 - constant columns
            rows,
        )
        conn.executemany(
            "INSERT INTO bench_truth (mention_id, person) VALUES (?, ?)",
            [(start + i + 1, int(t)) for i, t in enumerate(truth)],
        )
    conn.close()


NAMES_HELP = ("the name pools: realistic (default; each group's shares near published surname and "
              "first-name frequencies, see docs/matching.md 'Sixth pass'), wide (the fifth pass's: Tuvan "
              "surnames as narrow) or narrow (a stress test: one surname per minority group held by a "
              "fifth of it, Хабибуллин the commonest surname of all the dead)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", help="the database to write (required unless --stats)")
    parser.add_argument("--names", choices=tuple(_POOLS), default=DEFAULT_NAMES, help=NAMES_HELP)
    parser.add_argument("--stats", action="store_true",
                        help="print how common the commonest names are, overall and per group")
    args = parser.parse_args()
    if not args.out and not args.stats:
        parser.error("--out is required (or --stats to print the name figures only)")
    mentions, truth, persons = generate_with_persons(args.n, args.seed, args.names)
    if args.stats:
        print_name_stats(mentions, truth)
        print_group_stats(persons)
    if not args.out:
        return
    if Path(args.out).exists():
        sys.exit(f"{args.out} exists; refusing to overwrite")
    write_db(args.out, mentions, truth)
    print(f"{args.out}: {len(mentions)} mentions of {len(set(truth.tolist()))} persons")


if __name__ == "__main__":
    main()
