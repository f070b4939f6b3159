"""Is a text about a Russian serviceman killed in the war, and how many dead go unnamed?"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import name_info
from .textnorm import literal_cues, lower_rx, lower_text, may_match

_WAR = re.compile(
    r"\bСВО\b|специальн\w+\s+военн\w+\s+операци\w+|спецоперац\w+|зон\w+\s+боев\w+|боев\w+\s+(?:задач|действ)\w*"
    r"|на\s+Украине|на\s+фронте|\bфронт\w*|в\s+бою|воинск\w+\s+долг\w*|\bшахад\w*|Шторм|\bЧВК\b|Вагнер"
    r"|Курской\s+области|Донбасс\w*|Авдеевк\w+|Бахмут\w*|Угледар\w*|обстрел\w*|посмертно|\bгеро\w+",
    re.I,
)
# Deaths told figuratively: «сердце Вадима остановилось под Авдеевкой», «оборвалась жизнь», «не вернулся с
# боевого задания», «вернулся домой на щите» (the only death words of many mourning posts).
_FIGURATIVE_DEATH = (
    r"сердце\s+(?:\w+\s+){0,5}останови\w+|останови\w+\s+(?:\w+\s+)?сердце\s+(?:наш|геро|бойц|земляк|воин|сын|защитник)\w*"
    r"|оборвал\w*\s+жизн\w+|жизн\w+\s+(?:\w+\s+){0,3}оборвал\w*"
    r"|не\s+вернул\w*\s+(?:домой\s+)?(?:с|из)\s+(?:\w+\s+)?(?:задани|бо[яюе]\b|вылет|штурм|разведк)\w*|на\s+щите\b")
_DEATH = re.compile(
    r"погиб\w*|гибел\w+|скончал\w+|\bумер\b|смерт\w+|прощани\w+|простил\w+|простят\w+|похорон\w+|"
    r"погребен\w+|проводили\s+в\s+последний|памят\w+|посмертно|павш\w+|убит\w*|«200»|груз\s*200|хорон\w+"
    r"|отпевани\w+|джаназ\w+|панихид\w+|живот\w*\s+сво\w+\s+полож\w+"
    r"|сложил\w*\s+(?:сво\w+\s+)?голов\w+|отдал\w*\s+(?:сво\w+\s+)?жизн\w+|не\s+стало|утонул\w*"
    r"|перестало\s+биться\s+сердце|сердце\s+(?:\w+\s+){0,5}перестало\s+биться|(?:уш[её]л|ушл\w+)\s+из\s+жизни"
    r"|(?:нашли|найден\w*|обнаружил\w*|обнаружен\w*|извлекли|опознал\w*|опознан\w*)\s+тел[оа]|"
    + _FIGURATIVE_DEATH,
    re.I,
)
_NEGATIVE = [
    ("road accident", re.compile(r"\bДТП\b|авари(?!йн)\w+|столкнул\w+|столкновени\w+|сбил\w*\s+(?:машин|автомоб)|под\s+колёсами", re.I)),
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
    r"(?:погиб\w*|гибел\w+|скончал\w+)[^.!?\n]{0,80}(?:СВО|специальн\w+\s+военн|спецоперац|боев(?!ик)|фронт|на\s+Украине"
    r"|при\s+(?:выполнении|исполнении)|защищая\s+(?:Родин|Отечеств|стран|Росси|интерес|рубеж|Донбасс|границ|товарищ|сослуживц|мирн)"
    r"|в\s+бою|под\s+[А-ЯЁ]|в\s+районе\s+[А-ЯЁ]|обстрел|штурм)"
    r"|(?:в\s+ходе|в\s+зоне)\s+(?:СВО|специальн\w+\s+военн\w+\s+операци\w+|спецоперац\w+)[^.!?\n]{0,60}(?:погиб\w*|гибел\w+)"
    r"|погибш\w+\s+(?:в\s+зоне|в\s+ходе|на\s+СВО|в\s+СВО|участник\w*|воин\w*|бойц\w*|героя?)"
    r"|(?:простил\w+|похорон\w+|прощани\w+|простят\w+)\s+(?:с\s+)?(?:участник\w+|бойц\w+|военнослужащ\w+|добровольц\w+"
    r"|мобилизованн\w+|контрактник\w+|десантник\w+|защитник\w+|солдат\w*)",
    re.I,
)


@dataclass
class Verdict:  # noqa: D101
    relevant: bool
    reason: str | None = None


_DEATH_SENT = re.compile(
    r"погиб\w*|гибел\w+|скончал\w+|\bумер\b|смерт\w+|убит\w*|простил\w+|простят\w+|похорон\w+|прощани\w+"
    r"|хорон\w+|павш\w+|памят\w+|утонул\w*|утонувш\w+|(?:унёс|унес|унесл|оборвал)\w*\s+жизн\w+"
    r"|отпевани\w+|джаназ\w+|живот\w*\s+сво\w+\s+полож\w+"
    r"|сложил\w*\s+(?:сво\w+\s+)?голов\w+|отдал\w*\s+(?:сво\w+\s+)?жизн\w+|не\s+стало"
    r"|перестало\s+биться\s+сердце|сердце\s+(?:\w+\s+){0,5}перестало\s+биться|(?:уш[её]л|ушл\w+)\s+из\s+жизни"
    r"|груз\w*\s*«?200|(?:нашли|найден\w*|обнаружил\w*|обнаружен\w*|извлекли|опознал\w*|опознан\w*)\s+тел[оа]|"
    + _FIGURATIVE_DEATH,
    re.I,
)
_MILITARY = re.compile(
    r"\bСВО\b|специальн\w+\s+военн|спецоперац|боев\w+|воинск\w+\s+долг|фронт\w*|на\s+Украине|\bЧВК\b|Вагнер"
    r"|Шторм|штурм\w*|обстрел\w*|военнослужащ\w+|\bбо[ейя]ц\w*|бойц\w+|мобилизов\w+|контракт\w*|доброволь\w+"
    r"|добровол\w+|рядов\w+|сержант\w*|ефрейтор\w*|лейтенант\w*|капитан\w*|майор\w*|прапорщик\w*|\bв/ч\b"
    r"|бригад\w+|полк\w*|батальон\w*|героическ\w+|геро[йяюе]\w*|защищая|защитник\w*|Книга\s+памяти"
    r"|Стена\s+памяти|Мемориал|земляк\w*|участник\w*|ранени\w+|\bот\s+ран\b|\bПВД\b|под\s+[А-ЯЁ]\w+|Донбасс\w*"
    r"|Курской\s+области|Белгородск\w+|Херсон\w*|Запорож\w+|Авдеевк\w+|Бахмут\w*|Артёмовск\w*|Угледар\w*"
    r"|воин(?:а|ов|ы|у|ом)?\b|за\s+Отечество|в\s+бою\b|за\s+Родину",
    re.I,
)
_SENTENCE_NEGATIVE = [
    ("road accident", re.compile(r"\bДТП\b|авари(?!йн)\w+|столкнул\w+|столкновени\w+|мотоцикл\w*|врезал\w+|под\s+колёс\w+"
                                 r"|сбил\w*\s+(?:машин|автомоб)|опрокинул\w+|съехал\w*\s+в\s+кювет"
                                 # «разбился на трассе», «вылетел на встречную полосу», «за рулём»
                                 r"|разбил\w*\s+на\s+(?:трасс|дорог|машин|автомоб|мотоцикл)\w*|на\s+трасс\w+|встречн\w+\s+полос\w+"
                                 r"|вылетел\w*\s+(?:на\s+встречн|с\s+дорог|в\s+кювет)\w*|в\s+кювет|за\s+рул[её]м|грузовик\w*"
                                 r"|легковушк\w+|пешеход\w*|автокатастроф\w+|перевернул\w+|электричк\w+|под\s+колёс\w+\s+поезд\w*", re.I)),
    ("fire", re.compile(r"\bпожар\w*|\bвозгорани\w+|угарн\w+|сгорел\w*\s+(?:в\s+(?:собственн|своём|своем|частн)\w*\s+)?(?:дом|квартир|бан)\w*", re.I)),
    ("unrelated", re.compile(
        r"(?<!со)болезн\w+|передозировк\w+|пневмони\w+|менингит\w*|воспалени\w+\s+л[её]гких"
        r"|инфаркт\w*|инсульт\w*|утонул\w*|утонувш\w+|на\s+производстве|на\s+стройке|строительн\w+\s+площадк"
        r"|охраны\s+труда|(?<![а-яё])(?:на|в)\s+(?:заводе|предприятии|комбинате|фабрике|цехе|территории\s+предприятия)\b"
        r"|скоропостижн\w+|контртеррорист\w+|боевик\w*|ложн\w+\s+сообщени\w+|\bфейк\w*|самоубийств\w+"
        r"|суицид\w*|драк\w+|поножовщин\w+|убийств\w+"
        # illness at home, months after coming back: not a war death
        r"|заболевани\w+|онколог\w+|сердечн\w+\s+(?:приступ|недостаточн)\w*|остановк\w+\s+сердца|\bковид\w*|коронавирус\w*"
        r"|спустя\s+[^.!?\n]{0,20}после\s+возвращени\w+|вернувш(?!ись)\w+\s+(?:домой|с\s+фронта|из\s+зоны)"
        # civilians killed by shelling: not servicemen
        r"|мирн\w+\s+(?:жител|граждан|населени)\w*|гражданск\w+\s+лиц\w*|пенсионерк\w*"
        # a woman killed (not «погиб сын жительницы села»)
        r"|(?:погибла|убита|погибли)[^.!?\n]{0,40}жительниц\w+|жительниц\w+[^.!?\n]{0,40}(?:погибла|убита)"
        # a leave at home: fishing, hunting; a crime or an attack at home, not in the war
        r"|на\s+рыбалк\w+|на\s+охот\w+|\bДПС\b|посягательств\w+|уголовн\w+\s+дел\w*|напавш\w+|нападавш\w+"
        r"|преступник\w*|при\s+задержани\w+|под\s+л[её]д|(?:удар\w*|поражени\w+)\s+(?:электрическим\s+)?током|электротравм\w+"
        r"|в\s+СИЗО|(?:приехавш|находивш)\w+\s+(?:домой\s+)?(?:в\s+отпуск|на\s+побывк)\w*|во\s+время\s+отпуска|на\s+шахт\w+|на\s+руднике|горнорабоч\w+|лавин\w+|альпинист\w*|покончил\w*\s+с\s+собой|на\s+полигон\w*|во\s+время\s+учени\w+|в\s+ходе\s+учени\w+"
        # an explosion at a plant, «погибли двое рабочих»
        r"|взрыв\w*\s+(?:\w+\s+){0,2}(?:на\s+(?:предприяти|завод|производств|фабрик|комбинат)|в\s+цех)\w*"
        r"|(?:погиб|погибл)\w*\s+(?:\w+\s+){0,2}рабоч(?:ий|их|ие|его)\b|рабоч(?:ий|ие)\s+(?:\w+\s+){0,3}погиб\w*"
        # a soldier found dead in barracks at home
        r"|найден\w*\s+(?:мёртв|мертв)\w*|в\s+казарм\w+|в\s+воинской\s+части\s+(?:в|под)\s+[А-ЯЁ]"
        # a fall at home or at work: «погиб, упав с крыши при ремонте дома»
        r"|(?:упал|упав|сорвал)\w*\s+с\s+(?:крыши|высоты|лестниц\w*|балкон\w*|строительн\w+|лесов|вышки|опоры|обрыв\w*)"
        r"|несчастн\w+\s+случа\w+|(?:тренировочн|учебн|планов)\w+\s+(?:полёт|полет|вылет|прыж)\w*|техники\s+безопасности|при\s+разгрузк\w+|неосторожн\w+\s+обращени\w+"
        r"|нападени\w+(?!\s+(?:ДРГ|диверс|ВСУ|украинск|противник|беспилотник|дрон))", re.I)),
    # (the Chechen Republic is a home region, not the Chechen wars: «Жители Чеченской Республики, погибшие …»)
    ("anniversary", re.compile(r"Афганистан\w*|\bСири[июя]\b|Чечн(?!\w*\s+(?:простил|прощ|похорон))\w+"
                               r"|Чеченск(?!\w*\s+Республик)\w+|интернационалист\w*|интернациональн\w+\s+долг\w*|годовщин\w+"
                               r"|\d+\s+лет\s+назад|лет\s+со\s+дня", re.I)),
]
_WW2 = re.compile(r"Великой\s+Отечественной|\bВОВ\b|красноарме\w+|Память\s+народа|\bОБД\b|Дн[яюе]\s+Победы"
                  r"|Советского\s+Союза|перезахорон\w+|останк\w+|194[1-5]|Бессмертн\w+\s+полк\w*|Рейхстаг\w*"
                  r"|гитлеровц\w+|немецко-фашистск\w+", re.I)
_SVO = re.compile(
r"\bСВО\b|специальн\w+\s+военн\w+\s+операци|спецоперац|на\s+Украине|\bЧВК\b|Вагнер|Шторм", re.I)
_OLD_YEAR = re.compile(
    r"(?:погиб\w*|убит\w*|пал\b|гибел\w+)[^.!?\n]{0,40}?\b(?:в\s+|(?:январ|феврал|март|апрел|ма|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*\s+)(19\d\d|20[01]\d|202[01])"
    r"(?:\s*[–—-]\s*(?:19\d\d|20[01]\d|202[01]))?\s*(?:году|года|годах|гг?\.)(?!\s*р)", re.I
)

# The Ukrainian army named as the *enemy* of the dead man («при отражении атаки ВСУ»,
# «в бою с ВСУ», «уничтожил технику ВСУ», «удар украинского дрона») says nothing
# about which side he served on; only a membership cue («военнослужащий ВСУ»,
# «служил в рядах ВСУ», «воин ЗСУ», Ukrainian-language wording) does.
_UA_FORCE = re.compile(
    r"\bВСУ\b|\bЗСУ\b|\bВФУ\b|\bТрО\b|\bНацгвард\w+\s+Украин\w+|Вооружённ\w+\s+сил\w*\s+Украин\w+|Вооруженн\w+\s+сил\w*\s+Украин\w+"
    r"|украинск\w+\s+(?:военн|бо[ейи]ц|бойц|солдат|морпех|десантник|арми|войск|боевик|националист|формировани|подразделени"
    r"|диверсант|дрон|беспилотник|ракет|артиллери|снаряд|мин[аыуео]|танк|позици|сил|сторон|стрелк|снайпер|штурмовик|ДРГ)\w*"
    # Ukrainian units known by name: «бойцом полка «Азов»» (as the enemy they are filtered like the army)
    r"|«Азов\w*»|\bазовц\w+|«Айдар\w*»|«Кракен\w*»|Правого\s+сектора|Правый\s+сектор"
    # Russians fighting for Ukraine
    r"|«Свобод\w+\s+России»|добровольческ\w+\s+корпус\w*|\bРДК\b|стороне\s+Украины",
    re.I)
_UA_ENEMY_BEFORE = re.compile(
    r"(?:атак\w*|контратак\w*|отражени\w+|отража\w+|отрази\w+|отбива\w+|отбил\w*|\bбо[йяюе]\w*\s+с|сражени\w+|против"
    r"|удар\w*|обстрел\w*|огн[еёя]\w*|огонь|позици\w+|наступлени\w+|контрнаступлени\w+|уничтож\w+|штурм\w*|оборон\w+"
    r"|прорыв\w*|вторжени\w+|диверси\w+|\bДРГ\b|дрон\w*|беспилотник\w*|\bFPV\b|ракет\w*|снаряд\w*|мин[аыуео]\w*"
    r"|артиллери\w*|техник\w+|танк\w*|опорн\w+|укреплени\w+|живой\s+сил\w+|противник\w*|со\s+стороны|кассетн\w+"
    r"|засад\w+|окружени\w+|плен\w*|наёмник\w*|наемник\w*|боевик\w*|провокаци\w+|от\s+рук|руками"
    r"|с\s+украинск\w+|в\s+результате|вражеск\w+|противостоя\w+|воевал\w*\s+с|сдержива\w+|отбросил\w*|выбил\w*"
    r"|зачистк\w+|освобожд\w+|освободил\w*|потер\w+|ликвидир\w+|поразил\w*|сбил\w*|подбил\w*|обнаружил\w*|\bу"
    r"|защищ\w+|защит\w+|(?<![а-яё])от(?=\s*$))"
    r"[^.!?\n]{0,40}$",
    re.I)
_UA_ENEMY_AFTER = re.compile(
    r"^\W{0,3}(?:атакова\w+|обстрел\w+|нанесл\w+|нанёс\w*|ударил\w*|выпустил\w*|пытал\w+|перешл\w+|прорвал\w+"
    r"|атакуют|обстреливают|наступа\w+|накрыл\w*|сбросил\w*|открыл\w*\s+огонь)",
    re.I)
_UA_MEMBER = re.compile(
    r"(?:воин\w*|бо[ейи]ц\w*|бойц\w+|солдат\w*|военнослужащ\w+|служил\w*|служивш\w+|рядах|составе|командир\w*|офицер\w*"
    r"|морпех\w*|десантник\w*|ветеран\w*|мобилизованн\w+|защитник\w*|захисник\w*|военн\w+|сержант\w*|лейтенант\w*"
    r"|капитан\w*|майор\w*|рядов\w+|доброволец|добровольц\w+|пулемётчик\w*|пулеметчик\w*|снайпер\w*|сапер\w*|сапёр\w*)"
    r"\s+(?:[\w-]+\s+){0,3}$",
    re.I)
# Russian troops named as the enemy: the dead man fought them.
_RUSSIA_ENEMY = re.compile(
    r"(?:наступлени\w+|атак\w+|штурм\w*|против|обстрел\w*|удар\w*)\s+(?:\w+\s+)?(?:российск\w+|русск\w+)\s+(?:войск|армии|оккупант|захватчик)"
    r"|российск\w+\s+(?:оккупант|захватчик|агрессор)\w*|\bрашист\w*|\bорк(?:и|ов|ам|ами)\b", re.I)
# «погиб, защищая Украину», «защитник Украины», «в боях с российскими войсками» (searched only when «украин»
# or «с российск» occurs: their leading words are too common for a cheap pre-check)
_FOR_UKRAINE = re.compile(r"защи(?:ща|т)\w*\s+украин\w+|бо(?:ях|ю|ем|й|ями)\s+с\s+российск\w+")
_UA_LANGUAGE = re.compile(r"загинув|загинула|загибел\w+|Збройн\w+|захисник\w*|воїн\w*|України|Україна|Героям\s+слава"
                          r"|Слава\s+Україні|\bЗСУ\b|вічна", re.I)
_RUSSIAN_SIDE = re.compile(
    r"\bСВО\b|специальн\w+\s+военн\w+\s+операци|спецоперац|мобилизов\w+|Минобороны\s+России|Вагнер|Шторм|\bЧВК\b"
    r"|российск\w+\s+(?:арми|военн|войск)|губернатор\w*|Отечеств\w+|Росгвард\w+", re.I)


# Whole-text re.I scans cost ~0.3 ms each; most texts lack every word they start with.
_UA_LANGUAGE_CUES, _RUSSIA_ENEMY_CUES, _UA_FORCE_CUES = (
    literal_cues(rx) for rx in (_UA_LANGUAGE, _RUSSIA_ENEMY, _UA_FORCE))


# A home in unoccupied Ukraine, or territorial defence, in a text with no cue of the
# Russian side: a Ukrainian soldier (a man born there who lived in Russia has a Russian cue).
_UA_HOME = re.compile(
    r"(?:из|житель\w*|уроженец|уроженц\w+|родом\s+из)\s+(?:г\.\s*)?(?:житомир|львов|киев|винниц|полтав|черкасс|чернигов|сум[ыа]?\b"
    r"|ровно\b|ровенск|тернопол|ивано-франковск|ужгород|луцк|хмельницк|днепропетровск|кривого\s+рог|кропивницк|кировоград|черновц)\w*"
    r"|теробор\w+|\bтро\b|нацгварди\w+\s+украин\w+|\bато\b|\bоос\b"
    # unit types only the Ukrainian army has: «10-й горно-штурмовой бригады», «мотопехотной бригаде», «ОМБр»
    r"|горно-штурмов\w+|мотопехотн\w+|\bомбр\b|\bомпбр\b|\bогшбр\b"
    # buried in a city of unoccupied Ukraine
    r"|(?:прощани|похорон|похоронил|простил)\w*[^.!?\n]{0,30}\s+в\s+(?:днепре|киеве|львове|житомире|виннице|полтаве|черкассах|запорожье"
    r"|чернигове|сумах|одессе|харькове|ровно|тернополе|луцке|ужгороде|хмельницком|кривом\s+роге)\b"
    # the same with the town first: «В Житомире простились с …»
    r"|(?<![\w-])в\s+(?:днепре|киеве|львове|житомире|виннице|полтаве|черкассах|чернигове|сумах|одессе|харькове|ровно"
    r"|тернополе|луцке|ужгороде|хмельницком|кривом\s+роге|ивано-франковске|черновцах)\s+(?:\w+\s+){0,2}"
    r"(?:прост|похорон|прощ|хорон)\w*"
    # «На Житомирщине простились», «Харьков прощается с героем»
    r"|(?:на|с)\s+(?:житомирщин|винниччин|полтавщин|черкащин|черниговщин|сумщин|киевщин|львовщин|волын|тернопольщин"
    r"|хмельнитчин|ровенщин|закарпать|прикарпать|буковин)\w*[^.!?\n]{0,30}(?:прост|похорон|прощ)\w*"
    r"|(?:киев|харьков|днепр|одесса|львов|житомир|винница|полтава|сумы|чернигов|черкассы|кривой\s+рог)\s+"
    r"(?:прощается|простился|простилась|простились)", re.I)


# Substrings one of which every _UA_HOME match contains (a re.I scan of the whole text costs more).
_UA_HOME_CUES = ("запорожье", "житомирщин", "винниччин", "полтавщин", "черкащин", "черниговщин", "сумщин", "киевщин",
                 "львовщин", "тернопольщин", "хмельнитчин", "ровенщин", "волын", "закарпат", "прикарпат", "буковин",
                 "кривой", "житомир", "львов", "киев", "винниц", "полтав", "черкасс", "чернигов", "сумы", "сума", "сум ", "ровн", "ровен",
                 "тернопол", "франковск", "ужгород", "луцк", "хмельницк", "днепр", "кривом", "кривого", "кропивницк",
                 "кировоград", "черновц", "теробор", " тро", "нацгвард", " ато", " оос", "харьков", "одесс",
                 "горно-штурмов", "мотопехотн", "омбр", "омпбр", "огшбр")


def ukrainian_soldier(text: str) -> bool:
    """Does the text tell of a soldier of the Ukrainian side (not of the Ukrainian army as the enemy)?"""
    low = lower_text(text)
    if may_match(_UA_LANGUAGE_CUES, low) and _UA_LANGUAGE.search(text) and not _RUSSIAN_SIDE.search(text):
        return True
    if may_match(_RUSSIA_ENEMY_CUES, low) and _RUSSIA_ENEMY.search(text):
        return True
    if ("украин" in low or "с российск" in low) and _FOR_UKRAINE.search(low):
        return True
    bare = False
    for m in (_UA_FORCE.finditer(text) if may_match(_UA_FORCE_CUES, low) else ()):
        cut = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start()), m.start() - 80)
        before = text[cut + 1: m.start()]
        after = text[m.end(): m.end() + 40]
        if _UA_ENEMY_BEFORE.search(before) or _UA_ENEMY_AFTER.search(after):
            continue
        word = m.group(0).lower()
        if _UA_MEMBER.search(before) or (word.startswith("украинск") and re.match(
                r"украинск\w+\s+(?:военн|бо[ейи]ц|бойц|солдат|морпех|десантник)", word)):
            return True
        bare = True
    bare = bare or (any(c in low for c in _UA_HOME_CUES) and bool(_UA_HOME.search(text)))
    return bare and not _RUSSIAN_SIDE.search(text)


_RETURNED = re.compile(
r"вернул\w+\s+домой(?!\s+на\s+щите)|получил\w*\s+(?:орден|медал|наград)\w*|вернул\w+\s+из\s+(?:\w+\s+)?плена|из\s+(?:\w+\s+)?плена\s+(?:\w+\s+)?вернул\w+|обмен\w*\s+пленн\w+|награжд\w+|вручил\w*|наградил\w*"
    # «вернулся после окончания контракта», «вернулся с фронта»
    r"|вернул\w+\s+(?:\w+\s+){0,2}(?:с\s+фронта|из\s+зоны|с\s+СВО|со\s+СВО|после\s+(?:окончания|завершения|истечения)\s+"
    r"(?:контракт|служб|командировк)\w*)"
    # a «Парта героя» or a school meeting for a man alive and serving
    r"|парт\w+\s+геро\w+|встретил\w*\s+с\s+(?:учени|школьник|студент|кадет)\w*",
                       re.I)
_MISSING = re.compile(
r"пропал\w*\s+без\s+вести|пропавш\w+\s+без\s+вести|без\s+вести\s+пропавш\w+|разыскива\w+|\bищем\b"
    r"|(?:последний\s+раз|перестал\w*)\s+выходил\w*\s+на\s+связь|тело\s+(?:так\s+и\s+)?не\s+(?:найден|нашли)\w*"
    r"|судьб\w+[^.!?\n]{0,40}неизвестн\w+", re.I)
_WOUNDED = re.compile(
r"ранен\w*|госпитал\w+|лечени\w+|реабилитац\w+|контузи\w+|ампутац\w+|протез\w*"
    r"|потерял\w*\s+(?:обе\s+)?(?:ног|рук|глаз|зрени)\w*", re.I)
_CONFIRMED_DEATH = re.compile(
    r"погиб\w*|гибел\w+|скончал\w+|убит\w*|простил\w+|хорон\w+|прощани\w+|\bумер\b|посмертн\w+|отпевани\w+"
    r"|живот\w*\s+сво\w+\s+полож\w+"
    # «его похоронили 14 июня», «Андрея Владимировича не стало», «пал смертью храбрых», «джаназа собрала сотни»
    r"|похорон(?!к)\w+|не\s+стало|пал\s+(?:смертью|в\s+бою)|павш\w+\s+(?:в|на|при|смертью)\s|новопреставленн\w+|сложил\w*\s+(?:сво\w+\s+)?голов\w+"
    r"|отдал\w*\s+(?:сво\w+\s+)?жизн\w+|джаназ\w*"
    r"|\(\s*(?:\d{1,2}\.\d{1,2}\.)?\d{4}\s*[–—-]\s*(?:\d{1,2}\.\d{1,2}\.)?20[12]\d\s*\)"
    # a plaque's lifespan without brackets («ЕФР. КОРОЛЁВ П.А. 1999–2023»), not a span of years («в 2014–2022 годах»)
    r"|(?<![\d.–—-])(?:\d{1,2}\.\d{1,2}\.)?(?:19[4-9]\d|200\d)\s*[–—-]\s*(?:\d{1,2}\.\d{1,2}\.)?202\d(?![\d–—-])(?!\s*(?:гг?\.|год))"
    r"|перестало\s+биться\s+сердце|сердце\s+(?:\w+\s+){0,5}перестало\s+биться|(?:уш[её]л|ушл\w+)\s+из\s+жизни"
    # «вернулся домой «грузом 200»», «опознали тело»: the death itself, told without a death verb
    r"|груз\w*\s*«?200|(?:опознал\w*|опознан\w*)\s+тел[оа]|утонул\w*|"
    + _FIGURATIVE_DEATH,
    re.I,
)


def old_war_death(sentence_lower: str) -> bool:
    """A sentence telling a death in an old war (a grandfather killed in 1943, an
    uncle in Afghanistan in 1985) and not in this one."""
    return bool((_OLD_YEAR.search(sentence_lower) or _WW2.search(sentence_lower))
                and not _SVO.search(sentence_lower) and not _RECENT_DEATH_YEAR.search(sentence_lower))


_NEG_ORDER = ("road accident", "fire", "unrelated", "ww2", "anniversary")


def _hit_sentences(doc, rx: re.Pattern, text: str) -> set[int]:
    return {doc.sentence_index(m.start()) for m in rx.finditer(text)}


# Death words that deny a death: «его не нашли ни среди раненых, ни среди погибших», «в части его числили
# погибшим», «я похоронила его в мыслях». Blanked (offsets kept) before the text is judged.
_NOT_A_DEATH = re.compile(
    r"(?<![а-яё])ни\s+среди\s+(?:\w+\s+)?(?:погибш|убит|павш)\w+|не\s+(?:был\w*\s+|значит\w*\s+|оказал\w*\s+)?"
    r"(?:среди|в\s+списк\w+)\s+(?:\w+\s+)?погибш\w+|похоронил\w*\s+(?:\w+\s+)?в\s+мыслях"
    # «Погибших в этой палате нет», «обошлось без погибших»
    r"|погибш\w+\s+(?:[а-яё]+\s+){0,3}(?:нет|не\s+было|не\s+будет)(?![а-яё])|(?:нет|без)\s+погибш\w+"
    # a death only guessed: «командир говорит, что Айдар «скорее всего, погиб», но тело не найдено»
    r"|(?:скорее\s+всего|возможно|вероятно|предположительно|может\s+быть)[\s,«\"]*(?:он\s+|уже\s+)?(?:погиб|убит|мёртв|мертв)\w*")


_OTHERS_DIED = re.compile(r"(?<![а-яё])(?:погибли|погибш(?:их|ие|ими)|павш(?:их|ие|ими)|скончались|не\s+вернул\w+)(?![а-яё])")
_HE_DIED = re.compile(r"(?<![а-яё])(?:погиб|погибш(?:ий|его|ему|им|ем)|скончал(?:ся)?|не\s+стало|похорон\w+|прощани\w+"
                      r"|простил\w+|посмертн\w+)(?![а-яё])")


_QUOTE_SPEAKER = re.compile(r"[»\"][\s,—–-]*(?:сказал|рассказал|говорит|вспоминает|отметил|признал|добавил|поделил)\w*"
                            r"(?:\s+[\w-]+){0,3}\s+$")


_HEDGES = ("скорее всего", "возможно", "вероятно", "предположительно", "может быть")


def _masked(low: str) -> str:
    if "погибш" not in low and "мыслях" not in low and "павш" not in low and "убит" not in low \
            and not any(h in low for h in _HEDGES):
        return low
    return _NOT_A_DEATH.sub(lambda m: " " * len(m.group(0)), low)


# A killing at home: a quarrel, a knife, a criminal case.
_CRIME = re.compile(
    r"ссор\w+|ножом|ножев\w+|подозреваем\w+|возбужд\w+\s+(?:уголовн\w+\s+)?дел\w*|по\s+стать[еяи]\w*\s+«"
    r"|задержан\w*\s+подозр\w+|в\s+состоянии\s+опьянени\w+|зарезал\w*|зарезан\w*|задушил\w*|избил\w*"
    r"|забил\w*\s+до\s+смерти|в\s+нетрезвом\s+виде|пьян(?:ый|ая|ого|ому|ым|ом|ые|ых|ыми|ство|ства|стве|ки)\b|нетрезв\w+"
    # a long illness after coming home, told next to the death
    r"|долго\s+болел\w*|болел\w*\s+после|после\s+возвращени\w+\s+(?:домой|из\s+зоны|с\s+фронта|с\s+СВО)", re.I)
# An old event named with its year («теракта 2004 года», «штурма 1995 года») in a text with no word of this war.
_OLD_EVENT = re.compile(
    r"(?:теракт|трагеди|событи|бо[йяеё]|штурм|захват|катастроф|войн)\w*\s+(?:в\s+)?(?:19\d\d|200\d|201[0-3])\s*(?:год|г\.)"
    r"|\b\d{1,2}\s+лет\s+(?:трагеди|со\s+дня|с\s+момента)"
    # «Исполнилось 24 года со дня гибели»: five years and more are older than this war
    r"|\b[2-9][1-4]\s+год[а]?\s+(?:трагеди|со\s+дня|с\s+момента)"
    # «почтили память жертв теракта в Беслане»: a commemoration of an attack, not a death of this war
    r"|(?:почтил|почтят|почита|вспомина|вспомнил|памят)\w*\s+(?:\w+\s+){0,2}жертв\w*\s+теракт\w*"
    # «погибших 20 лет назад»: this war is younger (not «5 лет назад женился»)
    r"|(?:погиб|гибел)\w*\s+(?:\w+\s+){0,2}(?:[5-9]|\d\d)\s+лет\s+назад"
    r"|\b(?:[5-9]|\d\d)\s+лет\s+назад[^.!?\n]{0,40}(?:погиб|гибел)", re.I)
# «в 2000 году получил звание за бои в Аргунском ущелье, где погибли его товарищи»: an old year before the death.
# (not a birth year: «Илья, 1991 года рождения, погиб 28 июля», «в 1995 году родился … погиб»)
_OLD_YEAR_BEFORE = re.compile(r"(?<!\d)(?:19[4-9]\d|200\d|201[0-3])\s*(?:году|года|г\.)(?!\s*(?:р\.|рожд))"
                              r"(?:(?!родил|рожд)[^.!?\n]){0,80}?(?:погиб|убит|гибел|пал\b)")
_THIS_WAR_YEAR = re.compile(r"(?<!\d)20(?:1[4-9]|2\d)(?!\d)")
# A lifespan that ended before this war (not a birth year range: the end is a death).
_OLD_LIFESPAN = re.compile(r"(?<![\d.])(?:\d{1,2}\.\d{1,2}\.)?(?:19[0-9]\d|200\d)\s*[–—-]\s*(?:\d{1,2}\.\d{1,2}\.)?(19\d\d|200\d|201[0-3])"
                           r"(?![\d–—-])(?!\s*(?:гг?\.|год))")
# «31 декабря 1994 года 131-я бригада вошла в Грозный»: a full date of an old year that heads an event (not a
# birth date: «родился 12 мая 1990 года»).
_OLD_DATE = re.compile(r"(?<!\d)\d{1,2}\s+(?:январ|феврал|март|апрел|ма|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*\s+"
                       r"(?:19[4-9]\d|200\d|201[0-3])\s+год\w*[^.!?\n]{0,80}?(?:вош[её]л|вошл|начал|штурм|бо[йяюе]|погиб|гибел"
                       r"|взрыв|теракт|сбит|подбит|атак)")


def _old_dated_event(low: str) -> bool:
    if "19" not in low and "200" not in low and "201" not in low:
        return False
    for m in _OLD_DATE.finditer(low):
        stop = low.find(".", m.end())
        # (not a birth: «на свет появился 8 февраля 1993 года, погиб 2 марта 2024 года»)
        if not re.search(r"родил|рожд|на\s+свет|появил|\bр\.\s*$", low[max(0, m.start() - 25): m.start()]) \
                and not _THIS_WAR_YEAR.search(low, m.start(), stop if stop >= 0 else len(low)):
            return True
    return False


# A death report denied in the same text: the man is alive.
_DENIED = re.compile(
    r"не\s+соответству\w+\s+действительности|опроверг\w*|\bфейк\w*|оказал\w*\s+жив\w*|оказал\w*\s+в\s+плену|(?:нашли|найден\w*|обнаружен\w*)\s+живым"
    r"|считал\w*\s+(?:его\s+)?погибш\w+[^.!?\n]{0,30}(?:но|однако)\b"
    r"|(?:сообщени|извещени|информаци|весть)\w*\s+о\s+(?:его\s+)?(?:гибели|смерти)\s+(?:\w+\s+){0,6}?оказал\w*\s+(?:ошибк|ложн|неправд)\w*"
    r"|ошибк\w+\s+в\s+(?:документах|списках|донесении)", re.I)
# A live man's «жив» counts only in a text about a report of his death.
_DENIED_CONTEXT = re.compile(r"информаци\w+|сообщени\w+|слух\w*|соцсет\w+|публикаци\w+|связал\w*\s+с\s+родн\w+"
                             r"|вышел\s+на\s+связь", re.I)
# «Евгений жив», «он жив и здоров» — the man himself; not «сослуживец остался жив».
_ALIVE_SUBJECT = re.compile(r"(?<![\w-])(?:[Оо]н|[А-ЯЁ][а-яё]+)\s+(?:[—–-]\s+)?жив(?:\s*[,.!;:]|\s+и\s+[а-яё]+)")
# A woman serving in the war is named by her role; without one, a woman killed is a civilian.
_WOMAN_SERVING = re.compile(
    r"военнослужащ\w+|медсестр\w+|санинструктор\w*|фельдшер\w*|рядов\w+|сержант\w*|ефрейтор\w*|лейтенант\w*"
    r"|доброволиц\w*|добровольц\w+|контракт\w*|боевая\s+задач|связист\w*|снайпер\w*|капитан\w*|прапорщик\w*", re.I)


# A vehicle or a house hit by the enemy: a war death even on a road or in a fire.
# Matched case-sensitively on the original text: «дронов» is drones, «Дронов» a surname.
_ATTACK = re.compile(r"(?<![А-ЯЁа-яё])(?:дрон(?:ы|а|ов|ом|ами|ам|ах|е|у)?\b|FPV|[Бб]еспилотник\w*|обстрел\w*|снаряд\w*"
                     r"|ракет\w*|мин[аоуеы]\b|артиллери\w*|ВСУ\b|прил[её]т\w*|удар\w*\s+(?:противник|украинск|ВСУ))")
# A hero of an old war named in a text that also mentions this one («участники СВО
# возложили цветы к бюсту Героя Советского Союза …»): the dead man is of that war.
_OLD_WAR_TITLE = re.compile(
    r"(?:геро\w+\s+советского\s+союза|ветеран\w*\s+(?:великой\s+отечественной|вов|афганск|чеченск)"
    r"|участник\w*\s+(?:великой\s+отечественной|вов)|красноарме\w+|фронтовик\w*|воин\w*[-\s]+интернационалист\w*)"
    r"[^.!?\n]{0,25}$")


# A man killed by a strike in the rear with nothing that makes him a serviceman:
# a civilian (Belgorod, Kursk, Donetsk news), not a war death to count.
_STRIKE = re.compile(r"обстрел\w*|(?<![А-Яа-яЁё])дрон(?:а|ов|ом|е|у|ы)?\b|FPV|беспилотник\w*|снаряд\w*|ракетн\w+\s+удар\w*"
                     r"|удар\w*\s+(?:ВСУ|дрон|беспилотник|украинск)|атак\w+\s+(?:ВСУ|дрон|беспилотник|украинск|FPV)|кассетн\w+")
_CIVILIAN_SCENE = re.compile(
    r"двор\w*|\bдом(?:а|е|у)?\b|квартир\w+|рын(?:ок|ке|ка)\b|магазин\w*|автомобил\w+|машин\w+|пенсионер\w*|внук\w*"
    r"|скорой|\bМЧС\b|спасател\w+|[Кк]орреспондент\w*|[Жж]урналист\w*|[Вв]оенкор\w*|[Вв]олонт[её]р\w*"
    r"|грузовик\w*|[Вв]одител\w+\s+(?:грузовик|автобус|такси|маршрутк|легков|скорой|трактор)\w*"
    r"|[Гг]лав\w+\s+(?:(?:сельского|городского|муниципального)\s+)?(?:села|поселени\w+|администрац\w+|округа)"
    r"|мирн\w+|жител\w+\s+(?:села|города|посёлка|поселка)")
_SERVICEMAN = re.compile(
    r"военнослужащ\w+|\bбо[ейя]ц\w*|бойц(?:а|у|ом|е|ы|ов|ам|ами|ах)\b|рядов\w+|сержант\w*|ефрейтор\w*|лейтенант\w*|капитан\w*"
    r"|майор\w*|прапорщик\w*|старшин\w+|матрос\w*|мобилизов\w+|мобик\w*|контракт\w*|доброволь\w+|добровол\w+|\bСВО\b|спецоперац\w+"
    r"|специальн\w+\s+военн\w+|участник\w*|штурмов\w+|стрелок|стрелк\w+|снайпер\w*|пулем[её]тчик\w*|гранатом[её]тчик\w*"
    r"|механик\w*-водител\w+|водител\w+-механик\w*|разведчик\w*|сап[её]р\w*|артиллерист\w*|танкист\w*|десантник\w*|морпех\w*"
    r"|командир\w*|позици\w+|\bв/ч\b|бригад\w+|\bполк\w*|батальон\w*|\bрот[аыуе]\b|Вагнер\w*|Шторм\w*|\bЧВК\b|Росгвард\w+"
    r"|ОМОН\w*|СОБР\w*|защитник\w*|\bГеро\w+|призван\w*|служил\w*|\bПВО\b|блиндаж\w*|\bБМП\b|\bБТР\b|\bтанк\w*|окоп\w*"
    r"|боев\w+\s+задач\w*|ополчен\w+|\bвоин\w*|солдат\w*|офицер\w*|\bармии\b|Минобороны|\bфронт\w*", re.I)


def _civilian_strike(text: str) -> bool:
    """Killed by shelling or a drone at home, in a text that never makes him a serviceman."""
    if not _STRIKE.search(text) or not _CIVILIAN_SCENE.search(text):
        return False
    # «помощь бойцам», «военный корреспондент» speak of others or of a civilian trade.
    cleaned = re.sub(r"(?:помощ\w+|посылк\w+|гуманитарк\w+)\s+(?:для\s+)?бойц\w+|военн\w+\s+корреспондент\w*", " ", text)
    return not _SERVICEMAN.search(cleaned)


_FEMININE_VERB = re.compile(r"\b(?:погибла|скончалась|умерла|была\s+убита)\b", re.I)


def _female(p, text: str) -> bool:
    if p.patronymic:
        return p.patronymic.endswith(("вна", "чна"))
    # A given name alone is weak evidence (Нико, Саша): the verb must agree.
    return bool(p.first_name) and name_info(p.first_name)[3] == "femn" and bool(_FEMININE_VERB.search(text))


_OLD_WAR_TITLE_CUES = ("советского союза", "отечественной", "вов", "афганск", "чеченск", "красноарме", "фронтовик",
                       "интернационалист")


def old_war_hero(doc, idx: int) -> bool:
    """Every mention of the person follows an old war's title (Героя Советского Союза X)."""
    # Asked for every dead man, several times a text: the cue test is made once a text.
    titled = doc.__dict__.get("_old_war_title")
    if titled is None:
        titled = doc.__dict__["_old_war_title"] = any(c in doc.lower for c in _OLD_WAR_TITLE_CUES)
    if not titled:
        return False
    refs = [r for r in doc.refs if r[2] == idx]
    return bool(refs) and all(_OLD_WAR_TITLE.search(doc.lower, max(0, r[0] - 70), r[0]) for r in refs)


# A lifespan of a man born after the old wars who died since 2022: this war's dead, whatever else the text names.
_RECENT_LIFESPAN = re.compile(r"(?<!\d)(?:\d{1,2}\.\d{1,2}\.)?(?:19[5-9]\d|200\d)\s*[–—-]\s*(?:\d{1,2}\.\d{1,2}\.)?202[2-9](?!\d)")
# A death told with a year of this war («погибшего в 2024 году»): a plaque beside those of 1941–1945 is of this war;
# so are remains of a man missing since 2023.
_RECENT_DEATH_YEAR = re.compile(r"(?:погиб|гибел|скончал|павш|пропал|пропавш)\w*[^.!?\n]{0,40}?(?:\d{1,2}\.\d{1,2}\.|\s)202[2-9]\b")
# A PMC death in Africa or the Middle East is not a death in this war (README, batch d_*).
_ABROAD = re.compile(r"(?<![а-яё])в\s+(?:мали|цар|центральноафриканск\w+\s+республик\w+|ливии|судане|буркина-фасо|нигере"
                     r"|мозамбике|африке|сирии)(?![а-яё])")
# The subject of a film, a book or a song («фильм о бойце, погибшем под Бахмутом»): no death to count when the
# sentence names nobody.
_WORK_ABOUT = re.compile(r"(?<![а-яё])(?:фильм|кинокартин|спектакл|сериал|книг|роман|повест|песн|клип|постановк|пьес)\w*"
                         r"\s+(?:[\w«»\"-]+\s+){0,4}?(?:о|об|про)\s+(?:\w+\s+){0,2}?(?:бойц|солдат|геро|десантник|танкист"
                         r"|штурмовик|военн|разведчик|снайпер|мобилизованн|добровол)\w*")
# A work of fiction or its review: two of its words (a film «о бойце, погибшем под Бахмутом», «главный герой
# погибает в седьмой серии», an actor «сыгравший Громова»).
_FICTION = re.compile(r"(?<![а-яё])(?:(сериал)\w*|(фильм|кинокартин|кинолент)\w*|(серии|серия|эпизод\w*)\b|(акт[её]р|актрис)\w*"
                      r"|(сценари)\w*|(режисс[её]р)\w*|(рецензи)\w*|в\s+(прокат)\w*|(спектакл)\w*|(персонаж)\w*|в\s+(рол)и"
                      r"|(сыгравш)\w*|(экранизаци)\w*)")
# A death told in the present tense, as a plot is retold.
# (a film about a real man is told in the past: «фильм о выпускнике, погибшем в зоне СВО»)
_PLOT_DEATH = re.compile(r"(?<![а-яё])(?:погибает|погибают|гибнет|гибнут|умирает|умирают)(?![а-яё])"
                         r"|(?<![а-яё])(?:в|во)\s+(?:[а-яё]+\s+)?(?:серии|эпизоде|сцене|финале)(?![а-яё])|персонаж|сыгравш")
_FICTION_CUES = ("сериал", "фильм", "кинокартин", "кинолент", "серии", "серия", "эпизод", "актёр", "актер", "актрис",
                 "сценари", "режисс", "рецензи", "прокат", "спектакл", "персонаж", "в роли", "сыгравш", "экранизаци")
# «больше года считался погибшим», in a text telling his return: the death notice was wrong
_CONSIDERED_DEAD = re.compile(r"(?:считал|числил)\w*\s+(?:\w+\s+){0,3}?(?:погибш|мёртв|мертв)\w+"
                              r"|считал\w*,?\s+что\s+(?:он|она|его|их)\s+(?:\w+\s+)?(?:погиб|убит|мёртв|мертв)\w*")
_POW_RETURN = re.compile(r"домой\s+из\s+(?:\w+\s+)?плена|(?:в\s+результате|в\s+ходе|по)\s+(?:\w+\s+)?обмен\w*|вернул\w*\s+(?:\w+\s+)?из\s+(?:\w+\s+)?плена|из\s+(?:\w+\s+)?плена\s+(?:\w+\s+)?вернул\w*"
                         r"|обмен\w*\s+(?:\w+\s+)?(?:военно)?пленн\w+")
_COMBAT = re.compile(r"боев\w+\s+задач\w*|в\s+бою\b(?!\s+с\s+боевик)|при\s+форсировани\w+|при\s+штурм\w+"
                     r"|при\s+отражении\s+(?:\w+\s+)?(?:атак|наступлени|штурм|контратак|ВСУ|противник|украинск)\w*"
                     r"|на\s+передов\w+|(?:на|у)\s+линии\s+фронта")
_BUT_DIED_AT_WAR = re.compile(r",\s+(?:а|но|однако)\s+(?:\w+\s+){0,3}?погиб\w*[^.!?\n]{0,60}"
                              r"(?:под\s+\w|в\s+зоне|в\s+бою|на\s+фронте|\bсво\b|спецоперац)")
# A death noun governing another, unnamed man: «после гибели друга», «смерть сослуживцев».
_OTHERS_DEATH = re.compile(r"(?:гибел|смерт)\w*\s+(?:(?:его|своего|своих|их|лучшего|близкого)\s+)?(?:друг|друзей|товарищ|сослуживц"
                           r"|брат|отц|сын|побратим)\w*(?:\s+под\s+[а-яё]+)?")
_COURT_NEWS = re.compile(r"(?<![а-яё])(?:суд\w*\s+(?:\w+\s+)?(?:обязал|признал|взыскал|отказал|постановил|удовлетворил"
                         r"|приговорил|вынес|рассмотрел)\w*|исков\w+\s+заявлени\w+|приговор\w*)")


def judge(doc) -> Verdict:
    """Sentence by sentence: a death told together with the war counts, a death
    told together with an accident, illness, an old war or a Ukrainian unit
    does not. Memorial books and governors' lists often name no war at all, so
    a death in a text with military context counts too."""
    text = _masked(doc.lower)
    confirmed = bool(_CONFIRMED_DEATH.search(text))
    if ukrainian_soldier(text):
        return Verdict(False, "ukrainian soldier")
    if _DENIED.search(text) or any(not m.group(0).startswith(("Остал", "Выжил")) and _DENIED_CONTEXT.search(doc.text)
                                   for m in _ALIVE_SUBJECT.finditer(doc.text)):
        # A death report withdrawn: the man is a returned prisoner, a wounded man or just alive.
        return Verdict(False, "award to living" if _POW_RETURN.search(text) else
                       "wounded" if _WOUNDED.search(text) else "unrelated")
    dead = [p for p in doc.persons if not p.living]
    if dead and all(_female(p, text) for p in dead) and not _WOMAN_SERVING.search(text):
        return Verdict(False, "unrelated")
    if _civilian_strike(doc.text):
        return Verdict(False, "unrelated")
    if dead and all(old_war_hero(doc, i) for i, p in enumerate(doc.persons) if not p.living):
        return Verdict(False, "ww2" if re.search(r"советского\s+союза|отечественн|\bвов\b|красноарме|фронтовик", text)
                       else "anniversary")
    heroes = {i for i, p in enumerate(doc.persons) if not p.living and old_war_hero(doc, i)}
    ww2_text = text
    if heroes:
        # «похоронили рядом с дедом, ветераном Великой Отечественной войны Иваном Бердниковым»: the old war is
        # the grandfather's, not the text's
        hero_sents = {doc.sentence_index(r[0]) for r in doc.refs if r[2] in heroes}
        ww2_text = " ".join(doc.lower[x.start: x.end] for k, x in enumerate(doc.sentences) if k not in hero_sents)
    if not _SVO.search(text) and _WW2.search(ww2_text) and not _RECENT_LIFESPAN.search(text) \
            and not _RECENT_DEATH_YEAR.search(text):
        # (a plaque «РЯДОВОЙ БАЛАНДИН Е.С. 1990–2023» beside the plates of 1941–1944 is of this war)
        return Verdict(False, "ww2")
    if not _SVO.search(text) and (_OLD_EVENT.search(text) or _old_dated_event(text)):
        return Verdict(False, "anniversary")
    if not _SVO.search(text) and not _RECENT_LIFESPAN.search(text) and not _RECENT_DEATH_YEAR.search(text) \
            and (old := _OLD_LIFESPAN.search(text)):
        # a plaque «РЯДОВОЙ ЛЫСЕНКО Н.П. … 1966–1986» with nothing of this war: an old war's dead
        return Verdict(False, "ww2" if 1941 <= int(old.group(1)) <= 1945 else "anniversary")
    if not confirmed:
        if _RETURNED.search(text):
            return Verdict(False, "award to living")
        if _MISSING.search(text):
            return Verdict(False, "missing")
        if _WOUNDED.search(text):
            return Verdict(False, "wounded")
        if not _DEATH.search(text):
            return Verdict(False, "unrelated")
    if ("считал" in text or "числил" in text) and _CONSIDERED_DEAD.search(text) \
            and (_POW_RETURN.search(text) or _RETURNED.search(text)):
        return Verdict(False, "award to living")
    if not dead and doc.persons and _POW_RETURN.search(text):
        return Verdict(False, "award to living")  # «из плена вернулся …»: the men named are all alive
    if not dead and _COURT_NEWS.search(text):
        return Verdict(False, "unrelated")  # a court case about a dead man's family names no dead
    if dead and ("суд" in text or "приговор" in text) and _COURT_NEWS.search(text) \
            and not _CONFIRMED_DEATH.search(_OTHERS_DEATH.sub(" ", text)):
        # «Суд приговорил мобилизованного, оставившего часть … заявил, что после гибели друга не мог вернуться»: the
        # only death is the unnamed friend's; the defendant is alive
        return Verdict(False, "unrelated")
    war_death = False
    negative = None
    sents = [text[x.start: x.end] for x in doc.sentences]
    # Each pattern runs once over the whole text; its hits are mapped to sentences.
    death_in = _hit_sentences(doc, _DEATH_SENT, text)
    # The rest only matter in (or next to) sentences that tell a death.
    near = sorted({j for k in death_in for j in (k - 1, k, k + 1) if 0 <= j < len(sents)})
    military_in = {k for k in death_in if _MILITARY.search(sents[k])}
    old_in = {k for k in death_in if _OLD_YEAR.search(sents[k]) or (
        _OLD_YEAR_BEFORE.search(sents[k]) and not _THIS_WAR_YEAR.search(sents[k]))}
    # A story none of whose words occur in the text is not searched for sentence by sentence; the others
    # only in the sentences the loop below asks about (each once), not in every sentence near a death.
    near_set = set(near)
    neg_gate: dict[int, bool] = {}
    hit_memo: dict[tuple[int, int], bool] = {}

    def neg_hit(j: int, k: int) -> bool:  # j: a _SENTENCE_NEGATIVE row, -1 for _CRIME
        hit = hit_memo.get((j, k))
        if hit is None:
            if j >= 0 and j not in neg_gate:
                neg_gate[j] = may_match(_SENTENCE_NEGATIVE_CUES[j], text)
            rx = _CRIME if j < 0 else _SENTENCE_NEGATIVE[j][1]
            hit = hit_memo[(j, k)] = k in near_set and (j < 0 or neg_gate[j]) and rx.search(sents[k]) is not None
        return hit

    # (only asked when an old year is told: the scans cost a fraction of a ms)
    recent = bool(old_in) and bool(_RECENT_LIFESPAN.search(text) or _RECENT_DEATH_YEAR.search(text))
    # Sentences that name one of the dead: what they say about him outweighs a
    # headline or a general sentence («ПОГИБ ГЕРОЙ» over «погиб в лобовом столкновении»).
    named = {doc.sentence_index(r[0]) for r in doc.refs if not doc.persons[r[2]].living}
    # (a man named only as the speaker of a quote, «— сказал Сергей», is not named in what he says)
    quoted = "»" in text or '"' in text
    named_dead = {doc.sentence_index(r[0]) for r in doc.refs if not doc.persons[r[2]].living
                  and not (quoted and _QUOTE_SPEAKER.search(text, max(0, r[0] - 40), r[0]))}
    war_named = neg_named = False
    neg_sents: set[int] = set()
    for k in sorted(death_in):
        # An accident, a fire or a crime is often told in the sentence before or after the death.
        # («…пережил серьёзное ДТП. Погиб 3 марта под Авдеевкой»: not when the sentence itself tells a war death)
        neg = next((reason for j, (reason, _) in enumerate(_SENTENCE_NEGATIVE)
                    if neg_hit(j, k) or (reason in ("road accident", "fire") and (neg_hit(j, k - 1) or neg_hit(j, k + 1))
                                         and not _WAR_DEATH.search(sents[k]))), None)
        sent_k = doc.sentences[k]
        if neg in ("road accident", "fire") and _ATTACK.search(doc.text, sent_k.start, sent_k.end):
            neg = None  # «его автомобиль на трассе атаковал дрон»: a strike, not an accident
        if neg and (_COMBAT.search(sents[k]) or _BUT_DIED_AT_WAR.search(sents[k])):
            # «утонул при форсировании Днепра в ходе выполнения боевой задачи»; «выжил при аварии на шахте,
            # а погиб под Курском»
            neg = None
        if neg is None and (neg_hit(-1, k - 1) or neg_hit(-1, k) or neg_hit(-1, k + 1)):
            neg = "unrelated"
        if neg is None and (_ABROAD.search(sents[k]) or (k not in named and _WORK_ABOUT.search(sents[k]))):
            neg = "unrelated"
        # («Как и прадед, погибший в 1943 году, он погиб в зоне СВО»: the old death is not his.)
        # (nor «Рядом — имена погибших в 1941–1945 годах» beside a plaque «1985–2024»: an old death naming nobody
        # in a text with a death of this war is someone else's)
        if neg is None and k in old_in and not _SVO.search(sents[k]) and (k in named or not recent):
            neg = "ww2" if _WW2.search(text) or re.search(r"\b19[34]\d\b", sents[k]) else "anniversary"
        if neg:
            # The most specific story wins over the whole text: a veteran of an old
            # war who died of illness is "unrelated", not "anniversary".
            if negative is None or _NEG_ORDER.index(neg) < _NEG_ORDER.index(negative):
                negative = neg
            neg_named = neg_named or k in named
            neg_sents.add(k)
            continue
        if k in military_in:
            war_death = True
            war_named = war_named or k in named
    # A sentence that ties a death to the war outweighs a negative one only when it does not itself tell the
    # other cause («скончался ветеран СВО после тяжёлой болезни» is no war death).
    # (_WAR_DEATH needs a death word: only the sentences that tell a death are searched, and only when needed)
    if negative and (not any(_WAR_DEATH.search(sents[k]) for k in death_in if k not in neg_sents)
                     or (neg_named and not war_named)):
        return Verdict(False, negative)
    if may_match(_FICTION_CUES, text) and len({next(g for g in m.groups() if g) for m in _FICTION.finditer(text)}) >= 2 \
            and all(_PLOT_DEATH.search(sents[k]) for k in death_in if k in named):
        # the dead of a film or a book; the men named are its actors or its characters («командир Андрей Круглов
        # погибает в первой серии»)
        return Verdict(False, "unrelated")
    if war_death:
        return Verdict(True)
    if negative is None and not _WAR_DEATH.search(text):
        # No sentence ties a death to the war; the man named is stabbed, run over or burnt in a sentence
        # of his own («задержан житель, который ударил ножом участника СВО Виктора Сазонова»).
        for k in sorted(named):
            negative = "unrelated" if _CRIME.search(sents[k]) else next(
                (reason for reason, rx in _SENTENCE_NEGATIVE if reason in ("road accident", "fire")
                 and rx.search(sents[k])), None)
            if negative:
                return Verdict(False, negative)
    if negative:
        return Verdict(False, negative)
    if dead and death_in and not (named_dead & death_in) and all(
            _OTHERS_DIED.search(sents[k]) and not _HE_DIED.search(sents[k]) for k in death_in):
        # The only deaths told are of others, in the plural, and the text tells of the living: an award to
        # a soldier who speaks of his dead comrades («Ребята, которые погибли рядом со мной»).
        for reason, rx in (("award to living", _RETURNED), ("missing", _MISSING), ("wounded", _WOUNDED)):
            if rx.search(text) and not rx.search(" ".join(sents[k] for k in death_in)):
                return Verdict(False, reason)
    if _MILITARY.search(text) or (confirmed and any(not p.living for p in doc.persons)):
        return Verdict(True)
    return Verdict(False, "unrelated")


_UNNAMED = re.compile(
    r"(?:им(?:я|ена)|фамили\w+|личност\w+|данные)[^.!?\n]{0,60}?(?:не\s+(?:называ|разглаша|сообща|раскрыва|указыва|публику|уточня)\w*"
    r"|буд(?:ет|ут)\s+(?:назван|объявлен|сообщен)\w*|не\s+называть|пока\s+не\s+\w+|по\s+просьбе\s+(?:семьи|родных|родственников))"
    r"|(?:не\s+(?:называ|разглаша|раскрыва)\w*|по\s+просьбе\s+(?:семьи|родных|родственников)\s+не\s+\w+)[^.!?\n]{0,30}им(?:я|ена)",
    re.I,
)
_COUNT_WORDS = {
    "один": 1, "одного": 1, "одном": 1, "двух": 2, "двое": 2, "два": 2, "двоих": 2, "трёх": 3, "трех": 3, "трое": 3,
    "троих": 3, "три": 3, "четырёх": 4, "четырех": 4, "четверо": 4, "четверых": 4, "пяти": 5, "пятеро": 5,
    "пятерых": 5, "шести": 6, "шестеро": 6,
}


# «рабов Божиих Александра, Николая и Виктора»: baptismal names only, no surname.
_BAPTISMAL = re.compile(r"(?:[Рр]аб\w*\s+Божи\w+|новопреставленн\w+)\s+(?:(?:воин\w*|убиенн\w+|новопреставленн\w+)\s+)?"
                        # (not «воина Алексия (Алексея Сергеевича Гончаренко)»: the full name follows in brackets)
                        r"((?:[А-ЯЁ][а-яё]+(?:\s*,\s*|\s+и\s+))*[А-ЯЁ][а-яё]+)(?![а-яё]|\s*\()")
# «Трое награждены посмертно — их награды переданы семьям»: dead counted, none named.
_POSTHUMOUS_COUNT = re.compile(r"(?<![а-яё])([а-яё]+|\d{1,2})\s+(?:из\s+них\s+)?(?:\w+\s+)?(?:награжден\w*|удостоен\w*)\s+посмертно"
                               r"|посмертно\s+(?:награжден\w*|удостоен\w*)\s+(?:\w+\s+)?([а-яё]+|\d{1,2})\s+(?:военнослужащ|бойц|земляк|участник)")


# A total of dead (20 and more): «погибли 1 351 российский военнослужащий», «потери составили 320 человек».
_AGGREGATE_COUNT = re.compile(r"(?<![\d.,])(?:[2-9]\d|\d{3,}|\d{1,3}(?:\s\d{3})+)\s+(?:[а-яё]+\s+){0,2}?(?:военнослужащ|человек|бойц|погибш"
                              r"|участник|солдат|мобилизованн)")


_COURT = re.compile(r"(?<![а-яё])(?:суд(?:а|е|ом|у)?\b|судебн\w+|в\s+решении|иск\w*\b|приговор\w*)")


# Dead the text withholds even in a sentence that names others: «и ещё один боец, имя которого не разглашается»,
# «вместе с механиком-водителем, чьё имя командование не называет», «Ещё двое погибших пока не названы»,
# «Сведения о пятом погибшем уточняются».
_WITHHELD = re.compile(
    r"(?:(?:чь[её]|чьи)\s+им(?:я|ена)|им(?:я|ена)\s+(?:которого|которых|его|их))[^.!?\n]{0,40}?"
    r"(?:не\s+(?:называ|разглаша|сообща|раскрыва|публику)\w*|пока\s+не\s+\w+|буд(?:ет|ут)\s+(?:назван|объявлен)\w*)"
    r"|(?:ещё|еще)\s+(?P<n>[а-яё]+)\s+(?:[а-яё]+\s+){0,3}?(?:пока\s+)?не\s+(?:назван|называ|установлен)\w*"
    r"|сведени\w+\s+о\s+(?:(?:[а-яё]+м|ещё\s+одном|еще\s+одном)\s+)?погибш\w+\s+(?:пока\s+)?"
    r"(?:не\s+(?:раскрыва|разглаша|сообща|публику)\w*|уточня\w+)")
_WITHHELD = lower_rx(_WITHHELD)  # (matched from a word start, like the patterns below)
_WITHHELD_COUNT_BEFORE = re.compile(r"(?:ещё|еще)\s+([а-яё]+)\s+(?:[а-яё-]+\s+){0,2}$")


def _withheld(low: str) -> int:
    total = 0
    for m in _WITHHELD.finditer(low):
        word = m.group("n")
        if word is None:
            before = _WITHHELD_COUNT_BEFORE.search(low, max(0, m.start() - 50), m.start())
            word = before.group(1) if before else None
        n = _COUNT_WORDS.get(word or "")
        if m.group("n") is not None and n is None:
            continue  # «ещё долго не называли»: no count of the dead
        total += n or (2 if re.search(r"имена|которых|чьи", m.group(0)) else 1)
    return total


def unnamed_count(doc) -> int:
    total = 0
    for m in _BAPTISMAL.finditer(doc.text):
        total += len(re.findall(r"[А-ЯЁ][а-яё]+", m.group(1)))
    for s in doc.sentences:
        low = doc.lower[s.start: s.end]
        withheld = _withheld(low) if ("имя" in low or "имена" in low or "ещё" in low or "еще" in low
                                     or "сведени" in low) else 0
        if withheld:
            total += withheld
            continue
        pm = _POSTHUMOUS_COUNT.search(low) if "посмертн" in low else None
        if pm and not any(s.start <= r[0] < s.end for r in doc.refs):
            word = pm.group(1) or pm.group(2)
            n = _COUNT_WORDS.get(word) or (int(word) if word.isdigit() and 1 <= int(word) <= 20 else 0)
            total += n
            if n:
                continue
        # Every match holds «им(я|ена)», «фамили…», «личност…» or «данные»: a sentence with none of
        # them is not scanned (these letters have no other case-insensitive forms).
        m = _UNNAMED.search(low) if "им" in low or "фамили" in low or "личн" in low or "анные" in low else None
        if not m:
            continue
        if not re.search(r"погиб\w*|гибел\w+|прощани\w+|похорон\w+|земляк\w*|бо[ейи]ц\w*|им(?:я|ена)", low):
            continue
        # «Имя военнослужащего в решении суда не указывается»: a court case about a payment,
        # not a report of a death.
        if _COURT.search(low):
            continue
        # A sentence about someone already named ("его имя носит школа") is not an unnamed death.
        if any(r[0] >= s.start and r[1] <= s.end for r in doc.refs):
            continue
        n = None
        # (not a day or month of a date: «09.06.2023 Погиб мобилизованный (имя не называется)»)
        for w in re.findall(r"[а-яё]+|\d+", re.sub(r"\d{1,2}[./:]\d{1,2}(?:[./]\d{2,4})?", " ", s.text.lower())):
            if w in _COUNT_WORDS:
                n = _COUNT_WORDS[w]
                break
            if w.isdigit() and 1 <= int(w) <= 20:
                n = int(w)
                break
        if n is None and _AGGREGATE_COUNT.search(doc.lower, 0, s.start):
            continue  # «погибли 1 351 военнослужащий… Имена погибших ведомство не называет»: a total, not unnamed dead
        if n is None:
            n = 2 if re.search(r"имена", s.text, re.I) else 1
        total += n
    return total


# Every pattern above matches from the start of a word and runs on the
# lower-cased text (see textnorm.lower_rx): relevance costs a fraction of a ms.
_WAR, _DEATH, _WAR_DEATH, _DEATH_SENT, _MILITARY, _WW2, _SVO, _OLD_YEAR, _RETURNED, _MISSING, \
    _WOUNDED, _CONFIRMED_DEATH, _UNNAMED, _DENIED, _WOMAN_SERVING, _CRIME = (
        lower_rx(rx) for rx in (
            _WAR, _DEATH, _WAR_DEATH, _DEATH_SENT, _MILITARY, _WW2, _SVO, _OLD_YEAR, _RETURNED,
            _MISSING, _WOUNDED, _CONFIRMED_DEATH, _UNNAMED, _DENIED, _WOMAN_SERVING, _CRIME))
_NEGATIVE = [(reason, lower_rx(rx)) for reason, rx in _NEGATIVE]
_NEGATIVE_BY_REASON = dict(_NEGATIVE)
_SENTENCE_NEGATIVE = [(reason, lower_rx(rx)) for reason, rx in _SENTENCE_NEGATIVE]
_SENTENCE_NEGATIVE_CUES = [literal_cues(rx) for _, rx in _SENTENCE_NEGATIVE]
