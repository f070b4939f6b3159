"""Regenerate db/data/regions.json from regions_source.txt.

Run ``python db/data/build_regions.py`` after editing the source. pymorphy3 is
needed only here: the committed JSON carries every case form, so runtime
lookups need no morphology and start fast.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pymorphy3

HERE = Path(__file__).parent
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "loc2", "gen2")
MORPH = pymorphy3.MorphAnalyzer()

# Namesakes: the same town name in several regions.  ``dominant`` is used only
# where one place is a big city and the others are villages or small towns
# rarely meant without qualification; otherwise the name stays ambiguous.
NAMESAKES: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "Железногорск": (None, ("RU-KRS", "RU-KYA")),
    "Троицк": (None, ("RU-MOW", "RU-CHE")),
    "Заречный": (None, ("RU-PNZ", "RU-SVE")),
    "Михайловск": (None, ("RU-STA", "RU-SVE")),
    "Кировск": (None, ("RU-MUR", "RU-LEN", "UA-09")),
    "Советск": (None, ("RU-KGD", "RU-KIR", "RU-TUL")),
    "Белогорск": (None, ("RU-AMU", "UA-43")),
    "Зеленогорск": (None, ("RU-KYA", "RU-SPE")),
    "Берёзовский": (None, ("RU-SVE", "RU-KEM")),
    "Свердловск": (None, ("RU-SVE", "UA-09")),
    "Славянск": (None, ("UA-14", "RU-KDA")),
    "Красноармейск": (None, ("UA-14", "RU-MOS", "RU-SAR")),
    "Донецк": ("UA-14", ("UA-14", "RU-ROS")),
    "Киров": ("RU-KIR", ("RU-KIR", "RU-KLU")),
    "Благовещенск": ("RU-AMU", ("RU-AMU", "RU-BA")),
    "Ростов": ("RU-ROS", ("RU-ROS", "RU-YAR")),
    "Артёмовск": ("UA-14", ("UA-14", "RU-KYA")),
    "Новгород": ("RU-NGR", ("RU-NGR",)),
    "Мирный": (None, ("RU-SA", "RU-ARK")),
    "Куйбышев": (None, ("RU-NVS", "RU-SAM")),  # also Samara's Soviet name: "родился в Куйбышеве"
}

# Forms pymorphy gets wrong or does not know.
EXTRA_FORMS: dict[str, tuple[str, ...]] = {
    "Сергиев Посад": ("Сергиевом Посаде", "Сергиевым Посадом", "Сергиеве Посаде"),
    "Крым": ("Крыму",),
    "Кузбасс": ("Кузбассе", "Кузбасса", "Кузбассу", "Кузбассом"),
    "Югра": ("Югре", "Югры", "Югру", "Югрой"),
    "Туймазы": ("Туймаз", "Туймазов", "Туймазам", "Туймазами", "Туймазах"),
    "Учалы": ("Учал", "Учалов", "Учалам", "Учалами", "Учалах"),
    "Лиски": ("Лисок", "Лискам", "Лисками", "Лисках"),
    "Валуйки": ("Валуек",),
    "Шали": ("Шалей",),
    "Нижние Серги": ("Нижних Серёг", "Нижних Серег"),
    "Полевской": ("Полевского", "Полевскому", "Полевским", "Полевском"),
    # -ье region names pymorphy does not know (it guesses Прикамье, Забайкалье right)
    "Приамурье": ("Приамурья", "Приамурью", "Приамурьем"),
    "Приангарье": ("Приангарья", "Приангарью", "Приангарьем"),
    "Прииртышье": ("Прииртышья", "Прииртышью", "Прииртышьем"),
    "Верхневолжье": ("Верхневолжья", "Верхневолжью", "Верхневолжьем"),
}

# Single-word names that need a preposition or "г."/"город" before them to count
# in free text, beyond those detected automatically (surnames, common words).
FORCE_CTX = {"коми", "саха", "алтай", "бор", "орел", "шахты", "находка", "артем", "салават", "асбест",
             "лесной", "донской", "узловая", "грозный", "свободный", "прохладный", "волжский",
             "октябрьский", "жуковский", "дзержинский", "пушкин", "королев", "чехов", "клин", "азов",
             "губкин", "серов", "энгельс", "кропоткин", "балашов", "александров", "арсеньев", "стаханов",
             "чайковский", "торез", "каховка", "видное", "павлово", "шуя", "ревда", "ишим", "дмитров", "ковров", "глазов",
             "реутов", "муром", "златоуст", "белово", "шелехов", "ефремов", "курчатов", "корсаков", "куйбышев",
             "ярцево", "мирный", "аргун", "урай", "лиски", "ур",
             # towns named like a river or a common word: «в Тереке», «из Дно», «в Острове», «в Оби»
             "терек", "дно", "остров", "обь", "кирс"}
# Towns whose every form is safe without context although pymorphy knows a homograph.
NO_CTX_TOWNS = {"магас", "сибай", "калуга", "бахмут", "электросталь", "ессентуки", "котельники", "апатиты",
                "курган", "самара", "тула", "пенза", "уфа", "омск", "белебей", "нальчик", "ачинск", "томск",
                "иркутск", "курск", "брянск", "смоленск", "липецк", "мурманск", "хабаровск", "красноярск"}
# Automatic detection is too eager for these (pymorphy knows an obscure homograph).
NO_CTX = {"калуга", "калуге", "калуги", "калугой", "калугу", "бахмут", "бахмута", "бахмуте", "бахмуту",
          "бахмутом", "электросталь", "электростали", "электросталью", "ессентуки", "ессентуках",
          "ессентуков", "ессентукам", "ессентуками", "котельники", "котельниках", "котельников",
          "апатиты", "апатитах", "апатитов", "апатитам", "апатитами", "курган", "кургана", "кургане", "курганом", "кургану", "самары", "тулы", "туле", "тула", "тулу",
          "пензы", "пензе", "пенза", "омск", "уфа", "уфы", "уфе"}

TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
                     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"], strict=True))


def norm(s: str) -> str:
    s = s.lower().replace("ё", "е")
    s = re.sub(r"[^0-9a-zа-я]+", " ", s)
    return " ".join(s.split())


def translit(s: str) -> str:
    return "".join(TRANSLIT.get(ch, ch) for ch in s.lower())


def _pick(word: str, pos: str | None):
    parses = [p for p in MORPH.parse(word.lower()) if "nomn" in p.tag]
    if not parses:
        return None
    for ok in (lambda p: "Geox" in p.tag and (pos is None or p.tag.POS == pos),
               lambda p: pos is None or p.tag.POS == pos,
               lambda p: True):
        for p in parses:
            if ok(p):
                return p
    return None


def _cap(form: str, like: str) -> str:
    parts, likes = form.split("-"), like.split("-")
    out = []
    for i, part in enumerate(parts):
        ref = likes[i] if i < len(likes) else likes[-1]
        if ref.isupper() and len(ref) > 1:
            out.append(part.upper())
        elif ref[:1].isupper():
            out.append(part[:1].upper() + part[1:])
        else:
            out.append(part)
    return "-".join(out)


def _word_forms(word: str, pos: str | None, agree=None) -> dict[str, str]:
    """Case → form for one word (hyphenated words handled part-wise when unknown as a whole)."""
    p = _pick(word, pos)
    if p is not None and agree is not None and p.tag.POS in ("ADJF", "PRTF"):
        number, gender = agree
        want = {"plur"} if number == "plur" else ({gender, "sing"} if gender else {"sing"})
        p = p.inflect(want) or p
    if p is not None and ("Geox" in p.tag or "-" not in word):
        out = {}
        for case in CASES:
            q = p.inflect({case})
            out[case] = _cap(q.word, word) if q else word
        return out
    if "-" in word:
        parts = word.split("-")
        if "на" in parts:  # Ростов-на-Дону: only the head declines
            i = parts.index("на")
            head = _word_forms("-".join(parts[:i]), "NOUN")
            return {c: head[c] + "-" + "-".join(parts[i:]) for c in CASES}
        last = _word_forms(parts[-1], None)
        lastp = _pick(parts[-1], None)
        # Кабардино-Балкарская: a linking -о/-е first part never declines.
        if lastp is not None and lastp.tag.POS == "ADJF" and len(parts) == 2 and parts[0][-1] not in "оеОЕ":
            first = _word_forms(parts[0], "NOUN")
            return {c: first[c] + "-" + last[c] for c in CASES}
        return {c: "-".join(parts[:-1]) + "-" + last[c] for c in CASES}
    return dict.fromkeys(CASES, word)


def phrase_forms(phrase: str, first_only: bool = False) -> set[str]:
    """All case forms of a name such as 'Свердловская область' or 'Республика Бурятия'."""
    if phrase.startswith("="):
        return {phrase[1:]}
    if " — " in phrase:
        left, right = phrase.split(" — ", 1)
        return {f + " " + g for f in phrase_forms(left, first_only) for g in phrase_forms(right)}
    words = phrase.split()
    if words[0] == "Республика" and len(words) > 1:
        first_only = True
    declinable = [i for i, w in enumerate(words) if re.fullmatch(r"[А-Яа-яЁё-]+", w)]
    if first_only:
        declinable = [0]
    head = None
    for i in reversed(declinable):
        hp = _pick(words[i], "NOUN")
        if hp is not None and hp.tag.POS == "NOUN":
            head = hp
            break
    agree = (head.tag.number, head.tag.gender) if head is not None else None
    per_word = []
    for i, w in enumerate(words):
        if i in declinable:
            pos = "NOUN" if head is not None and w.lower() == head.word else None
            # The written name is in the nominative, so an adjective's own ending tells its
            # gender (Верхняя Хава): an unknown head noun's guessed gender may be wrong.
            own = _nominative_adjective(w) if pos is None else None
            per_word.append(_word_forms(w, pos, own or (agree if pos is None else None)))
        else:
            per_word.append(dict.fromkeys(CASES, w))
    forms = {" ".join(pw[c] for pw in per_word) for c in CASES}
    guessed = _guessed_by_case(words[-1]) if len(words) > 1 and len(set(per_word[-1].values())) == 1 else None
    if guessed:
        # «Старая Русса»: pymorphy declines the adjective but not an unknown noun («из Старой Руссы»).
        forms |= {" ".join(pw[c] for pw in per_word[:-1]) + " " + guessed[c] for c in CASES}
    if len(words) == 1 and words[0][-1:] == "ь" and len(words[0]) > 4:
        # Town names in -ь are mostly feminine (Караидель, Россошь, Лебедянь): «из Караидели», «Караиделью».
        forms |= {words[0][:-1] + "и", words[0][:-1] + "ью"}
    if len(words) == 1 and "-" in words[0] and not words[0].startswith(("Усть-", "Ростов-")):
        # «в Кызыл-Мажалыке», «из Ак-Довурака»: often only the last part declines.
        head_part, _, last = words[0].rpartition("-")
        forms |= {head_part + "-" + f for f in _word_forms(last, "NOUN").values()}
    if len(words) == 1 and forms == {words[0]}:
        forms |= _guessed_forms(words[0])
    forms |= set(EXTRA_FORMS.get(phrase, ()))
    if len(words) == 1 and re.search(r"(ово|ево|ино|ыно|ёво)$", words[0]):
        forms.add(words[0])  # "в Кемерово": these are often left undeclined
    both = re.fullmatch(r"([А-ЯЁ][а-яё]+[оеёиы]в|[А-ЯЁ][а-яё]+[иы]н)о-([А-ЯЁ][а-яё]+[оеёиы]в|[А-ЯЁ][а-яё]+[иы]н)о", phrase)
    if both:
        # «из Орехова-Зуева», «в Ликине-Дулёве»: both parts of a name in -ово decline
        a, b = both.groups()
        forms |= {f"{a}{e}-{b}{e}" for e in ("а", "у", "ым", "е")}
    return forms


def _guessed_forms(word: str) -> set[str]:
    """Case forms of a village name pymorphy leaves undeclined (Кадуй, Ачит, Кыра, Кемля, Вурнары):
    the regular noun endings. Names in -о, -е, -и, -у, -ю, -э and -ь (gender unknown) stay as written."""
    stem, last = word[:-1], word[-1].lower()
    if len(word) <= 3 or re.search(r"(?:ск|цк)[оиы]й$|[ыи]х$", word):
        return set()  # Яя; Даровской, Лиховской decline as adjectives; Смирных does not decline
    if last == "й":
        return {stem + e for e in ("я", "ю", "ем", "е")}
    if last == "а":
        return {stem + ("и" if stem[-1:].lower() in "кгхжшчщ" else "ы"), stem + "е", stem + "у", stem + "ой"}
    if last == "я":
        return {stem + e for e in ("и", "е", "ю", "ей")}
    if last == "ы" or (last == "и" and stem[-1:].lower() in "кгх"):
        # в Вурнарах, в Шатках; «житель Вурнар» (a genitive plural in -ы is the bare stem)
        return {stem + "ах", stem + "ам"} | ({stem} if last == "ы" and len(stem) >= 4 else set())
    if last == "и" and len(stem) >= 4:
        # «уроженец Дюртюлей», «в Дюртюлях»: a plural name in -и after a soft or hissing consonant
        hard = stem[-1:].lower() in "жшчщ"
        return {stem + "ей", stem + ("ам" if hard else "ям"), stem + ("ах" if hard else "ях")}
    if last in "бвгджзклмнпрстфхцчшщ":
        return {word + e for e in ("а", "у", "ом", "е")}
    return set()


def _guessed_by_case(word: str) -> dict[str, str] | None:
    """Case → form of an unknown noun by its ending (Русса → Руссы, Руссе, Руссу, Руссой)."""
    stem, last = word[:-1], word[-1:].lower()
    if len(word) <= 3 or not re.fullmatch(r"[А-ЯЁа-яё]+", word):
        return None
    if last == "а":
        gent = stem + ("и" if stem[-1:].lower() in "кгхжшчщ" else "ы")
        return {"nomn": word, "gent": gent, "datv": stem + "е", "accs": stem + "у", "ablt": stem + "ой",
                "loct": stem + "е", "loc2": stem + "е", "gen2": gent}
    if last == "ы":  # plural: Печоры, Вурнары
        return {"nomn": word, "gent": stem, "datv": stem + "ам", "accs": word, "ablt": stem + "ами",
                "loct": stem + "ах", "loc2": stem + "ах", "gen2": stem}
    if last in "бвгдзклмнпрстфх":
        # «Нижний Бестях» → «в Нижнем Бестяхе», «из Верхнего Бестяха»: an unknown masculine noun
        return {"nomn": word, "gent": word + "а", "datv": word + "у", "accs": word, "ablt": word + "ом",
                "loct": word + "е", "loc2": word + "е", "gen2": word + "а"}
    return None


def _nominative_adjective(word: str) -> tuple[str, str | None] | None:
    """(number, gender) of a word written as a nominative adjective (Верхняя → sing, femn)."""
    if "-" in word:
        return None
    for p in MORPH.parse(word.lower()):
        if p.tag.POS == "ADJF" and "nomn" in p.tag and "Geox" not in p.tag:
            return (str(p.tag.number), str(p.tag.gender) if p.tag.gender else None)
    return None


def lemma_forms(lemma: str) -> set[str]:
    """Every form (all cases, genders, numbers) of an adjective or demonym."""
    p = _pick(lemma, None)
    forms = {x.word for x in p.lexeme} | {lemma} if p is not None else {lemma}
    if lemma.endswith(("анин", "янин")):
        # pymorphy guesses «ижевчанин» in the singular only: «двух ижевчан», «ижевчане»
        base = lemma[:-2]
        forms |= {base + e for e in ("е", "", "ам", "ами", "ах")} | {lemma + e for e in ("а", "у", "ом", "е")}
    return forms


def needs_ctx(form: str) -> bool:
    n = norm(form)
    if n in NO_CTX or " " in n:
        return False
    if n in FORCE_CTX:
        return True
    return any("Geox" not in p.tag and p.score >= 0.05 for p in MORPH.parse(n))


def adjective_homograph(form: str) -> bool:
    """'Курском' is also an adjective (Курском вокзале): such forms still need context."""
    return any(p.tag.POS in ("ADJF", "ADJS") and "Geox" not in p.tag for p in MORPH.parse(norm(form)))


def english_keys(code: str, name_ru: str, name_en: str, en: list[str]) -> set[str]:
    keys = {norm(code), norm(name_en), *(norm(e) for e in en)}
    first = name_ru.split()[0]
    base = norm(name_en)
    if "область" in name_ru and first != "Еврейская":
        t = translit(first)  # sverdlovskaya
        for suf in ("oblast", "region", "obl", "province"):
            keys |= {f"{base} {suf}", f"{t} {suf}"}
    elif "край" in name_ru:
        t = translit(first)[:-2]  # krasnodarsk(iy)
        for adj in ("iy", "y", "ii", "i", "ij"):
            for suf in ("krai", "kray"):
                keys.add(f"{t}{adj} {suf}")
        for suf in ("krai", "kray", "territory", "region"):
            keys.add(f"{base} {suf}")
    elif "Республика" in name_ru or "Republic" in name_en:
        keys |= {f"republic of {base}", f"{base} republic"}
    return {k for k in keys if k}


# code -> [(informal name, the town's name)], filled by read_towns
ALIASES: dict[str, list[tuple[str, str]]] = {}


def read_towns() -> tuple[dict[str, list[str]], dict[str, list[str]], set[str]]:
    """towns_source.txt: towns with city status per region (they join ``Region.towns``), and
    villages/district centres; a "?" name is shared with places elsewhere (the set returned)."""
    towns: dict[str, list[str]] = {}
    villages: dict[str, list[str]] = {}
    elsewhere: set[str] = set()
    for line in (HERE / "towns_source.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, town_col, village_col = (c.strip() for c in line.split("|"))
        for col, target in ((town_col, towns), (village_col, villages)):
            for raw in (x.strip() for x in col.split(",")):
                if not raw:
                    continue
                name = raw.lstrip("?")
                if ">" in name:  # «Челны>Набережные Челны»: an informal name of a town
                    alias, _, canonical = (x.strip() for x in name.partition(">"))
                    ALIASES.setdefault(code, []).append((alias, canonical))
                    continue
                if raw.startswith("?"):
                    elsewhere.add(name)
                    target = villages  # never a Region.town: it names no region by itself
                lst = target.setdefault(code, [])
                if name not in lst:
                    lst.append(name)
    return towns, villages, elsewhere


def read_districts() -> dict[str, str | None]:
    """districts_source.txt: the stem of a district's adjective (Мегино-Кангалас-ский → «мегино-кангалас») and its
    region; None for a name several regions share (or one listed under "?")."""
    out: dict[str, str | None] = {}
    for line in (HERE / "districts_source.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, col = (c.strip() for c in line.split("|"))
        for raw in (x.strip() for x in col.split(",")):
            m = re.fullmatch(r"(.+?)(?:ск|цк|к)(?:ий|ой)", raw)
            if not m:
                raise SystemExit(f"districts_source.txt: not a district adjective: {raw!r}")
            stem = m.group(1).lower().replace("ё", "е")
            out[stem] = None if code == "?" or out.get(stem, code) != code else code
    return dict(sorted(out.items()))


def main() -> None:
    regions = []
    keys: dict[str, list] = {}
    english: dict[str, str] = {}
    settlements: dict[str, list] = {}
    demonym_towns: dict[str, list] = {}

    def add(form: str, code: str | None, kind: str, strength: float, lemma: str, ctx: bool | None = None) -> None:
        n = norm(form)
        if not n:
            return
        c = needs_ctx(form) if ctx is None else ctx
        entry = [code, kind, strength, int(c), lemma]
        lst = keys.setdefault(n, [])
        if entry not in lst:
            lst.append(entry)

    extra_towns, villages, elsewhere = read_towns()
    for line in (HERE / "regions_source.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("|")]
        code, name_ru, name_en, centre, towns, variants, en, adjs, dems = cols
        towns_l = [t.strip() for t in towns.split(",") if t.strip()]
        towns_l += [t for t in extra_towns.get(code, ()) if t not in towns_l]
        variants_l = [v.strip() for v in variants.split(",") if v.strip()]
        en_l = [e.strip() for e in en.split(",") if e.strip()]
        all_towns = [centre] + [t for t in towns_l if t != centre]
        regions.append({"code": code, "name_ru": name_ru, "name_en": name_en, "centre": centre,
                        "towns": all_towns,
                        "variants": list(dict.fromkeys(v.lstrip("=~") for v in variants_l))})
        official = name_ru.replace("(", "").replace(")", "")
        for f in phrase_forms(official):
            add(f, code, "region", 1.0, name_ru, False)
        if " (" in name_ru:
            for f in phrase_forms(name_ru.split(" (")[0]):
                add(f, code, "region", 1.0, name_ru, False)
        if " — " in name_ru:
            for f in phrase_forms(name_ru.split(" — ")[0]):
                add(f, code, "region", 1.0, name_ru, False)
        words = name_ru.split()
        if len(words) >= 2 and words[1] in ("область", "край") or "автономн" in name_ru:
            adj_forms = phrase_forms(words[0])
            nouns = {"область": ["области", "областей", "областям", "областями", "областях", "обл"],
                     "край": ["края", "краев", "краям", "краями", "краях", "кр"]}.get(words[1], ["АО"])
            for a in adj_forms:
                for nn in nouns:
                    add(f"{a} {nn}", code, "region", 1.0, name_ru, False)
        for v in variants_l:
            low = v.startswith("~")
            v = v.lstrip("~")
            for f in phrase_forms(v):
                ctx = True if norm(f) in FORCE_CTX else (None if " " not in f and not v.startswith("=") else False)
                if ctx is None:
                    ctx = False  # region names are proper nouns; only FORCE_CTX ones need context
                add(f, code, "region", 0.5 if low else 1.0, v.lstrip("="), ctx)
        for t in all_towns:
            forms = phrase_forms(t)
            for f in forms:
                if norm(t) in FORCE_CTX:
                    ctx = True  # every form of a surname-like town: Азов/Азова, Дмитров/Дмитрова
                elif norm(t) in NO_CTX_TOWNS:
                    ctx = adjective_homograph(f)
                else:
                    ctx = None
                add(f, code, "settlement", 0.8, t, ctx)
                settlements.setdefault(norm(f), [])
                if [t, code] not in settlements[norm(f)]:
                    settlements[norm(f)].append([t, code])
        for a in adjs.split(","):
            if not a.strip():
                continue
            lemma, strength = a.strip().split(":")
            for f in lemma_forms(lemma):
                add(f, code, "adjective", float(strength), lemma, False)
        for d in dems.split(","):
            if d.strip():
                # «кунгуряк>Кунгур»: a town's demonym also names the town (a region's, «кузбассовец», does not)
                lemma, _, town = (x.strip() for x in d.partition(">"))
                for f in lemma_forms(lemma):
                    add(f, code, "adjective", 0.6, lemma, False)
                    if town:
                        demonym_towns[norm(f)] = [town, code]
        for k in english_keys(code, name_ru, name_en, en_l):
            english.setdefault(k, code)
        for t in all_towns:
            english.setdefault(norm(translit(t)), code)

    # Villages and district centres (and "?" names shared with places elsewhere) come after
    # every region, town, adjective and demonym, so a form that is already one of those keeps it.
    taken = set(keys)
    skipped = []
    for code, names in villages.items():
        for t in names:
            for f in phrase_forms(t):
                n = norm(f)
                if n in taken and any(e[1] != "settlement" for e in keys[n]):
                    skipped.append(f)
                    continue
                if t not in elsewhere:
                    add(f, code, "settlement", 0.7, t, None if norm(t) not in FORCE_CTX else True)
                cur = settlements.setdefault(n, [])
                if [t, code] not in cur:
                    cur.append([t, code])
    elsewhere_names = {t: sorted({c for c, names in villages.items() if t in names}) for t in elsewhere}
    for code, pairs in ALIASES.items():
        for alias, canonical in pairs:
            for f in phrase_forms(alias):
                n = norm(f)
                if n in taken and any(e[1] != "settlement" for e in keys[n]):
                    continue
                add(f, code, "settlement", 0.7, canonical, None)
                cur = settlements.setdefault(n, [])
                if [canonical, code] not in cur:
                    cur.append([canonical, code])

    for name, (dominant, codes) in NAMESAKES.items():
        for f in phrase_forms(name):
            n = norm(f)
            cur = settlements.setdefault(n, [])
            for c in codes:
                if [name, c] not in cur:
                    cur.append([name, c])
            if dominant:
                add(f, dominant, "settlement", 0.8, name)
            # Forms that collide with an unrelated namesake keep all candidates.
            for c in codes:
                if c != dominant and dominant is not None:
                    continue
                if dominant is None:
                    add(f, c, "settlement", 0.8, name)

    # A case form shared by two names (Азова: Азов and Азово; Знаменском: Знаменск and
    # Знаменское) belongs to the name whose nominative it is, else to the town over the village.
    town_names = {t for r in regions for t in r["towns"]}
    oblique: dict[str, list] = {}
    for n, cur in settlements.items():
        if len({c for _, c in cur}) < 2:
            continue
        if len({e[0] for e in cur}) < 2:
            continue  # one name in several regions (Карабаш): a true namesake, every form ambiguous
        nominative = [e for e in cur if norm(e[0]) == n]
        # («Печоры»: the town Печоры, or Печора in the genitive; the oblique reading is kept apart for a caller who
        # knows the case: «жителя Печоры»)
        dropped = [e for e in cur if norm(e[0]) != n and e[0] not in NAMESAKES] if nominative else []
        # (only a town's oblique form: «жители Шали» are of the Chechen Шали, not of the village Шаля)
        if dropped and len({e[0] for e in dropped}) == 1 and len({e[1] for e in dropped}) == 1 \
                and dropped[0][0] in town_names:
            oblique[n] = dropped[0]
        keep = nominative or [e for e in cur if e[0] in town_names] or cur
        keep = [e for e in keep if e[0] not in NAMESAKES] or keep
        if len(keep) < len(cur) and not any(e[0] in NAMESAKES for e in cur):
            settlements[n] = keep
            lemmas = {e[0] for e in keep}
            keys[n] = [e for e in keys.get(n, []) if e[1] != "settlement" or e[4] in lemmas]

    data = {
        "regions": regions,
        "keys": dict(sorted(keys.items())),
        "english": dict(sorted(english.items())),
        "settlements": dict(sorted(settlements.items())),
        "districts": read_districts(),
        "oblique": dict(sorted(oblique.items())),
        "demonym_towns": dict(sorted(demonym_towns.items())),
        # towns with city status no village list names: «посёлок Октябрьский» is another place than the town
        "cities": sorted({norm(t) for t in town_names} - {norm(t) for names in villages.values() for t in names}),
        "namesakes": {k: {"dominant": v[0], "codes": list(v[1])} for k, v in NAMESAKES.items()}
        | {k: {"dominant": None, "codes": v, "elsewhere": True} for k, v in sorted(elsewhere_names.items())},
    }
    (HERE / "regions.json").write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    ctx = sorted({k for k, v in keys.items() if any(e[3] for e in v)})
    n_villages = len({t for names in villages.values() for t in names})
    print(len(regions), "regions,", sum(len(r["towns"]) for r in regions), "towns,", n_villages,
          "villages and district centres,", len(keys), "keys")
    shared = sorted({lem for v in settlements.values() for lem, _ in v
                     if len({c for _, c in v}) > 1})
    print("names in several regions (ambiguous without a hint):", " ".join(shared))
    print("forms left to a region name or adjective:", " ".join(sorted(set(skipped))))
    print("context-required:", " ".join(ctx))


if __name__ == "__main__":
    main()
