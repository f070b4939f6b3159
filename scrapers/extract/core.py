"""``extract()``: one text in, the dead it names out.

The steps: clean the text (offsets kept), split sentences and clauses, find
names and decide who is dead, find date spans and give each a role and a
person, then the other fields, each attributed to a person by position.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from . import dates as D
from .fields import find_ages, find_ranks, find_units, person_categories, unit_priority
from .kin import find_kin
from .living import (
    comma_possessive,
    death_here,
    deaths_of_other_causes,
    genitive_complement,
    kin_died_too,
    kin_of_the_dead,
    marked_dead_after,
    named_after_role_of_dead,
    named_thing_or_enemy,
    others_death,
    speaks_or_serves,
    told_alive_later,
    told_dead_at,
)
from .model import ExtractedMention, Extraction
from .morph import fold, parse
from .names import (
    ALIVE_IN_ANY_CASE,
    DEAD_WORD,
    LIVING_AFTER,
    LIVING_BEFORE,
    LIVING_IF_OF_DEAD,
    NameParts,
    find_initialled,
    find_labelled,
    find_names,
    find_shared_surname,
    find_surname_rows,
    first_name_forms,
    is_capitalised,
    is_signature,
    name_info,
    surname_forms,
    tokenize,
)
from .places import find_places
from .relevance import judge, old_war_death, old_war_hero, unnamed_count
from .scan import may_contain
from .tables import apply_labels, apply_tables
from .textnorm import CleanText, Sentence, clauses, clean, lower_rx, lower_text, sentences

EXTRACTOR_VERSION = "2026.12.9"

DEATH_TRIG = (
    r"не\s+стало|погиб\w*|гибел\w+|скончал\w+|умер\b|умерш\w+|смертельн\w+\s+ранени\w+\s+(?:[а-яё]+\s+){0,2}?получил\w*|смерт\w+|убит\w*|пал\s+смертью|пал\s+в\s+бою"
    # the family's words for it: «перестало биться сердце», «оборвалась жизнь», «ушёл из жизни»
    # (a rank, a given name and a surname may stand between: «Сердце сержанта Виталия Прохорова перестало биться»)
    r"|перестало\s+биться\s+сердце|сердце\s+(?:\w+\s+){0,4}?перестало\s+биться|оборвал\w+\s+жизнь"
    r"|жизнь\s+(?:\w+\s+){0,4}?оборвал\w+|уш[её]л\s+из\s+жизни"
    # the soldier's words for it: «павшего в бою», «сложил голову», «отдал жизнь за Родину»
    r"|(?<![а-яё])павш(?:ий|его|ему|им|ем|ие|их|ими)\b|сложил\w*\s+(?:сво\w+\s+)?голов\w+"
    r"|отдал\w*\s+(?:сво\w+\s+)?жизн\w+"
    # «получил смертельное ранение 5 мая»: the day of the mortal wound is the day of death
    r"|(?:получил\w*\s+)?смертельн\w+\s+ранени\w+|скончавш\w+"
    # «геройски пал 14 августа», «сердце остановилось», «ранения, несовместимые с жизнью»
    r"|(?<![а-яё])пал(?![а-яё])(?!\s+духом)|остановил\w+\s+(?:[а-яё]+\s+){0,3}?сердце"
    r"|сердце\s+(?:[а-яё]+\s+){0,4}?остановил\w+"
    r"|(?:получил\w*\s+(?:[а-яё]+\s+){0,2}?ранени\w+,?\s+)?несовместим\w+\s+с\s+жизнью"
    r"|сраж[её]н(?:а|ы)?\b|уш[её]л\s+от\s+нас|оборвал\w+\s+(?:[а-яё]+\s+){1,2}?жизнь"
    # «5 марта сержант не вернулся из боя» (MYHUNK)
    r"|не\s+вернул\w*\s+(?:из\s+(?:боя|разведки|рейда)|с\s+(?:боевого\s+)?задания)"
    # «2 марта принял свой последний бой», «навсегда остался на поле боя 2 марта»
    r"|принял\w*\s+(?:сво\w+\s+)?последн\w+\s+бой|навсегда\s+остал\w+\s+на\s+поле\s+боя"
    r"|из\s+(?:того\s+|этого\s+|последнего\s+)?(?:боя|разведки|рейда)\s+(?:он\s+|боец\s+)?не\s+вернул\w*"
    # the cross of a card or a plaque before a date: «(† 06.03.2024)», «* 12.05.1990 † 02.03.2024»
    r"|†(?=[ \t]*\d)"
    # what took his life, said of the day or the fight: «Осколок оборвал его жизнь 5 марта», «Его убило 5 марта»,
    # «Трагедия произошла 5 марта» (and on the first line: «Смертельное ранение он получил 5 марта»), «5 марта стало для него роковым», «Бой,
    # ставший для него последним, случился 5 марта», «Последний бой Андрей принял 5 марта»
    r"|оборвал[аои]?\s+(?:[а-яё]+\s+){1,2}?жизнь|(?<![а-яё])убило(?![а-яё])"
    r"|(?:трагеди\w+|беда)\s+(?:произош|случил)\w+"
    r"|(?:стал[аои]?|ставш\w+|оказал\w+)\s+(?:для\s+(?:него|бойца|[а-яё]+)\s+)?(?:роков|последн|смертельн)\w+"
    r"|последн\w+\s+бой\s+(?:[А-ЯЁа-яё]+\s+){0,2}?принял\w*"
)
# «3 июля при выполнении боевой задачи в районе Волчанска — рядовой …», «позиция попала под удар 1 августа»:
# the combat in which a dead man fell dates his death when the clause names no other event (weaker than a verb).
COMBAT_TRIG = (
    r"(?:при|в\s+ходе)\s+выполнени\w+\s+(?:[а-яё-]+\s+){0,2}?задач\w*|при\s+исполнении\s+(?:[а-яё]+\s+){0,2}?"
    r"(?:долга|обязанност\w+)|(?<![а-яё])в\s+(?:бою|боях|ходе\s+бо[яёе]в?|ходе\s+штурма)\b"
    r"|при\s+(?:штурме|обстреле|артобстреле|атаке|отражении)\b|попал\w*\s+под\s+(?:удар|обстрел|артобстрел|огонь"
    r"|атаку|мин)|накрыл\w*\s+(?:[а-яё]+\s+){0,2}?(?:артиллери|огн|снаряд|мин)\w*|подорвал\w*\s+на\s+мин\w*"
)
FUNERAL_TRIG = (
    r"погреб[её]н(?![а-яё])|прощани\w+|проща(?:емся|ются|лись|ться)\b|простил\w+|простят\w+|простимся|простится|попрощал\w+|похорон(?!к)\w+|погребен\w+|погребени\w+"
    r"|хоронил\w*|хоронят|хоронить|отпевани\w+|отпел[иа]|отпевал[иа]?\b|отпевать|пред(?:али|адут|ан[аы]?|ать|ают)\s+земле"
    r"|погреб(?:ут|ли|ла)\b|отпо(?:ют|ёт|ет)\b|отпет[аы]?\b"  # «погребут на Аллее Славы», «отпоют», «Отпет в храме»
    r"|(?<![а-яё])вынос(?=[ \t]+(?:тела|гроба|в[ \t]+\d|\d))"  # «Вынос в 11:00 22 марта»
    # «проводили бойца в последний путь»: the object may stand between verb and «в последний путь»
    r"|проводи\w*\s+(?:\w+\s+){0,3}в\s+последний|провод(?:ят|ить)\s+(?:\w+\s+){0,3}в\s+последний"
    # «В последний путь бойца провожали всем селом»: the phrase before its verb (which alone is ambiguous)
    r"|(?<![а-яё])в\s+последний\s+путь\b"
    r"|захоронен\w+|траурн\w+\s+церемони\w+|прощальн\w+\s+(?:церемони|митинг|обряд)\w*|последние\s+почести|панихид\w+|вынос\s+тела|провожа\w+\s+в\s+последний|проводы|дж[аеэ]наз\w*"
    # «Проводили его 22 ноября всем посёлком», «проститься с Баиром приходили»: not «проводили на фронт»
    # «Проводить земляка в субботу пришли сотни людей» (MYHUNK)
    r"|проводить(?=(?:\s+[а-яё]+){0,4}?\s+(?:пришл\w*|приш[её]л|собрал\w*))"
    r"|проститься|проводили\b(?!(?:\s+[а-яё-]+){0,4}?\s+(?:на\s+(?:фронт|службу|сво|войну|спецоперацию|вахту|пенсию"
    r"|учени|сборы)|в\s+(?:армию|зону|армии|военкомат)))"
)
# «(1980 г.р.)» marks only the year before it, not a date further on in the clause.
# «* 12.05.1990 † 02.03.2024»: the genealogical star before a date marks the birth when the cross follows (a footnote
# star follows a word; a list bullet «* 12 марта — …» has no cross)
BIRTH_TRIG = (r"(?<![\w*])\*(?=[ \t]*\d[^\n†]{0,30}†)|родил\w*|появил\w*\s+на\s+свет|на\s+свет\s+появил\w*|родивш\w+|род\.|рожд\.|р\.(?=\s*\d)|рождени\w+|(?<![^.\d]\d{4}\s)(?<![^.\d]\d{4})г\.\s?р\."
              r"|(?<![а-яё])д\.\s?р\.(?=[ \t]*[:—–-]?[ \t]*\d)"  # a card's «Д.р.: 05.04.1990»
              r"|рожд[её]нн?(?:ый|ого|ому|ым|ом)?(?![а-яё])")  # «рождённый в 1995 году»
OTHER_TRIG = (
    # «мобилизованный Юрий Кочкуров» describes him; «был мобилизован 3 октября», «мобилизованный 27 сентября»
    # date an event
    r"мобилизов(?:анн(?:ый|ого|ому|ым|ом|ые|ых|ыми)\b(?=\s+(?:в\s+|с\s+)?\d)|(?!анн(?:ый|ого|ому|ым|ом|ые|ых|ыми)\b)\w+)|мобилизаци\w+|призван\w*|призыв\w*|контракт(?!ник)\w*|извещени\w+|известие|узнал\w*|награжд\w+"
    r"|установ\w+|открыти\w+|открыл\w*|окончил\w*|вступил\w*|ушёл|ушел|ушла|переехал\w*|служ\w+|работал\w*"
    r"|получил\w*|получила|отбыва\w+|наказани\w+|осужд\w+|уш[её]л|отправ\w+|был\s+ранен|ранен(?:а|ы|ый|ым)?\b|пропал\w*|направлен(?!и[еяюий])\w*"
    r"|(?<![а-яё])ранил[оиа]?\b|раненн(?:ый|ого|ому|ым|ом|ая|ую|ой|ые|ых|ыми)\b|пропавш\w+|(?<![а-яё])(?:по)?звонил\w*|(?:ушедш|подписавш|заключивш|вернувш|прибывш|приехавш|отправивш)(?:ий|его|ему|им|ем|ая|ей|ую|ие|их|ими)(?:ся)?(?![а-яё])"  # «ранило 4 марта, через несколько дней скончался», «считался пропавшим с …»
    r"|заключил\w*|подписал\w*|вернул\w*|приехал\w*|прибыл\w*|женил\w*|выпускн\w+|воевал\w*|начал(?!о(?![а-яё]))\w*|сообщ\w+"
    r"|вспомина\w+|помним|почтили|передали|доставил\w*|доставлен\w*|привезл\w*|привез(?:ли|ён|ен\w*)|опознал\w*"
    r"|опознан\w*|пош[её]л|исполнил\w*|исполнится|годовщин\w+|выходил\w*\s+на\s+связь|похоронк\w+|стало\s+известно|известно\s+стало"
    r"|(?<![а-яё])весть\b"  # «Сегодня пришла горькая весть: погиб …»: the day of the news, not of the death
    r"|нашли\b|найден[аоы]?\b|обнаружил[иа]?\b|обнаружен\w*"  # «Тело нашли 5 апреля, а погиб он 28 марта» (MYHUNK)
    r"|проводил\w*"  # «проводили на фронт» (a farewell matched it first as a funeral)
    # «ранения, полученного 3 апреля», «гибель подтвердили 5 декабря»: the wound's day and the report's day
    # (a date before it too: «20 мая военкомат подтвердил: сержант погиб»)
    r"|полученн\w+(?=\s+\d)|подтверд\w+"
    # «3 марта у сына был день рождения»: a birthday, nobody's birth date (matched before «рождения» can be).
    r"|д(?:ень|ня|н[её]м)\s+(?:сво(?:й|его|[её]м)\s+)?рождени\w+"  # («в день своего рождения, 2 марта, погиб»)
)
_TRIGGERS = lower_rx(rf"(?P<death>{DEATH_TRIG})|(?P<funeral>{FUNERAL_TRIG})|(?P<birth>{BIRTH_TRIG})|(?P<other>{OTHER_TRIG})"
                     rf"|(?P<combat>{COMBAT_TRIG})")
_FUTURE = re.compile(
    r"\b(?:состоится|состоятся|пройд[её]т|пройдут|похоронят|простятся|простимся|простится|попрощаются|попрощается"
    r"|будет|будут|проводят|предадут|погребут|отпоют"
    r"|приходите|приглашаем|приглашаются|просим\s+прийти"  # «похороны 6 мая, кто знал — приходите» (MYHUNK)
    r"|планируется|запланирован\w*|назначен\w*|можно\s+будет|пройти)\b",
    re.I,
)
_PAST = re.compile(
    r"\b(?:прошл[оаи]|прош[её]л|простились|похоронили|похоронен\w*|проводили|состоял\w+|попрощались|предали"
    r"|простился|простилась|была|был|было|были|отпели|прошли|погребли|совершен[оа]?|совершил[иа]?"
    r"|провожал[аио]?|хоронили|отпевали|пришл[иао]|приш[её]л|собрал(?:ись|ось|ся)"
    r"|проходил[аио]?|прощал(?:ись|ся|ась)|погребали|предавали)\b",  # «Прощание проходило в субботу», «Прощались в субботу»
    re.I,
)
_PLURAL = re.compile(
    r"\b(?:оба|обе|обоих|обоим|все|всех|всем(?!\s+(?:сел|мир|город|пос[её]лк|район|класс|коллектив|народ|двор|округ)\w*)|троих|трое|четверо|пятеро|шестеро|героями|героев|погибшими"
    r"|их|они|бойцами|военнослужащими|земляками|погибли|погибшие|вместе|двум|двое|двоих|которые|бойцов|земляков"
    r"|двух|трёх|трех|четырёх|четырех|пятерых|погибших|обоими|обеими|всеми|троими|двумя|тремя|четырьмя|пятью)\b",
    re.I,
)

_BETWEEN_OK = {
    "в", "во", "на", "зоне", "ходе", "сво", "специальной", "военной", "операции", "наш", "наша", "наше", "любимый",
    "дорогой", "родной", "сын", "муж", "отец", "брат", "внук", "мой", "моего", "моей", "нашего", "нашей", "своего",
    "бывшего", "бывший", "сельского", "поселения", "районного", "городского", "совета", "нашу", "любимого",
    # «вместе с ней погибла её подруга, фельдшер Марина Гладких»: the subject of the death verb
    "её", "ее", "его", "их", "и",
    # «погиб наш друг, брат и сослуживец Рамиль …», «о гибели нашего коллеги, учителя физкультуры Носкова …»:
    # the dead man's own fellows, listed before his role
    "друг", "друга", "товарищ", "товарища", "боевой", "боевого", "коллега", "коллеги", "сослуживец", "сослуживца",
    "одноклассник", "одноклассника", "однополчанин", "однополчанина",
}
# What a living person is said to do, in the words right after his name.
_ALIVE_AFTER = re.compile(
    r"[^.!?\n]{0,60}?\b(?:(?<!не\s)вернул\w+\s+(?:домой|из|с)(?!\s+на\s+щите)|вернувш\w+|получил\w*\s+(?:(?!смертельн)[а-яё]+\s+)?ранени\w+|проход(?:ит|ят)\s+лечени\w+"
    r"|наход(?:ится|ятся)\s+в\s+госпитал\w+|наход(?:ится|ятся)\s+на\s+лечении|продолжа(?:ет|ют)\s+(?:служ|воева)\w*|пропал\w*\s+без\s+вести|пропавш\w+\s+без\s+вести|не\s+найден\w*"
    r"|присутствовал\w*|потерял\w*|работает|живёт|живет"
    r"|награжд[её]н\w*|удостоен\w*\s+(?!посмертно)"
    # the survivors, the captured and the rescued («Котов и Рябов выжили», «попал в плен», «вышел к своим»)
    r"|(?<!не\s)выжил\w*|уцелел\w*|попал\w*\s+в\s+плен|(?:вышел|вышли|вышла)\s+к\s+своим|контужен\w*|эвакуирован\w*"
    r"|спас[её]н\w*|освобожд[её]н\w*\s+из\s+плена|остал\w+\s+жив\w*|оказал\w+\s+жив\w*|ид[её]т\s+на\s+поправку"
    r"|поправля\w+|(?:доставил\w*|доставлен\w*)\s+в\s+(?:госпитал|больниц)\w*|наход(?:ится|ятся)\s+в\s+плену)",
    re.I,
)
_ALIVE_BEFORE = re.compile(r"\b(?:домой\s+вернул\w+(?!\s+на\s+щите)|получил(?=\s)|ранен|ранены|ранен(?:ого|ому|ым|ых|ая|ую)|эвакуирова\w*|госпитализирован\w*|награжд[её]н\w*|вернул\w+\s+домой(?!\s+на\s+щите)"
                           r"|вернувш\w+|пропал\w*\s+без\s+вести|попал\w*\s+в\s+плен"
                           # («Из плена вернулся Никита Гурьев», «Контуженный Вадим Ларин», «вынесли двоих бойцов —»)
                           r"|вернул\w+\s+(?:из|с)\s+(?:плена|фронта)|из\s+плена\s+(?:вернул|освобо|верну)\w+|контужен\w*"
                           r"|тяжелоранен\w*|легкоранен\w*|раненн\w+|в\s+плену\s+наход\w+|вруч[её]н\w*|вручил\w*"
                           r"|(?<!не\s)выжил\w*|выживш\w+|уцелел\w*|уцелевш\w+|спасл[аи]?|спас[её]н\w*|вынесл[аи]|вытащил\w*"
                           r"|эвакуировал\w*)\b", re.I)
_DEATH_WORDS = re.compile(r"погиб\w*|гибел\w+|скончал\w+|убит\w*|похорон\w+|прощани\w+|простил\w+|посмертн\w+"
                          r"|памят\w+|\bумер\w*|груз\w*\s*«?200|не\s+стало", re.I)
_WENT_MISSING = re.compile(r"пропал\w*|пропавш\w+|перестал\w*\s+выходить\s+на\s+связь", re.I)
_IDENTIFIED = re.compile(r"погиб\w*\s+(?:тогда\s+же|в\s+тот\s+(?:же\s+)?день|в\s+том\s+же\s+бою)|признан\w*\s+погибш\w+"
                         r"|опозна\w+\s+(?:по\s+ДНК\s+)?(?:тело|останк)\w*"
                         r"|признал[аи]?\s+(?:его\s+|её\s+|ее\s+)?погибш\w+"
                         # «Останки Павла …, пропавшего …, опознаны», «… опознали по ДНК»
                         r"|(?:тело|останки)\s+[^.!?\n]{0,80}?(?:опозна[нл]|идентифицирова)\w*"
                         r"|(?:опозна[нл]|идентифицирова)\w*[^.!?\n]{0,40}?ДНК|ДНК[^.!?\n]{0,60}?(?:опозна[нл]|совпа[лд])\w*"
                         r"|установ\w+[^.!?\n]{0,30}погиб|подтверди\w+[^.!?\n]{0,30}гибел\w+|подтверди\w+[^.!?\n]{0,30}погиб"
                         r"|гибел\w+\s+(?:[а-яё]+\s+){0,2}?подтвержд\w*", re.I)  # «Теперь его гибель подтверждена»
# (not «Вместе с ним служил Борис, который погиб позже»: another verb between, or a later death)
_SAME_DEATH = re.compile(r"(?:вместе\s+с\s+(?:ним|ней|ними)|в\s+том\s+же\s+бою|в\s+тот\s+же\s+день)"
                         r"(?:(?!служил|воевал|учил|работал|уш[её]л|жил|дружил|призван|был\s)[^.!?\n]){0,40}"
                         r"(?:погиб\w*|скончал\w+)(?!\s+(?:позже|позднее|раньше|через|спустя|потом))", re.I)
_FEMN_SURNAME = ("ова", "ева", "ёва", "ина", "ына", "ская", "цкая", "ая")
_MASC_SURNAME = ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ой", "ый")
_PRONOUN_GENDER = {"ей": "femn", "ее": "femn", "её": "femn", "ему": "masc"}
_MANY = re.compile(r"(?<![А-ЯЁа-яё])(?:[Дд]ва|[Дд]ве|[Тт]ри|[Чч]етыре|[Пп]ять|[а-яё]+(?:[ео]ны|аны|ли))(?![а-яё])")
_APPOSED_GAP = re.compile(r"[ \t]*[,(][ \t]*")
_APPOSED_END = re.compile(r"(?:[ \t]*[а-яё.]+){0,2}[ \t]*(?:[,)]|[.!?…]|$)")  # («1965 года| рождения,»)
_SAME_DEATH_DASH = re.compile(r"[ \t]*[—–][ \t]*(?:тоже[ \t]+|также[ \t]+)?(?:в[ \t]+том[ \t]+же[ \t]+бою|в[ \t]+тот[ \t]+же"
                              r"[ \t]+день|вместе[ \t]+с[ \t]+ним|в[ \t]+один[ \t]+день[ \t]+с[ \t]+ним)")
_PLURAL_RANK = re.compile(r"(?:ые|ых|ыми|ы|ов|ам|ами)\b(?:\s+\w+\s+ранга)?\s*$")
# «Ахмедова Тимура (1997 г.р.) и Кривошеева Артёма»: a short aside in brackets does not break the row
_NAME_JOIN = re.compile(r"\s*(?:\([^()\n]{0,30}\)\s*)?(?:,|и|,\s*и)\s*")
# «рядового Дениса Шестакова и ефрейтора Романа Пинигина»: for a date, a rank before the next name does not break
# the row (for the rank itself it does).
_NAME_JOIN_RANKED = re.compile(
    r"\s*(?:из\s+[А-ЯЁ][а-яё-]+(?:\s+[А-ЯЁ][а-яё-]+)?\s*)?(?:\([^()\n]{0,30}\)\s*)?(?:,\s*(?:\d{4}\s*(?:г\.\s?р\.|года\s+рождения)|\d{1,2}\s+(?:год|года|лет))\s*)?"
    r"(?:,|и|,\s*и)\s*(?:(?:гвардии\s+)?(?:(?:младш|старш|главн)\w+\s+)?"
    r"(?:рядов|ефрейтор|сержант|старшин|прапорщик|лейтенант|капитан|майор|матрос)\w*\s+"
    # «рядовой Глеб Лунев и фельдшер Ольга Сорина погибли», «… и его брат Сергей Лунев»: a role in the row
    r"|(?<=и\s)(?:[а-яё-]+\s+){1,3}"
    r")?")
_PLURAL_VERB = re.compile(r"(?:погибли|скончались|простились|похоронили|похоронят|простятся|погибших|были|служили"
                          r"|родились|ушли|оба|обоих)\b", re.I)
_JOINED_PAIR = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)?\s+и\s+[А-ЯЁ][а-яё]+")
_HAS_DATE = re.compile(r"\d|вчера|сегодня|понедельник|вторник|сред[уа]|четверг|пятниц|суббот|воскресен", re.I)
_GENITIVE_TITLE = re.compile(
    r"^(?:гвардии|младшего|старшего|рядового|ефрейтора|сержанта|лейтенанта|капитана|майора|подполковника|полковника"
    r"|прапорщика|старшины|матроса|бойца|героя|военнослужащего|участника|мобилизованного|добровольца|контрактника)$")
_NOMINATIVE_TITLE = re.compile(
    r"^(?:гвардии|младший|старший|рядовой|ефрейтор|сержант|лейтенант|капитан|майор|подполковник|полковник|прапорщик"
    r"|старшина|матрос|боец|военнослужащий|мобилизованный|доброволец|контрактник|стрелок|разведчик|пулемётчик)$")
_DEATH_NOUNS = {"гибели", "гибель", "гибелью", "смерти", "смерть", "похоронах", "похорон", "памяти", "память", "стало"}
_OF_COUNTRY = {"россии", "днр", "лнр", "советского", "союза"}  # «Вдова Героя России Евгения Рязанцева»
_OF_DEAD = {"погибшего", "героя", "бойца", "военнослужащего", "участника", "погибших", "героев"}

_KIND_RANK = {"full": 0, "lifespan": 0, "daymonth": 1, "relday": 2, "weekday": 2, "monthday": 2, "month": 3,
              "relmonth": 3, "birthyear": 4, "year": 4}


@dataclass
class Person:
    surname: str
    first_name: str | None
    patronymic: str | None
    start: int
    end: int
    living: bool = False
    refs: list[tuple[int, int]] = field(default_factory=list)
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)
    # role -> (rank, position, value, start, end)
    date_candidates: dict[str, list[tuple[int, int, str, int, int]]] = field(default_factory=dict)


class Doc:
    """A text with its sentences, clauses and people, and the attribution rule."""

    def __init__(self, ct: CleanText, pub: date | None) -> None:
        self.ct = ct
        self.text = ct.text
        self.lower = lower_text(ct.text)
        self.pub = pub
        self.sentences = sentences(ct.text)
        self._clauses: dict[int, list[tuple[int, int]]] = {}
        self.persons: list[Person] = []
        self.refs: list[tuple[int, int, int]] = []  # (start, end, person index), sorted
        self._starts = [s.start for s in self.sentences]
        self.tokens = tokenize(ct.text)
        self._token_starts = [t[0] for t in self.tokens]
        self.triggers = [(m.start(), m.end(), m.lastgroup) for m in _TRIGGERS.finditer(self.lower)]
        self._trigger_starts = [t[0] for t in self.triggers]

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence holding (or last starting before) ``pos``."""
        return max(0, bisect_right(self._starts, pos) - 1)

    def sentence_at(self, pos: int) -> Sentence:
        if not self.sentences:
            return Sentence(0, len(self.text), self.text)
        return self.sentences[self.sentence_index(pos)]

    def tokens_between(self, start: int, end: int) -> list[tuple[int, int, str]]:
        i = bisect_left(self._token_starts, start)
        j = bisect_left(self._token_starts, end)
        return [t for t in self.tokens[i:j] if t[1] <= end]

    def triggers_between(self, start: int, end: int) -> list[tuple[int, int, str]]:
        i = bisect_left(self._trigger_starts, start)
        j = bisect_left(self._trigger_starts, end)
        return [t for t in self.triggers[i:j] if t[1] <= end]

    def clauses_of(self, s: Sentence) -> list[tuple[int, int]]:
        key = id(s)
        if key not in self._clauses:
            self._clauses[key] = clauses(s)  # computed only for sentences something asks about
        return self._clauses[key]

    def clause_at(self, s: Sentence, pos: int) -> tuple[int, int]:
        for a, b in self.clauses_of(s):
            if a <= pos < b:
                return a, b
        return s.start, s.end

    def _joined_chain(self, refs: list[tuple[int, int, int]], person: int, ranked: bool = False) -> list[int]:
        """The dead named in a row with ``person`` («Адам, Ислам и Ибрагим»)."""
        refs = sorted(r for r in refs if not self.persons[r[2]].living)
        chains: list[list[tuple[int, int, int]]] = []
        join = _NAME_JOIN_RANKED if ranked else _NAME_JOIN
        for r in refs:
            if chains and join.fullmatch(self.text, chains[-1][-1][1], r[0]):
                chains[-1].append(r)
            else:
                chains.append([r])
        for chain in chains:
            if any(r[2] == person for r in chain):
                return list(dict.fromkeys(r[2] for r in chain))
        return [person]

    def dead(self) -> list[int]:
        return [i for i, p in enumerate(self.persons) if not p.living]

    def _apposed_to(self, s: Sentence, start: int, end: int) -> int | None:
        """The person whose name stands right before ``start`` in the sentence, only a comma or a bracket between,
        the words set off after it too («Виктор Семёнов, 1965 года рождения, рассказал»; not «хоронили Диму, в субботу
        — Саню»)."""
        i = bisect_left(self.refs, (start, start, -1))
        if i == 0:
            return None
        r = self.refs[i - 1]
        if r[0] < s.start or r[1] > start or not _APPOSED_GAP.fullmatch(self.text, r[1], start) \
                or not _APPOSED_END.match(self.text, end):
            return None
        return r[2]

    def gender(self, i: int) -> str | None:
        """«femn», «masc» or None (not known) for person ``i``, from the given name, else from the surname."""
        p = self.persons[i]
        sur = (p.surname or "").lower()
        by_surname = "femn" if sur.endswith(_FEMN_SURNAME) else "masc" if sur.endswith(_MASC_SURNAME) else None
        known, _, _, g = name_info(p.first_name)[:4] if p.first_name else (False, None, None, None)
        by_name = g if known and g in ("femn", "masc") else None
        if by_name and by_surname and by_name != by_surname:
            return None  # «Айнур Галиахметов»: a given name of both sexes, the surname's says which
        return by_name or by_surname

    def attribute(self, start: int, end: int, prefer: str = "near", plural_ok: bool = True,
                  ranked: bool = False, apposition: bool = False, gender: str | None = None) -> list[int]:
        """Which dead person(s) the words at start:end speak about (``apposition``: words set off by commas right
        after a name are that man's, a living one's too; ``gender``: words that speak of a woman or of a man only,
        «Ей было 38», «родилась», choose among those, and among nobody when none of the dead is such)."""
        if gender is None:
            return self._attribute(start, end, prefer, plural_ok, ranked, apposition)
        refs = self.refs
        self.refs = [r for r in refs if self.gender(r[2]) in (gender, None)]
        try:
            got = self._attribute(start, end, prefer, plural_ok, ranked, apposition)
        finally:
            self.refs = refs
        return [i for i in got if self.gender(i) in (gender, None)]

    def _attribute(self, start: int, end: int, prefer: str, plural_ok: bool, ranked: bool,
                   apposition: bool) -> list[int]:
        if not self.persons:
            return []
        s = self.sentence_at(start)
        a, b = self.clause_at(s, start)

        def pick(refs: list[tuple[int, int, int]]) -> list[int]:
            if not refs:
                return []
            if prefer == "next":
                after = [r for r in refs if r[0] >= end]
                if after:
                    return [after[0][2]]
            if prefer == "prev":
                before = [r for r in refs if r[1] <= start]
                if before:
                    return [before[-1][2]]
            best = min(refs, key=lambda r: min(abs(r[0] - end), abs(start - r[1])))
            return [best[2]]

        in_clause = [r for r in self.refs if r[0] >= a and r[1] <= b]
        got = pick(in_clause)
        if got and plural_ok:
            # «Адам и Ибрагим погибли 26 сентября»: names joined by «и» with a plural verb share the words (the row
            # may begin in the clause before: «Олег Гончарук, Андрей Ткаченко и Сергей Литвиненко погибли …»).
            chain = self._joined_chain([r for r in self.refs if r[0] >= s.start and r[1] <= s.end], got[0], ranked)
            if len(chain) > 1 and _PLURAL_VERB.search(self.text, a, b):
                return chain
        if got:
            return [] if self.persons[got[0]].living else got
        owner = self._apposed_to(s, start, end) if apposition else None
        if owner is not None:
            # «Его отец Виктор Семёнов, 1965 года рождения, рассказал …»: words set off right after a name are his,
            # a living man's too (then nobody's), though the commas made them a clause of their own
            return [] if self.persons[owner].living else [owner]
        dead = self.dead()
        in_sentence_dead = sorted({r[2] for r in self.refs if r[0] >= s.start and r[1] <= s.end
                                   and not self.persons[r[2]].living})
        if plural_ok and len(in_sentence_dead) > 1 and _JOINED_PAIR.search(s.text):
            return in_sentence_dead  # "Прощание с Тимуром и Айдаром пройдёт в среду, 27 ноября"
        if plural_ok and len(dead) > 1 and _PLURAL.search(s.text):
            in_sentence = sorted({r[2] for r in self.refs if r[0] >= s.start and r[1] <= s.end} & set(dead))
            if len(in_sentence) > 1:
                return in_sentence
            # «Братьев похоронили вместе 20 февраля» after their items: those named before it, not the men after
            named_before = sorted(({r[2] for r in self.refs if r[1] <= s.start} & set(dead)) | set(in_sentence))
            return named_before if len(named_before) > 1 else dead
        if prefer != "prev" and not self.triggers_between(a, b):
            # "В пятницу хоронили Диму, в субботу — Саню": a clause with only a date
            # speaks of the person in the clause right after it («Артур (1995 г.р.) погиб в июле,
            # Вячеслав …»: a clause with its own verb speaks of the man before it).
            clauses_here = self.clauses_of(s)
            nxt = next((c for c in clauses_here if c[0] >= b), None)
            if nxt is not None:
                following = [r for r in self.refs if r[0] >= nxt[0] and r[1] <= nxt[1]
                             and not self.persons[r[2]].living]
                if following and not _HAS_DATE.search(self.text, nxt[0], nxt[1]):
                    return [following[0][2]]
        in_sentence = [r for r in self.refs if r[0] >= s.start and r[1] <= s.end and not self.persons[r[2]].living]
        if prefer == "next":
            in_sentence_pref = [r for r in in_sentence if r[0] >= end] or in_sentence
        else:
            in_sentence_pref = [r for r in in_sentence if r[1] <= start] or in_sentence
        got = pick(in_sentence_pref)
        if got:
            return got
        before = [r for r in self.refs if r[1] <= s.start and not self.persons[r[2]].living]
        if before and self.text.rfind("\n\n", before[-1][1], s.start) >= 0:
            # «…погиб 4 марта.\n\nЕму было 52 года. Доброволец Виктор Шилов из Тотьмы погиб 8 марта.»: a paragraph
            # that opens with a field and then introduces its man is about him, not about the man before it
            introduced = self._introduced_next(s)
            if introduced is not None:
                return [introduced]
        if before:
            return [before[-1][2]]
        return dead[:1]

    def _introduced_next(self, s: Sentence) -> int | None:
        """The dead man whose name opens the sentence after ``s`` (titles before it), when ``s`` opens a paragraph."""
        if s.start > 0 and not self.text[:s.start].rstrip(" \t").endswith("\n") or _PLURAL.search(s.text) \
                or _MANY.search(s.text):
            return None  # (not «Два бойца, живших в Уфе, похоронены …»: a paragraph about all of them)
        k = self.sentence_index(s.start) + 1
        if k >= len(self.sentences):
            return None
        nxt = self.sentences[k]
        i = bisect_left(self.refs, (nxt.start, nxt.start, -1))
        if i < len(self.refs) and self.refs[i][0] < nxt.end and not self.persons[self.refs[i][2]].living \
                and _ROW_OPENING.fullmatch(self.text, nxt.start, self.refs[i][0]):
            return self.refs[i][2]
        return None


def _sentence_span(doc: Doc, pos: int) -> tuple[int, int]:
    s = doc.sentence_at(pos)
    return s.start, s.end


def _published_date(published: str | datetime | date | None) -> date | None:
    if published is None or published == "":
        return None
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    return D.parse_published(str(published)).date()


def extract(
    text: str, published: str | datetime | None = None, *, default_region: str | None = None,
    date_backend: str = "own",
) -> Extraction:
    """The dead a text names, with dates resolved against ``published``."""
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    pub = _published_date(published)
    ct = clean(text)
    doc = Doc(ct, pub)
    _find_people(doc)
    verdict = judge(doc)
    for i in verdict.not_counted:
        doc.persons[i].living = True  # a non-war death inside a list of war dead
    deaths_of_other_causes(doc)  # «Василий Жуков погиб в Афганистане», «в ДТП погиб Олег Малинин» (after the verdict)
    heroes = {i for i, p in enumerate(doc.persons) if not p.living and old_war_hero(doc, i)}
    hero_sentences = {doc.sentence_index(r[0]) for r in doc.refs if r[2] in heroes}
    for i, p in enumerate(doc.persons):
        # A relative who fell in an old war is remembered, not counted; so is a hero of an old war a street
        # or a school is named after («на улице Героя Советского Союза Николая Гастелло»). The old war of a
        # sentence naming such a hero is his («похоронили рядом с дедом, ветераном Великой Отечественной»).
        if not p.living and (i in heroes or (doc.sentence_index(p.start) not in hero_sentences and old_war_death(
                doc.lower[slice(*_sentence_span(doc, p.start))]))):
            p.living = True
    if not verdict.relevant:
        return Extraction(relevant=False, reason=verdict.reason, unnamed=0, mentions=[])
    _assign_dates(doc, date_backend)
    named_ages: set[int] = set()
    for start, end, value, prefer, who in find_ages(doc.text):
        if _another_moment(doc, start, end):
            continue  # «Ему было 19 лет, когда он подписал контракт»: his age then, not at his death
        named = _person_named(doc, who) if who else None
        # «Ей было 58 лет» is a woman's age, «ему — 22» a man's: the pronoun's gender picks among the dead
        gender = _PRONOUN_GENDER.get(doc.lower[start:start + 3].rstrip(" ,")) if named is None else None
        for i in [named] if named is not None else doc.attribute(start, end, prefer, apposition=True, gender=gender):
            p = doc.persons[i]
            if named is not None and i not in named_ages and "age" in p.values:
                del p.values["age"]  # «Игорю было 31 год» beats a pronoun's age told before it of someone else
                del p.evidence["age"]
            if named is not None:
                named_ages.add(i)
            p.values.setdefault("age", value)
            p.evidence.setdefault("age", (start, end))
    if "(" in doc.text:
        _bracketed_ages(doc)
    _more_ages(doc)
    for start, end, value in find_ranks(doc.text):
        targets = doc.attribute(start, end, "next", plural_ok=False)
        if _PLURAL_RANK.search(doc.lower, start, end):
            # «рядовых Евгения Лапшина и Артёма Шабалина»: the rank of every name in the row after it.
            after = [r for r in doc.refs if r[0] >= end and not doc.persons[r[2]].living]
            if after and re.fullmatch(r"[\s,]*", doc.text[end: after[0][0]]):
                targets = doc._joined_chain(after, after[0][2])
            elif re.search(r"(?<![А-Яа-яЁё])(?:[Вв]се|[Оо]ба|[Оо]бе)[\s—–-]*$", doc.text[doc.sentence_at(start).start: start]):
                targets = doc.dead()  # «Все — гвардии рядовые 247-го полка.»
        for i in targets:
            p = doc.persons[i]
            old = p.values.get("rank")
            # «старший лейтенант» in a headline, «гвардии старший лейтенант» in the text: the fuller one.
            if old is None or (value != old and value.endswith(old)):  # type: ignore[union-attr]
                p.values["rank"] = value
                p.evidence["rank"] = (start, end)
    for start, end, value in find_units(doc.text):
        # («Рядовой Юдин из Североморска и сержант Носов из Мончегорска служили в 61-й бригаде»: both)
        for i in doc.attribute(start, end, "prev", ranked=True):
            p = doc.persons[i]
            old = p.values.get("unit")
            # «батальона «Алания»» in a headline, «в добровольческом батальоне «Алания»» in the text: the fuller one.
            if old is None or unit_priority(value) < unit_priority(old) or (  # type: ignore[arg-type]
                    value != old and value.endswith(" " + old)):  # type: ignore[operator]
                p.values["unit"] = value
                p.evidence["unit"] = (start, end)
    person_categories(doc)
    apply_tables(doc)
    apply_labels(doc)
    find_places(doc, default_region)
    mentions = [_mention(doc, p) for p in doc.persons if not p.living]
    unnamed = unnamed_count(doc)
    if not mentions and not unnamed:
        return Extraction(relevant=False, reason=verdict.reason or "aggregate without names", unnamed=0)
    return Extraction(relevant=True, reason=None, unnamed=unnamed, mentions=mentions)


# «Ему было 19 лет, когда он подписал контракт», «Когда ему было 18, он ушёл в армию»: an age told for a moment a «когда»
# clause names — his age at death only when that moment is his death («… когда он погиб»)
_WHEN_AFTER = re.compile(r"[ \t]*,?[ \t]*когда(?![а-яё])([^.!?\n]{0,80})")
_WHEN_BEFORE = re.compile(r"(?<![а-яё])когда[ \t]+(?:[а-яё]+[ \t]+)?$")
_DEATH_IN_CLAUSE = re.compile(r"погиб|скончал|не\s+стало|(?<![а-яё])пал(?![а-яё])|убит|умер")


def _another_moment(doc: Doc, start: int, end: int) -> bool:
    after = _WHEN_AFTER.match(doc.lower, end)
    if after is not None:
        return _DEATH_IN_CLAUSE.search(after.group(1)) is None
    if _WHEN_BEFORE.search(doc.lower, max(0, start - 25), start):
        s = doc.sentence_at(start)
        return _DEATH_IN_CLAUSE.search(doc.lower, end, s.end) is None
    return False


# «Воркута — Андрей Рочев (31)», «Иван Сорокин (24), Ковров»: a bare number in brackets right after a name is his age
_BRACKET_AGE = re.compile(r"[ \t]*\((\d{2})\)")


def _bracketed_ages(doc: Doc) -> None:
    for _a, b, i in doc.refs:
        p = doc.persons[i]
        m = _BRACKET_AGE.match(doc.text, b)
        if m is None or p.living or "age" in p.values or not 18 <= int(m.group(1)) <= 75:
            continue
        p.values["age"] = int(m.group(1))
        p.evidence["age"] = (m.start(1), m.end(1))


# Ages find_ages leaves: a row's «Александр Рыбаков — 34 года;», «Латыпову — 26.» after a named age, «23 года» alone on
# a card's line, «Ей было 38 лет, ему — 22», «Было ему 34 года», «Андрей прожил 34 года», «погиб в 34 года»,
# «Возраст: 34 года», «навсегда 34», and the tens and units in words («тридцать четыре года»).
_NUM_WORDS = {"восемнадцать": 18, "девятнадцать": 19, "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50,
              "шестьдесят": 60}
_UNIT_WORDS = {"один": 1, "одного": 1, "два": 2, "двух": 2, "три": 3, "трёх": 3, "трех": 3, "четыре": 4, "четырёх": 4,
               "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7, "восемь": 8, "восьми": 8,
               "девять": 9, "девяти": 9}
_TENS_GEN = {"двадцати": 20, "тридцати": 30, "сорока": 40, "пятидесяти": 50, "шестидесяти": 60}
_AGE_NUMBER = (r"(\d{2}|(?:восемнадцать|девятнадцать|двадцат[ьи]|тридцат[ьи]|сорока?|пятидесяти|пятьдесят|шестидесяти"
               r"|шестьдесят)(?:[ \t]+(?:один|одного|два|двух|три|тр[её]х|четыре|четыр[её]х|пять|пяти|шесть|шести|семь"
               r"|семи|восемь|восьми|девять|девяти))?)")
_AGE_UNIT = r"[ \t]+(?:год|года|лет)(?![а-яё])"
_ROW_AGE = re.compile(r"[ \t]*[—–-][ \t]*(\d{2})(?:" + _AGE_UNIT + r")?[ \t]*(?=[;,.]|$)", re.M)
_LINE_AGE = re.compile(r"^[ \t]*(\d{2})" + _AGE_UNIT + r"[ \t]*$", re.M)
def _num(group: str) -> str:
    return _AGE_NUMBER.replace("(", f"(?P<{group}>", 1)


# (the words one of which every match holds, the pattern), on the lower-cased text; each opens with its literal (the
# engine then skips to it) and the character before it is checked after a match
_N3_TAIL = r"[ \t]+(?:всего[ \t]+|лишь[ \t]+)?(?:в[ \t]+)?" + _num("n3") + _AGE_UNIT
_N6_TAIL = r"[ \t]+(?:всего[ \t]+|лишь[ \t]+)?" + _num("n6") + _AGE_UNIT
_N1_TAIL = r"[ \t]*[—–][ \t]*(?P<n1>\d{2})(?!\d|[.:]\d|[ \t]*[а-яё])"
_MORE_AGE_RXS = tuple((words, re.compile(rx)) for words, rx in (
    (("ему —", "ему –", "ему—"), r"(?P<pron>ему)" + _N1_TAIL),
    (("ей —", "ей –", "ей—"), r"(?P<pron>ей)" + _N1_TAIL),
    (("было ",), r"было[ \t]+(?P<pron2>[а-яё]+)[ \t]+" + _num("n2") + _AGE_UNIT),
    (("прожил",), r"прожил[аи]?" + _N3_TAIL),
    (("погиб",), r"погиб(?:ла)?" + _N3_TAIL),
    (("скончал",), r"скончал(?:ся|ась)" + _N3_TAIL),
    (("не стало",), r"не[ \t]+стало" + _N3_TAIL),
    (("возраст",), r"возраст[ \t]*[:—–-][ \t]*" + _num("n4") + r"(?:" + _AGE_UNIT + r")?"),
    (("навсегда",), r"навсегда[ \t]+(?:остал(?:ось|ся|ась)[ \t]+|останется[ \t]+)?(?P<n5>\d{2})"
                    r"(?!\d|[.:]\d|[ \t]*[а-яё])"),
    (("дцат", "сорок", "пятьдесят", "шестьдесят"), r"(?:было|был|исполнилось)" + _N6_TAIL),
))


def _age_value(s: str) -> int | None:
    if s.isdigit():
        n = int(s)
    else:
        words = s.lower().split()
        n = _NUM_WORDS.get(words[0]) or _TENS_GEN.get(words[0]) or (40 if words[0] == "сорок" else 0)
        n += sum(_UNIT_WORDS.get(w, 0) for w in words[1:])
    return n if 18 <= n <= 75 else None


def _set_age(doc: Doc, i: int, value: int, span: tuple[int, int]) -> None:
    p = doc.persons[i]
    if not p.living and "age" not in p.values:
        p.values["age"] = value
        p.evidence["age"] = span


def _more_ages(doc: Doc) -> None:
    dashes = "—" in doc.text or "–" in doc.text or " - " in doc.text
    for a, b, i in doc.refs if dashes or "\n" in doc.text else ():
        m = _ROW_AGE.match(doc.text, b) if dashes else None
        # «Александр Рыбаков — 34 года;» in a row; «Латыпову — 26.» (a bare number: a dative name, a sentence of its own)
        if m and (m.group(0).rstrip().endswith(("год", "года", "лет")) or doc.lower.endswith("у", a, b)
                  or doc.lower.endswith("ю", a, b)) and (v := _age_value(m.group(1))):
            _set_age(doc, i, v, (m.start(1), m.end(1)))
    if "\n" in doc.text and any(w in doc.lower for w in (" год", " лет")):
        for m in _LINE_AGE.finditer(doc.text):
            line_start = doc.text.rfind("\n", 0, m.start()) + 1
            if m.start() != line_start and doc.text[line_start:m.start()].strip():
                continue
            # «Иван Гладышев\n23 года\nрядовой»: a card's line; its man is the one dead man of its block
            a = doc.text.rfind("\n\n", 0, m.start())
            b = doc.text.find("\n\n", m.end())
            a, b = a + 1, (len(doc.text) if b < 0 else b)
            here = {r[2] for r in doc.refs if a <= r[0] < b and not doc.persons[r[2]].living}
            if len(here) == 1 and (v := _age_value(m.group(1))):
                _set_age(doc, here.pop(), v, (m.start(1), m.end(1)))
    for words, rx in _MORE_AGE_RXS:
        if any(w in doc.lower for w in words):
            for m in rx.finditer(doc.lower):
                if m.start() == 0 or not doc.lower[m.start() - 1].isalpha():
                    _more_age(doc, m)


def _more_age(doc: Doc, m: re.Match) -> None:
    groups = m.groupdict()
    key = next(k for k in ("n1", "n2", "n3", "n4", "n5", "n6") if groups.get(k))
    n, span = m.group(key), (m.start(key), m.end(key))
    if _another_moment(doc, m.start(), m.end()) or doc.lower.startswith("бы", m.end() + 1) \
            or " бы " in m.group(0) or (v := _age_value(n)) is None:
        return
    if key == "n6" and n.isdigit():
        return  # «ему было 34 года»: find_ages reads it
    pron = groups.get("pron") or groups.get("pron2") or ""
    if pron not in ("", "ему", "ей"):
        word = doc.text[m.start("pron2"):m.end("pron2")]
        named = _person_named(doc, word) if word[:1].isupper() and word.endswith(("у", "ю", "е")) else None
        if named is not None:
            _set_age(doc, named, v, span)  # «Было Андрею 34 года»
        return
    gender = _PRONOUN_GENDER.get(pron)
    for i in doc.attribute(m.start(), m.end(), "prev", plural_ok=False, apposition=True, gender=gender):
        _set_age(doc, i, v, span)


# --------------------------------------------------------------------------- people


def _is_living(doc: Doc, n: NameParts) -> bool:
    if getattr(n, "kin_of_dead", False):
        return False  # «Отец и сын Петровы, Виктор и Денис, погибли»: «отец» is not his role here
    s = doc.sentence_at(n.start)
    if getattr(n, "case", "") == "nomn" and _DASH_DATE_AFTER.match(doc.text, n.end) \
            and _DIED_ON_A_DAY.search(doc.lower, s.start, n.start):
        return False  # «Иван Лавров погиб 2 марта, а его друг Сергей Ушаков — 5 марта»: the verb left out is «погиб»
    if getattr(n, "case", "") == "nomn" and _KIN_DIED_NEXT.match(doc.text, s.end) and not _DEATH_WORDS.search(s.text) \
            and not _told_dead_later(doc, n):  # (not «… Его отец, Андрей Фомин, погиб … Кирилл погиб 3 марта»)
        return True  # «Артём Гусев, 12 лет, стал кадетом. Его отец, сержант Виктор Гусев, погиб»: the son
    before = [w.lower() for _, _, w in doc.tokens_between(s.start, n.start)[-10:]]
    after_text = doc.text[n.end: s.end]
    if _BEFORE_HIS_DEATH.match(after_text):
        return False  # «— написал Артём Белов за день до гибели»: the speaker is the dead man himself
    if _MISSING_AFTER.search(after_text) and not death_here(doc, n, s) \
            and not any(not others_death(doc, n, doc.sentence_at(m.start()), m.start())
                        for m in _IDENTIFIED.finditer(doc.text)):
        return True  # «Ефрейтор Лебедь Игорь Павлович, 1990 г.р., числится пропавшим без вести»: not a death
    if before and before[-1].startswith("соболезновани") and getattr(n, "case", "") == "datv":
        return True  # «Выражаем соболезнования Ольге Николаевне Гусевой»: condolences go to the living
    if getattr(n, "gender", "") == "femn" and re.match(r"\s*,\s*котор(?:ая|ой|ую)\b", after_text) \
            and not _DEATH_WORDS.search(after_text):
        return True  # «мужа Зарины Рахимовой, которая организовала сбор помощи»
    if re.match(r"\s*[,—–-]?\s*котор\w+[^.!?]{0,80}?(?:погиб|скончал)", after_text):
        return False  # "учителя Виктора Бортникова, который … погиб"
    if marked_dead_after(doc, n):
        return False  # «его сослуживцу Денису Шатову — посмертно»: a role before him does not make him living
    if named_thing_or_enemy(doc, n, s):
        return True  # «в день Ивана Купалы», «командир батальона ВСУ Тарас Бойко»
    if speaks_or_serves(doc, n, s) and not _told_dead_later(doc, n) \
            and not _HE_DIED_NEXT.match(doc.text, s.end):
        return True  # «Наталья Пронина, классный руководитель Максима, не может поверить в его гибель»
    if getattr(n, "case", "") == "nomn" and _OWN_DEATH_VERB.match(after_text):
        return False  # «Наш одноклассник Дима Рогозин погиб 31 декабря»: the subject of the death verb
    # «его лучший друг Сергей Бушмакин, сержант-контрактник. Он погиб 19 июля»: the next sentence tells his death
    died_next = getattr(n, "case", "") == "nomn" and bool(_HE_DIED_NEXT.match(doc.text, s.end)) \
        and not re.search(r"[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+", after_text)
    if before and before[-1] == "фото" and len(before) > 1 and before[-2] == "на":
        pass  # «На фото: Иван Рябов» is a caption of the man, not a credit
    elif before and re.fullmatch(r"церкв\w+|храм\w*|собор\w*|мечет\w+|фото|текст|автор|снимок", before[-1]):
        # «в церкви Сурб Аствацацин»: a church's name; «Фото: Анна Соколова»: a credit
        # (but «Фото: прощание с рядовым Никитой Бурлаковым» is a caption about him).
        return True
    if _ALIVE_BEFORE.search(doc.text, s.start, n.start) and not death_here(doc, n, s) and not _told_dead_later(doc, n):
        return True  # «Ранен и эвакуирован сержант Олег Пименов» (a death in the sentence may be another man's)
    alive = _ALIVE_AFTER.match(after_text)
    if alive and not death_here(doc, n, s) and not (
            _WENT_MISSING.search(alive.group(0)) and _IDENTIFIED.search(doc.text)) and not _told_dead_later(doc, n) \
            and not ("ранени" in alive.group(0) and _dies_next(doc, s)):  # (a wound, then «Через три дня он умер»)
        # «Сергей Лукин вернулся домой», «Алексей Мухин получил ранение и проходит лечение» (but «пропал без
        # вести … установлено, что он погиб» is a death)
        return True
    if _WOUNDED_AFTER.match(after_text) and not death_here(doc, n, s) and not _dies_next(doc, s) \
            and not _told_dead_later(doc, n):
        return True  # «Ещё один земляк, Павел Шумилин, ранен.» (not «… был тяжело ранен. Через два дня скончался»)
    if getattr(n, "case", "") == "nomn" and _RELATION_BEFORE.search(doc.lower, s.start, n.start) \
            and not _DEATH_WORDS.search(after_text[:80]) and not any(DEAD_WORD.match(w) for w in before) \
            and not _HE_DIED_NEXT.match(doc.text, s.end) and not _told_dead_later(doc, n):
        return True  # «— сказал его командир, капитан Андрей Лисин»: the dead man's commander, speaking of him
    speaker = _SPEAKER_VERB_BEFORE.search(doc.lower, s.start, n.start) if getattr(n, "case", "") == "nomn" else None
    # (a death word before the verb is the news he tells: «О его гибели семье сообщил командир роты Иван Ильин»)
    if speaker and not any(DEAD_WORD.match(w) for _, _, w in doc.tokens_between(speaker.start(), n.start)) \
            and not re.match(r"\s*[,—–-]\s*(?:погибш|павш|скончавш|умерш)", after_text):
        return True  # «Награду передал военный комиссар района Олег Лебедев»: the subject after its verb
    if getattr(n, "case", "") == "nomn" and _RELATIVE_DEED_AFTER.match(after_text) \
            and not _DEATH_WORDS.search(after_text) and not _told_dead_later(doc, n):
        return True  # «майор Денис Корнилов, который 15 марта вручил семье орден, назвал его героем»
    if kin_died_too(doc, n, before):
        return False  # «Отец Дениса Кольцова, Андрей Кольцов, тоже погиб»: the son died too
    if getattr(n, "case", "") == "gent" and _kin_of_named(before, after_text) and not _told_dead_later(doc, n):
        return True  # «Сын Николая Воронина, рядовой Алексей Воронин, погиб»: the father of the man named next
    if kin_of_the_dead(doc, n, before) or named_after_role_of_dead(doc, n, s):
        return True  # «Супруг Марины Гладковой погиб»; «Дочь погибшего Алексея Бурова, Кристина Бурова, окончила школу»
    participle = _PARTICIPLE_BEFORE.search(doc.lower, max(0, n.start - 20), n.start)
    # (a man's participle does not mark a woman: «По словам сестры погибшего Анны Мухиной»)
    if participle and getattr(n, "case", "") in _PARTICIPLE_CASES[participle.group(1)] \
            and getattr(n, "gender", "") != "femn":
        return False  # «Жена погибшего Ивана Рябова»: the name the participle marks is the dead man
    if getattr(n, "case", "") == "nomn" and _AS_SAID_BY.search(doc.text, s.start, n.start):
        # «Как рассказала сестра бойца, Баир Эрдынеев … погиб»: the role is in the clause before, the name
        # starts the main one (not «По словам матери Артура, Карины Мовсесян»: a genitive in apposition)
        before = []
    colon = doc.text.rfind(":", s.start, n.start)
    if colon >= 0 and doc.text[colon + 1: n.start].strip():
        # «Глава Агинского округа: погиб Бато Дашиев»: the role stands before the colon, its name after it
        before = [w.lower() for _, _, w in doc.tokens_between(colon, n.start)]
    elif colon >= 0 and _SPEECH_AFTER_NAME.match(doc.text, n.end):
        # «Корреспондент: Баир Дамдинов ушёл служить …»: a transcript's speaker label; the words after it are the
        # speech, which tells of the man named (a credit «Автор: Анна Петрова» ends its line at the name)
        before = []
    if colon >= 0 and _SERVING_NOW.search(doc.lower, s.start, colon) \
            and not _DEATH_WORDS.search(doc.text, colon, n.end) and not _dies_later(doc, n):
        # «фотографии выпускников, участвующих в СВО: Михаил Сысолятин, Павел Кощеев» (unless the text
        # goes on «а Никита Семёнов погиб»)
        return True
    for k, w in enumerate(before):
        role = LIVING_BEFORE.match(w) and (k >= len(before) - 4 or genitive_complement(before[k + 1:]))
        if role and _FRIEND.match(w) and k < len(before) - 1:
            role = False  # «нашего друга, командира роты капитана Андрея Рогова»: the friend is the dead man
        if role and k == len(before) - 1 and _heads_genitive(w, getattr(n, "case", ""), name_info(n.first_name or "")[0]):
            role = False  # «Сослуживец Ивана Рябова»: a role in another case heads the name, it is not his
        if role and k == len(before) - 1 and _KIN_GENDER.get(w[:4]) not in (None, _name_gender(n)) \
                and _name_gender(n) is not None:
            role = False  # «вручил орден матери Андрея Павлова»: a mother is no man, the name is her son's
        if role and getattr(n, "case", "") == "nomn" and k < len(before) - 1 and _never_nominative(w) \
                and all(_NOMINATIVE_TITLE.match(x) or _never_nominative(x) for x in before[k + 1:]):
            # «Указом Президента рядовой Тимур Сагитов …», «Указом Президента России Алексей Фомин …»: a genitive
            # role (with its genitive complement) is not the nominative's
            role = False
        if role and k < len(before) - 1 and getattr(n, "case", "") == "gent" \
                and all(_GENITIVE_TITLE.match(x) or x in _OF_DEAD or x in _OF_COUNTRY for x in before[k + 1:]):
            role = False  # «вручили матери рядового Семёна Белова»: the mother's, not his; he is the rank's
        if role and getattr(n, "case", "") == "gent" and any(x in _DEATH_NOUNS for x in before[k + 1:]):
            role = False  # «сообщил родителям о гибели Андрея Лекомцева»: the death noun's genitive, not the role's
        family = (LIVING_IF_OF_DEAD.match(w) and k >= len(before) - 4 and k + 1 < len(before)
                  and before[k + 1] in _OF_DEAD)
        if family and getattr(n, "case", "") == "gent" and getattr(n, "gender", "") != "femn" \
                and all(x in _OF_DEAD or _GENITIVE_TITLE.match(x) for x in before[k + 1:]):
            family = False  # «получила мать погибшего рядового Сергея Вязова»: the genitive name is the dead man's
        # «рассказывает его сын Ислам Исмаилов»: his son, named after the dead man was, is a relative —
        # unless a death word leads («погиб её сын Иван»).
        family = family or (LIVING_IF_OF_DEAD.match(w) and k == len(before) - 1 and k >= 1
                            # («его жена Марина, сын Кирилл и брат Денис»: «его» heads the whole row)
                            and (before[k - 1] in ("его", "её", "ее", "их") or before[k - 1] == "и" and any(
                                x in ("его", "её", "ее", "их") for x in before[max(0, k - 7): k - 1]))
                            and not any(DEAD_WORD.match(x) for x in before[:k - 1])
                            and any(not q.living for q in doc.persons)
                            and not _DEATH_WORDS.search(after_text[:80]))  # «Его брат Олег тоже погиб»
        if died_next and (family or (role and _FRIEND.match(w))):
            continue
        if family:
            return True
        if role:
            # "погибшего в зоне СВО депутата Валиева": the role belongs to the dead man.
            for j in range(max(0, k - 6), k):
                # "погибшего в зоне СВО депутата", "погиб наш любимый сын, муж, отец —":
                # the role describes the dead man when only such words stand between.
                if DEAD_WORD.match(before[j]) and not comma_possessive(doc, s, n, len(before) - j) \
                        and (all(x in _BETWEEN_OK for x in before[j + 1:k])
                                                   or not _CIVILIAN_ROLE.match(w)
                                                   and _apposition_words(doc, s, n, before, j, k)) \
                        and not (before[j] in _GOVERNS_GENITIVE and not _may_be_genitive(w)):
                    # («О его гибели родителям, Сергею и Наталье …»: the death noun governs a genitive, not them)
                    break
            else:
                return True
    if told_alive_later(doc, n):
        return True  # «…, прикрывая Олега Котова. Олег выжил.»
    after = doc.text[n.end: n.end + 100]  # room for a title in apposition before the verb
    if ALIVE_IN_ANY_CASE.match(after) and not _told_dead_later(doc, n):
        return True  # «выпускнику Ивану Котову, который сейчас служит в зоне СВО»
    said = LIVING_AFTER.match(after)
    if said and said.group(0).strip() == ":" and _DEATH_AFTER_COLON.match(after, said.end()) \
            and not any(m.surname and m.first_name for m in find_names(after.split("\n", 1)[0][said.end():])):
        # («Александр Бречалов: «Погиб наш земляк Андрей Шутов»» is the governor speaking of another man)
        return False  # «Алексей Смирнов: погиб 2 марта» is a headline about him
    if said and getattr(n, "case", "nomn") != "nomn":
        # «не стало Глеба Сухова: он погиб …», «О гибели Олега Сомова сообщили 12 марта»: a speaker is
        # in the nominative
        return False
    if said and said.group(0).strip() != ":" and _DIED_BEFORE_NAME.search(doc.lower, s.start, n.start):
        return False
    if said and _PAST_HABIT.search(said.group(0)) and _dies_next(doc, s):
        return False  # «Андрей Павлов рассказывал друзьям, что вернётся. Он погиб 3 марта.»: his life, not a report
    if said:
        # «Иван Петров, 1990 г.р.:» in a list is not a speaker.
        return not _told_dead_later(doc, n)
    return False


_DASH_DATE_AFTER = re.compile(r"[ \t]*[—–][ \t]*(?:\d{1,2}(?:[ \t]+[а-яё]+|\.\d{1,2})|через|спустя|на[ \t]+следующий|накануне"
                              r"|вчера|позавчера)")
_DIED_ON_A_DAY = re.compile(r"(?<![а-яё])(?:погиб|погибла|скончался|скончалась)[ \t]+(?:\d|в[ \t]+[а-яё]+|вчера)")
# «Павел Шумилин, ранен», «Иван Котов, командир взвода, был тяжело ранен»
_WOUNDED_AFTER = re.compile(r"[ \t]*[,—–]?[ \t]*(?:[^.!?\n,]{0,40},[ \t]*)?(?:тоже[ \t]+|также[ \t]+)?(?:был[аио]?[ \t]+)?"
                            r"(?:тяжело[ \t]+|легко[ \t]+|серь[её]зно[ \t]+)?ранен[аы]?(?![а-яё])")
# «его командир, капитан Андрей Лисин», «её сосед Олег Котов»: a man named by his relation to the one the text is about
_RELATION_BEFORE = re.compile(
    r"(?<![а-яё])(?:его|её|ее|их)[ \t]+(?:[а-яё]+[ \t]+)?(?:командир|комбат|комвзвода|комроты|взводный|ротный|напарник"
    r"|наставник|сосед|однокурсник|одноклассник|тренер|учитель|начальник)\w*[ \t]*,?"
    r"(?:[ \t]+(?:гвардии[ \t]+)?(?:(?:младший|старший)[ \t]+)?(?:рядовой|ефрейтор|сержант|старшина|прапорщик|лейтенант"
    r"|капитан|майор|подполковник|полковник|генерал-майор))?[ \t]*$")
_DEATH_VERB = re.compile(r"(?<![а-яё])(?:погиб|скончал|умер|не[ \t]+стало"
                         # «Врачи боролись за его жизнь, но 4 марта его сердце остановилось»
                         r"|сердце[ \t]+(?:[а-яё]+[ \t]+){0,2}?остановил|остановил[а-яё]*[ \t]+(?:[а-яё]+[ \t]+)?сердце)", re.I)


def _dies_next(doc: Doc, s: Sentence) -> bool:
    """The sentence after ``s`` tells a death and names nobody: it may be the death of the man just named."""
    k = doc.sentence_index(s.start) + 1
    if k >= len(doc.sentences):
        return False
    nxt = doc.sentences[k]
    # (names not yet judged count too: «Денис Карасёв был ранен, но выжил. Его товарищ Пётр Мишин погиб.»)
    return bool(_DEATH_VERB.search(nxt.text)) and not any(nxt.start <= r[0] < nxt.end for r in doc.refs) \
        and not any(nxt.start <= m.start < nxt.end and m.surname for m in getattr(doc, "names", ()))


_STILL_SERVING_CUE = re.compile(r"продолжа\w+\s+(?:служ|воева)|служ(?:ит|ат)\b|воюю?т\b|жив(?:ы)?\b|вернул(?:ся|ись)\s+домой"
                                r"|ранени|госпитал")
#: one of these stands in every match (the pattern is case-sensitive): substring tests before the search
_STILL_SERVING_WORDS = ("продолжа", "служит", "служат", "воют", "воюют", "жив", "вернул", "ранени", "госпитал")
_STILL_SERVING = re.compile(
    r"(?:\s*(?:,|и)\s*[А-ЯЁ][а-яё]+)*\s+(?:(?:по-прежнему|сейчас|пока|до\s+сих\s+пор|тоже|также)\s+)?"
    # («вернулся домой «грузом 200»» is his coffin coming home)
    r"(?:продолжа\w+\s+(?:служ|воева|выполня)\w*|служ(?:ит|ат)\b|воюю?т\b|жив(?:ы)?\b"
    r"|вернул(?:ся|ись)\s+домой(?!\s*[«\"“]?\s*груз|\s+(?:на\s+щите|в\s+гроб))"  # (nor «на щите», «в гробу»)
    # «Руслан погиб, а Рашид получил тяжёлое ранение и сейчас находится в госпитале»: the wounded brother
    # («получил ранение, несовместимое с жизнью» is his death)
    r"|получил\w*\s+(?:(?!смертельн)[а-яё]+\s+)?ранени\w+(?![^.!?\n]{0,60}?(?:скончал|умер|погиб|несовместим|не\s+совместим))"
    r"|наход(?:ится|ятся)\s+в\s+госпитал\w*)")
# («Его отец, сержант Андрей Ковалёв, погиб»: the comma closing an apposition may stand before the verb)
# («Его отец, ефрейтор Алексей Лукин, мобилизованный осенью 2022 года, погиб»: a participle's apposition may stand
# between the name and the verb)
_OWN_DEATH_VERB = re.compile(r"\s*,?\s*(?:\([^()\n]{0,40}\)\s*)?(?:[а-яё]+(?:ый|ий)(?![а-яё])[^,.!?\n«»()]{0,60},\s*)?"
                             r"(?:тоже\s+|также\s+|героически\s+)?"
                             r"(?:погиб|скончался|пал\s+(?:смертью|в\s+бою)|умер\s+от\s+ран)(?![а-яё])")
_HE_DIED_NEXT = re.compile(r"[.!?…]?\s*Он\s+(?:[а-яё]+\s+){0,2}?(?:погиб|скончался|пал)(?![а-яё])")
# «В зоне СВО погиб рядовой Евгений Мухин, сообщили в администрации»: the name is the subject of the death
# verb before it (title words between), so a verb of speaking after it is someone else's report, not his speech
# «…, который 15 марта вручил семье орден, назвал его …»: a relative clause telling what he did for the dead or said
_RELATIVE_DEED_AFTER = re.compile(r"[ \t]*,[ \t]*котор(?:ый|ая)[ \t]+[^,.!?\n]{0,60}?(?<![а-яё])(?:вручил|передал|рассказал"
                                  r"|сообщил|поздравил|наградил|встретил|навестил|организовал|возглавляет|руководит)\w*"
                                  r"(?![а-яё])")
# «Сын Николая Воронина, рядовой Алексей Воронин, погиб»: a kinsman named right after the genitive name he heads is
# the subject of the death (not «Мать Андрея Сидорова, Ольга Сидорова, рассказала»: then the genitive is the dead son)
_KIN_NOUN = re.compile(r"^(?:сын|дочь|брат|сестра|внук|внучка|муж|жена|вдова|отец|мать|племянник)$")
# («Погиб сын главы района Олега Казакова — рядовой Никита Казаков.»: the death told before the kinship noun)
_KIN_NAMED_AFTER = re.compile(r"[ \t]*[,—–][ \t]*(?:[а-яё-]+[ \t]+){0,3}[А-ЯЁ][а-яё-]+[ \t]+[А-ЯЁ][а-яё-]+(?:[ \t]+[А-ЯЁ][а-яё-]+)?"
                              r"[ \t]*(?:(?P<verb>,[ \t]*(?:тоже[ \t]+|также[ \t]+|геройски[ \t]+)?(?:погиб|скончался|пал|умер)"
                              r"(?![а-яё]))|[.!]|$)")


def _kin_of_named(before: list[str], after_text: str) -> bool:
    """A genitive name a kinship noun heads (a title or two between: «сын главы района Олега Казакова»), with the
    kinsman himself named in apposition after it, as the subject of the death."""
    m = _KIN_NAMED_AFTER.match(after_text)
    if m is None:
        return False
    for k in range(len(before) - 1, max(-1, len(before) - 6), -1):
        if _KIN_NOUN.match(before[k]):
            return m.group("verb") is not None or any(DEAD_WORD.match(w) for w in before[:k])
    return False
# a transcript's line: «Корреспондент: Баир Дамдинов ушёл …» (a lower-case word goes on after the name)
_SPEECH_AFTER_NAME = re.compile(r"[ \t]+[а-яё]")
# «за день до гибели», «незадолго до смерти», «накануне своей гибели» right after a name: his own death
_BEFORE_HIS_DEATH = re.compile(r"[ \t,]*(?:за[ \t]+[а-яё]+[ \t]+(?:[а-яё]+[ \t]+)?до|незадолго[ \t]+до|накануне|перед)[ \t]+"
                               r"(?:сво\w+[ \t]+)?(?:гибел\w+|смерт\w+)(?![ \t]+(?:[А-ЯЁ]|сын|муж|брат|отц|дед|внук|друг|товарищ))")
_DIED_BEFORE_NAME = re.compile(r"(?<![а-яё])(?:погиб|погибла|скончался|скончалась|пал|умер|умерла)"
                               r"(?:[ \t,—–-]+(?!сообщ|сказа|заяв|рассказ|отмет|написа|переда|вручи)[а-яё-]+){0,4}"
                               r"[ \t,—–-]*$")
_AS_SAID_BY = re.compile(r"(?<![А-ЯЁа-яё])(?:[Кк]ак|[Пп]о\s+словам)\s+[^,.!?\n]{2,60},[ \t]*$")
# A verb of speaking or handing over, then a few title words, then the name in the nominative: its subject.
_SPEAKER_VERB_BEFORE = re.compile(
    r"(?<![а-яё])(?:рассказал|сообщил|отметил|заявил|написал|передал|вручил|подчеркнул|добавил|пояснил|сказал"
    r"|поделил(?:ся|ась)|выразил|поблагодарил|провел|провёл|прочитал|возложил|выступил|вспоминает|рассказывает"
    # («выступил министр по делам молодёжи Якутии Алексей Петров»: a title of up to six words)
    r"|говорит|отмечает|пишет|делится)а?(?:[ \t]+[а-яё-]+){0,6}[ \t]+$"
    # «На открытии выступили его мать Гульнара Ринатовна и командир бригады полковник Олег Сорокин»
    r"|(?<![а-яё])(?:выступили|присутствовали|рассказали|вспоминают|приняли\s+участие)[^.!?,:;«»\"\n]{0,80}$")
# «мы ошибочно назвали погибшего Айнуром Галиаскаровым»: the withdrawn name
_MISPRINT_BEFORE = re.compile(r"ошибочно\s+(?:\w+\s+)?(?:указа|назва|написа|опубликова)\w*"
                              r"(?:\s+(?:как|его|погибш\w+|бойц\w+|военнослужащ\w+))?\s*[—–:-]?\s*$")
# «в храме Сергия Радонежского», «мечеть имени Ахмата Кадырова»: a church's saint is no person in the text
# (as a living one he would still take the dates next to him).
_DEDICATION_BEFORE = re.compile(
    r"(?:(?<![а-яё])(?:храм\w*|церкв\w+|церковь|собор\w*|мечет\w+|монастыр\w*|часовн\w+)\s+"
    r"(?:(?:святого|святой|святых|преподобного|великомученика|апостола|имени|им\.)\s*)?"
    r"|(?<![а-яё])(?:имени|им\.)\s*(?:геро[яев]+\s+(?:россии|советского\s+союза|днр|лнр)\s+)?)$")
# «сквер имени Ивана Котельникова, погибшего в зоне СВО 3 марта 2023 года»: a man named after his death in this war
# (not «мечеть имени Ахмата Кадырова, погибшего в 2004 году», nor a hero of an old war)
_DIED_APPOSED = re.compile(r"[ \t]*,[ \t]*(?:погибш|павш|скончавш|умерш)\w*([^,.;!?\n]{0,80})")
_OLD_YEAR = re.compile(r"(?<!\d)(?:1\d{3}|200\d|201[0-3])(?!\d)")


def _own_war_death_after(doc: Doc, end: int) -> bool:
    m = _DIED_APPOSED.match(doc.lower, end)
    return m is not None and not _OLD_YEAR.search(m.group(1)) and not _OLD_WAR_APPOSITION.match(doc.lower, end)


_CORRECTION = re.compile(r"\b(?:поправка|правильно\s*[—–:-]|следует\s+читать|верно\s*[—–:-])", re.I)
_CORRECTION_WORDS = ("поправка", "правильно", "следует", "верно")  # one in every match: a cheap test first


# «… Его отец, старший сержант Виктор Гусев, погиб»: the sentence before was about his living son or wife.
_KIN_DIED_NEXT = re.compile(r"\s*(?:Его|Её|Ее)\s+(?:отец|папа|(?:старший\s+|младший\s+|единственный\s+)?(?:брат|сын)|дед"
                            r"|дедушка|дядя|муж|внук)(?![а-яё])"
                            r"[^.!?]{0,120}?(?:погиб|скончался|пал)(?![а-яё])")


_MISSING_AFTER = re.compile(r"пропавш\w*\s+без\s+вести|пропал\w*\s+без\s+вести", re.I)


# Men the text lists as serving now (on a school stand, in a greeting), not as dead.
_SERVING_NOW = re.compile(r"(?:участвующ\w+\s+в\s+(?:сво|специальной)|воюющ\w+|проходящ\w+\s+(?:военную\s+)?службу"
                          r"|находящ\w+\s+в\s+зоне\s+(?:сво|специальной)|защищающ\w+\s+(?:родину|отечество|россию)"
                          # «выпускников, которые сейчас служат:», «… ныне защищают Родину:»
                          r"|(?:сейчас|ныне|по-прежнему)\s+(?:служ|вою|защища|наход)\w*)")


def _dies_later(doc: Doc, n: NameParts) -> bool:
    """«… а Никита Семёнов погиб»: the text goes on to tell this man's death."""
    return n.first_name is not None and re.compile(
        re.escape(n.first_name) + r"(?:\s+[А-ЯЁ][а-яё]+)?\s+(?:тоже\s+|также\s+)?(?:погиб|скончался)(?![а-яё])"
    ).search(doc.text, n.end) is not None


def _told_dead_later(doc: Doc, n: NameParts) -> bool:
    """«Наш земляк Юрий Кондратьев вернулся домой. Юрий погиб 17 марта…», «… отметил 25-летие. Через неделю
    Степана не стало»: a man first told of as alive (home, a birthday) whose death the text tells later by his
    given name — unless another man of that given name is named in full."""
    if not getattr(n, "first_name", None):
        return False  # (an initialled surname has no given name to be told by)
    stem = n.first_name[:-1] if n.first_name[-1] in "аяйь" else n.first_name
    told = re.compile(r"(?<![А-ЯЁа-яё])" + re.escape(stem) + r"(?:а|я|у|ю|й|ь)?\s+(?:тоже\s+|также\s+)?"
                      r"(?:погиб|скончался|не\s+стало)(?![а-яё])")
    if not told.search(doc.text, n.end):
        return False
    own = (fold(n.surname)[:4], fold(n.patronymic)[:4])
    named = re.findall(r"(?<![А-ЯЁа-яё])" + re.escape(stem) + r"[а-яё]{0,2}[ \t]+([А-ЯЁ][а-яё]+)", doc.text)
    return all(fold(x)[:4] in own for x in named)


def _withdrawn_names(doc: Doc) -> None:
    """«Не вернулся Виталий Исмагилов. Поправка: правильно — Виталий Ренатович Арсланов»: the name the
    correction replaces (the same given name or the same surname, written only before it) is the
    corrected man under a wrong name — its mentions become his."""
    m = _CORRECTION.search(doc.text) if may_contain(doc.lower, _CORRECTION_WORDS, doc.text) else None
    if not m:
        return
    for i, p in enumerate(doc.persons):
        refs = [r for r in doc.refs if r[2] == i]
        if p.living or not refs or refs[0][0] < m.end():
            continue
        for j, q in enumerate(doc.persons):
            same_first, same_sur = fold(q.first_name) == fold(p.first_name), fold(q.surname) == fold(p.surname)
            if j != i and same_first != same_sur and all(r[1] <= m.start() for r in doc.refs if r[2] == j):
                q.living = True
                doc.refs[:] = [(a, b, i if k == j else k) for a, b, k in doc.refs]


# on the same line, about one man (not «Радий Хабиров:\nПогибли наши земляки»)
_DEATH_AFTER_COLON = re.compile(r"[ \t]*(?:[«\"][ \t]*)?(?:погиб(?!ли|ших|шие)\w*|скончался|пал\b|убит|не\s+стало"
                                r"|вечная\s+память"
                                r"|светлая\s+память|\d{1,2}\.\d{1,2}\.\d{2,4}\s*[–—-])", re.I)
_PARTICIPLE_BEFORE = re.compile(r"(?:погибш|павш|скончавш|умерш)(ему|ого|его|им|ий|ем|ом)[ \t]+$")
# the participle agrees with the name it marks («погибшего Ивана»), not with «брат погибшего Магомед»
_PARTICIPLE_CASES = {"его": {"gent", "accs"}, "ого": {"gent", "accs"}, "ему": {"datv"}, "им": {"ablt"},
                     "ий": {"nomn"}, "ем": {"loct"}, "ом": {"loct"}}


# Friends and comrades are as often the dead man himself as the speaker: living only right before the name
# (or before «погибшего», handled with the family words).
# («Наш коллега, звукорежиссёр РДК Евгений Гунько, … не стало»: a colleague too)
_FRIEND = re.compile(r"^(?:друг|друга|другу|другом|подруг\w*|сослуживец|сослуживц\w+|одноклассни\w+|коллег\w*)$")


def _never_nominative(word: str) -> bool:
    """«президента», «одноклассника»: a noun form that cannot be nominative stands in no apposition to a
    nominative name."""
    cases = {p.tag.case for p in parse(word) if "NOUN" in p.tag}
    return bool(cases) and "nomn" not in cases


# kinship words of one sex only (by their first four letters): the name after one of the other sex is not in apposition
_KIN_GENDER = {"мать": "femn", "мате": "femn", "мама": "femn", "маме": "femn", "мамо": "femn", "мамы": "femn",
               "маму": "femn", "вдов": "femn", "жена": "femn", "жене": "femn", "жены": "femn", "жену": "femn",
               "жено": "femn", "супр": None, "сест": "femn", "доче": "femn", "дочь": "femn", "бабу": "femn",
               "отец": "masc", "отца": "masc", "отцу": "masc", "отцо": "masc", "папа": "masc", "папе": "masc",
               "папы": "masc", "брат": "masc", "сын": "masc", "сына": "masc", "сыну": "masc", "сыно": "masc",
               "муж": "masc", "мужа": "masc", "мужу": "masc", "мужь": "masc", "дед": "masc", "деда": "masc",
               "деду": "masc", "дяди": "masc", "дядя": "masc", "дяде": "masc"}
def _name_gender(n: NameParts) -> str | None:
    """A name's sex when it is sure: a dictionary given name's (not a rare name's guess, nor a surname's ending, which a
    misread case changes: «мать Дулма Дондокова» read as a man's genitive)."""
    known, _, _, g = name_info(n.first_name)[:4] if n.first_name else (False, None, None, None)
    sur = (n.surname or "").lower()
    by_surname = "femn" if sur.endswith(_FEMN_SURNAME) else "masc" if sur.endswith(_MASC_SURNAME) else None
    return g if known and g in ("masc", "femn") and by_surname in (None, g) else None


# a dead journalist or volunteer is no serviceman: such a role after «погиб» keeps its reading (the whitelist's)
_CIVILIAN_ROLE = re.compile(r"^(?:корреспондент|журналист|военкор|блогер|фотограф|волонт[её]р|оператор|редактор)")
_PAST_HABIT = re.compile(r"(?:ывал|ивал|говорил|вспоминал|мечтал|повторял)(?![а-яё])")
# («На прощании с Денисом …, погибшим в зоне СВО, его отец Андрей …»: a possessive opens another man's role)
_NOT_APPOSITION = {"а", "но", "что", "как", "когда", "где", "о", "об", "и", "его", "её", "ее", "их"}


def _apposition_words(doc: Doc, s: Sentence, n: NameParts, before: list[str], j: int, k: int) -> bool:
    """«погиб наш выпускник, тренер …», «погиб заместитель главы администрации …»: the words between the death word and
    the role are titles of one subject — lower-case, no verb, no conjunction (not «погиб Котов, сообщил глава …»)."""
    toks = doc.tokens_between(s.start, n.start)[-10:]
    if len(toks) != len(before) or k - j > 6:
        return False
    for _, _, w in toks[j + 1:k]:
        if not w.islower() or w in _NOT_APPOSITION:
            return False
        if any(t in parse(w)[0].tag for t in ("VERB", "PRTS", "GRND", "INFN")):
            return False
    return True


_GOVERNS_GENITIVE = {"гибели", "гибелью", "стало"}


def _may_be_genitive(word: str) -> bool:
    """«депутата», «учителя»: a noun form that may be genitive (not «родителям», «матерью»)."""
    cases = {p.tag.case for p in parse(word) if "NOUN" in p.tag}
    return not cases or "gent" in cases


def _heads_genitive(word: str, case: str, known_name: bool = False) -> bool:
    """«Сослуживец Ивана Рябова»: a role word that can only be nominative, before a genitive name, is
    someone else's role (unlike «губернатора Ивана Петрова», in apposition)."""
    if case != "gent":
        return False
    cases = {p.tag.case for p in parse(word) if "NOUN" in p.tag}
    # («Мать Андрея Сидорова»: мать, nominative or accusative, is no apposition either — when the genitive is
    # sure: a dictionary given name, not «мать Дулма Дондокова» read as a man's genitive)
    return cases == {"nomn"} or (known_name and bool(cases) and "gent" not in cases)


def _is_byline(doc: Doc, n: NameParts) -> bool:
    """«Радий Хабиров» alone on the first line of a post about someone else: the channel's author (a
    governor, a head of district), not the dead — unless the text names him again."""
    line_end = doc.text.find("\n")
    if line_end < 0 or n.start != len(doc.text) - len(doc.text.lstrip()) or n.patronymic:
        return False
    if doc.text[n.end:line_end].strip() or getattr(n, "case", "") != "nomn":
        return False
    surname, first = fold(n.surname), fold(n.first_name)
    for start, _, w in doc.tokens:
        if start > line_end and w[:1].isupper() and (surname in surname_forms(w) or first in first_name_forms(w)):
            return False
    return True


def _find_people(doc: Doc) -> None:
    names = find_labelled(doc.text)
    names += [n for n in find_shared_surname(doc.text) if not any(a <= n.start < b for a, b in
                                                                 [(x.start, x.end) for x in names])]
    labelled_spans = [(n.start, n.end) for n in names]
    names += [n for n in find_names(doc.text, doc.tokens) if not any(a <= n.start < b for a, b in labelled_spans)]
    names.sort(key=lambda n: n.start)
    # «(ошибочно указан как Ооржак Айдыс)»: a misprint the text itself withdraws is nobody.
    names = [n for n in names if not _MISPRINT_BEFORE.search(doc.text, max(0, n.start - 40), n.start)
             and not (_DEDICATION_BEFORE.search(doc.lower, max(0, n.start - 40), n.start)
                      and not _own_war_death_after(doc, n.end))]
    doc.names = names  # every name, before any is judged: whose clause a death word stands in (living.py)
    partial: list[NameParts] = []
    by_key: dict[tuple[str, str], int] = {}
    by_loose: dict[tuple[str, str], int] = {}
    for n in names:
        if not n.surname or not n.first_name:
            partial.append(n)
            continue
        key = (fold(n.surname), fold(n.first_name))
        living = _is_living(doc, n)
        # «Ринат Хайруллин … Рината Хайрулина похоронили»: a doubled letter dropped or added is the same man
        idx = by_key.get(key, by_loose.get((_DOUBLED.sub(r"\1", key[0]), key[1])))
        if idx is None:
            idx = len(doc.persons)
            by_key[key] = idx
            by_loose[(_DOUBLED.sub(r"\1", key[0]), key[1])] = idx
            doc.persons.append(Person(n.surname, n.first_name, n.patronymic, n.start, n.end, living=living))
            doc.persons[idx].evidence["full_name"] = (n.start, n.end)
        else:
            p = doc.persons[idx]
            if living and not p.living:
                pass  # once named as dead, a later speaker-like context does not revive
            elif not living and p.living and not _living_strong(doc, p):
                p.living = False
            if n.patronymic and not p.patronymic:
                p.patronymic = n.patronymic
                p.evidence["patronymic"] = (n.start, n.end)
        doc.refs.append((n.start, n.end, idx))
    covered = [(r[0], r[1]) for r in doc.refs]
    _withdrawn_names(doc)
    if names and doc.persons and _is_byline(doc, names[0]) and any(not p.living for p in doc.persons[1:]):
        doc.persons[0].living = True
    last = names[-1] if names else None
    if last and last.surname and last.first_name and is_signature(doc.text, last.start, last.end):
        signer = by_key[(fold(last.surname), fold(last.first_name))]
        if sum(r[2] == signer for r in doc.refs) == 1 and any(not p.living for p in doc.persons if p is not
                                                               doc.persons[signer]):
            doc.persons[signer].living = True
    _add_initialled(doc, by_key, covered, partial)
    for n in find_surname_rows(doc.text):
        if any(a <= n.start < b for a, b in covered):
            continue
        same = [i for i, p in enumerate(doc.persons) if fold(p.surname) == fold(n.surname)]
        if same and all(doc.persons[i].living for i in same) and _OWN_DEATH_VERB.match(doc.text, n.end):
            same = []  # «Рядовой Котов погиб 3 марта. Его отец Олег Котов …»: the dead man, not his living namesake
        idx = same[0] if same else by_key.get((fold(n.surname), "#"))
        if idx is None:
            idx = len(doc.persons)
            by_key[(fold(n.surname), "#")] = idx
            person = Person(n.surname, None, None, n.start, n.end)  # type: ignore[arg-type]
            person.evidence["full_name"] = (n.start, n.end)
            doc.persons.append(person)
        doc.refs.append((n.start, n.end, idx))
        covered.append((n.start, n.end))
    for n in partial:
        first = fold(n.first_name)
        match = [i for i, p in enumerate(doc.persons) if fold(p.first_name) == first]
        if match:
            i = _closest_before(doc, match, n.start)
            p = doc.persons[i]
            if n.patronymic and not p.patronymic and not _is_living(doc, n):
                p.patronymic = n.patronymic
                p.evidence["patronymic"] = (n.start, n.end)
            doc.refs.append((n.start, n.end, i))
            covered.append((n.start, n.end))
    for n, _ in find_kin(doc):  # «…, а через полгода — его младший брат Михаил»: a kinsman by given name (kin.py)
        idx = by_key.get((fold(n.surname), fold(n.first_name)))
        if idx is None:
            idx = by_key[(fold(n.surname), fold(n.first_name))] = len(doc.persons)
            doc.persons.append(Person(n.surname, n.first_name, n.patronymic, n.start, n.end))  # type: ignore[arg-type]
            doc.persons[idx].evidence["full_name"] = (n.start, n.end)
        doc.refs.append((n.start, n.end, idx))
        covered.append((n.start, n.end))
    # Single-word references: a first name or surname of someone named in full.
    if doc.persons:
        firsts = {}
        surs = {}
        for i, p in enumerate(doc.persons):
            firsts.setdefault(fold(p.first_name), []).append(i)
            surs.setdefault(fold(p.surname), []).append(i)
        # Most tokens are lower-case: only capitalised ones are visited (tokens are never empty).
        for s, e, w in [t for t in doc.tokens if t[2][0].isupper()]:
            if not is_capitalised(w) or any(a <= s < b for a, b in covered):
                continue
            hits = [i for f in first_name_forms(w) for i in firsts.get(f, [])]
            if not hits:
                hits = [i for f in surname_forms(w) for i in surs.get(f, [])]
            if hits and all(doc.persons[i].living for i in hits) and not any(
                    firsts.get(f) for f in first_name_forms(w)) and _OWN_DEATH_VERB.match(doc.text, e):
                # «Рядовой Котов погиб 3 марта. Его отец Олег Котов рассказал …»: the surname as the subject of a
                # death is the dead man's own, not his living namesake's (a mention by surname only)
                person = Person(w, None, None, s, e)  # type: ignore[arg-type]
                person.evidence["full_name"] = (s, e)
                doc.persons.append(person)
                surs.setdefault(fold(w), []).append(len(doc.persons) - 1)
                doc.refs.append((s, e, len(doc.persons) - 1))
            elif hits:
                doc.refs.append((s, e, _closest_namesake(doc, sorted(set(hits)), s)))
    doc.refs.sort()
    _still_serving(doc)
    _women_of_the_family(doc)
    _death_of_another(doc)
    _old_war_dead_and_commenters(doc)


_DOUBLED = re.compile(r"(.)\1")


# «выпускнику Ивану Смирнову, погибшему в годы Великой Отечественной войны»: his own death, told right after his name,
# was in an old war
_OLD_WAR_APPOSITION = re.compile(r"[ \t]*,[ \t]*(?:погибш|павш|сражавш|воевавш|умерш)\w*[^,.;:!?\n]{0,60}?"
                                 r"(?:великой[ \t]+отечественной|(?<![а-яё])вов(?![а-яё])|афганистан|(?<![а-яё])чечн"
                                 r"|(?<!\d)19[0-8]\d(?!\d))")
# a commenter's line: the name, then nothing or a time («2 ч. назад», «вчера в 14:05», «12 марта в 9:30»)
_COMMENTER_LINE = re.compile(r"[ \t]*(?:[·•|][ \t]*)?(?:\d{1,2}[ \t]*(?:ч|час\w*|мин\w*|дн\w*)\.?[ \t]*назад"
                             r"|(?:вчера|сегодня|\d{1,2}[ \t]+[а-яё]+)(?:[ \t]+в)?[ \t]+\d{1,2}:\d\d)?[ \t]*$")
_COMMENT_TEXT = re.compile(r"[^\d\n]{2,200}")
_NOT_A_COMMENT = re.compile(r"погиб|скончал|(?<![а-яё])пал(?![а-яё])|умер|рядов|ефрейтор|сержант|лейтенант|капитан|майор"
                            r"|г\.\s?р\.|родил|прощани|похорон|служил", re.I)


def _old_war_dead_and_commenters(doc: Doc) -> None:
    """Dead men who are not ours: one whose own death, told right after his name, was in an old war, and a commenter
    under the post («Ирина Петрова» alone on a line after the report, a short comment on the next)."""
    for i, p in enumerate(doc.persons):
        if p.living:
            continue
        refs = [r for r in doc.refs if r[2] == i]
        # (not «Артур Валеев, воевавший в Чечне, погиб в зоне СВО»: his own verb after the apposition)
        if any(_OLD_WAR_APPOSITION.match(doc.lower, r[1]) and not _OWN_DEATH_VERB.match(doc.text, r[1]) for r in refs):
            p.living = True
    # the report's own man: a dead man named before, not himself on such a line (not a list «Иван Котов / Светлая память»)
    first_dead = min((r[0] for r in doc.refs if not doc.persons[r[2]].living
                      and not _is_commenter_line(doc, r, shape_only=True)),
                     default=None) if "\n" in doc.text else None
    if first_dead is None:
        return
    for i, p in enumerate(doc.persons):
        refs = [r for r in doc.refs if r[2] == i]
        if not p.living and refs[0][0] > first_dead and all(_is_commenter_line(doc, r) for r in refs):
            p.living = True


def _is_commenter_line(doc: Doc, r: tuple[int, int, int], shape_only: bool = False) -> bool:
    line_start = doc.text.rfind("\n", 0, r[0]) + 1
    line_end = doc.text.find("\n", r[1])
    if line_end < 0 or doc.text[line_start:r[0]].strip() or not _COMMENTER_LINE.fullmatch(doc.text, r[1], line_end) \
            or not shape_only and doc.text[:line_start].rstrip().endswith(":"):
        return False  # (not a list under «Также погибли:»)
    next_end = doc.text.find("\n", line_end + 1) % (len(doc.text) + 1)
    comment = doc.text[line_end + 1:next_end]
    return bool(comment.strip()) and _COMMENT_TEXT.fullmatch(comment) is not None \
        and not _NOT_A_COMMENT.search(comment) and not any(line_end < x[0] < next_end for x in doc.refs)


def _women_of_the_family(doc: Doc) -> None:
    """«Галина Петровна Щербина встречает нас … Роман Геннадьевич Щербина погиб»: a woman who bears a dead
    man's surname and is never in a sentence that tells a death is his mother, widow or sister."""
    dead_men = {fold(p.surname) for p in doc.persons if not p.living and p.first_name and p.surname
                and name_info(p.first_name)[3] != "femn"}
    if not dead_men:
        return
    for i, p in enumerate(doc.persons):
        if p.living or not p.first_name or not p.surname or name_info(p.first_name)[3] != "femn" \
                or not name_info(p.first_name)[0]:
            continue
        sur = fold(p.surname)
        # («Ольга Бережная» of «Андрей Бережной», «Ирина Нагорная» of «Максим Нагорный»: an adjective surname)
        if sur not in dead_men and not (sur.endswith("а") and sur[:-1] in dead_men) and not (
                sur.endswith("ая") and any(sur[:-2] + e in dead_men for e in ("ой", "ый", "ий"))):
            continue
        if not any(told_dead_at(doc, r[0]) for r in doc.refs if r[2] == i):
            p.living = True


def _death_of_another(doc: Doc) -> None:
    """«Олег Котов проводил сына на фронт в 2023 году. 3 марта Андрей погиб», «Письмо от сына Олег Котов хранит до сих
    пор. Рядовой Андрей Котов погиб 3 марта»: a man named in no sentence that tells a death, in a text whose every such
    sentence names someone else, is not the dead one — when he is that man's kinsman: his namesake, or a parent whose
    sentence speaks of a son that a given name of nobody else then tells dead (the son bears the parent's surname). He
    must be a subject of his own sentence (a verb in it; not a row of a list under «Погибли:»)."""
    stems = [fold(p.surname)[:4] for p in doc.persons if p.surname]
    if len(set(stems)) == len(stems) and "сын" not in doc.lower:
        return  # neither a namesake nor a son to tell of (most notices)
    if not doc.sentences:
        return
    told_at = {doc.sentence_index(t[0]) for t in doc.triggers if t[2] in ("death", "funeral")}
    if "памят" in doc.lower or "посмертн" in doc.lower:
        told_at |= {k for k, x in enumerate(doc.sentences) if _MEMORY.search(doc.lower, x.start, x.end)}
    told = [(doc.sentences[k].start, doc.sentences[k].end) for k in sorted(told_at)]
    if not told:
        return
    owners: set[int] = set()
    strangers: list[tuple[int, int, str]] = []  # given names of nobody here that tell a death («Андрей погиб»)
    for a, b in told:
        here = {r[2] for r in doc.refs if a <= r[0] < b}
        if not here:
            named = [t for t in doc.tokens_between(a, b) if t[2][:1].isupper() and name_info(t[2])[0]
                     and not any(r[0] <= t[0] < r[1] for r in doc.refs) and _person_named(doc, t[2]) is None]
            if not named and not _DEATH_VERB.search(doc.text, a, b) and not _MEMORY.search(doc.text, a, b):
                continue  # «Похороны прошли 16 марта»: a funeral, not whose death
            if not named:
                return  # «Он погиб 3 марта», «Вечная память герою»: a death that may be anyone's
            strangers.append(named[0])
        owners |= here
    sons = {fold(w) for _, _, w in strangers}
    for i, p in enumerate(list(doc.persons)):
        if p.living or i in owners:
            continue
        sents = {doc.sentence_index(r[0]) for r in doc.refs if r[2] == i}
        texts = [doc.sentences[k].text for k in sents] if doc.sentences else []
        namesake = any(j in owners and not doc.persons[j].living and j != i and p.surname and q.surname
                       and fold(q.surname)[:4] == fold(p.surname)[:4] for j, q in enumerate(doc.persons))
        parent = bool(strangers) and any(_SON_WORD.search(t) for t in texts)
        if not ((namesake or parent) and texts and all(_has_verb(t) for t in texts)):
            continue
        p.living = True
        if parent and len(sons) == 1 and p.surname and p.first_name:
            _add_son(doc, p, strangers)


def _add_son(doc: Doc, parent: Person, strangers: list[tuple[int, int, str]]) -> None:
    """The son a parent's sentence speaks of, told dead by his given name alone: the parent's surname in its man's form
    (Котова → Котов), the given name in the nominative; his later given-name references are his."""
    start, end, word = strangers[0]
    info = name_info(word)
    if not info[0] or info[3] != "masc":
        return
    if info[2] != {"nomn"}:  # «Андрея не стало», «Петра похоронили»: the nominative the dictionary gives
        word = next((f.capitalize() for f in sorted(first_name_forms(word)) if "nomn" in name_info(f.capitalize())[2]
                     and name_info(f.capitalize())[0]), "")
        if not word:
            return
    surname = parent.surname
    if doc.gender(doc.persons.index(parent)) == "femn":
        low = surname.lower()
        if low.endswith(("ова", "ева", "ёва", "ина", "ына")):
            surname = surname[:-1]
        elif low.endswith(("ская", "цкая")):
            surname = surname[:-2] + "ий"
        else:
            return
    idx = len(doc.persons)
    son = Person(surname, word, None, start, end)
    son.evidence["full_name"] = (start, end)
    doc.persons.append(son)
    for s, e, w in doc.tokens:
        if w[:1].isupper() and fold(word) in first_name_forms(w) and not any(r[0] <= s < r[1] for r in doc.refs):
            doc.refs.append((s, e, idx))
    doc.refs.sort()


_MEMORY = re.compile(r"памят|посмертн|груз|геро", re.I)
_SON_WORD = re.compile(r"(?<![А-ЯЁа-яё])(?:сын|сына|сыну|сыном|сыне|сыновей|сыновья)(?![а-яё])")
_LOWER_WORD = re.compile(r"(?<![А-ЯЁа-яё])[а-яё]{4,}")


def _has_verb(text: str) -> bool:
    return any("VERB" in parse(m.group(0))[0].tag for m in _LOWER_WORD.finditer(text))


def _still_serving(doc: Doc) -> None:
    """«Павел и Илья продолжают службу, а Никита Семёнов погиб»: men the text says are serving now are alive."""
    if not any(w in doc.text for w in _STILL_SERVING_WORDS) or not _STILL_SERVING_CUE.search(doc.text):
        return
    for i, p in enumerate(doc.persons):
        refs = [r for r in doc.refs if r[2] == i]
        if p.living or not any(_STILL_SERVING.match(doc.text, r[1]) for r in refs):
            continue
        if not any(_OWN_DEATH_VERB.match(doc.text, r[1]) for r in refs) and not any(
                _dies_next(doc, doc.sentence_at(r[0])) for r in refs if _STILL_SERVING.match(doc.text, r[1])):
            p.living = True  # (not «Андрей служит в зоне СВО с 2022 года. 3 марта он погиб.»)


def _add_initialled(doc: Doc, by_key: dict, covered: list, partial: list[NameParts]) -> None:
    for n in find_initialled(doc.text):
        if any(a <= n.start < b or n.start <= a < n.end for a, b in covered):
            continue
        folded = fold(n.surname)
        same = [i for i, p in enumerate(doc.persons)
                if fold(p.surname) == folded and fold(p.first_name)[:1] == n.initials[0].lower()]
        if same:
            idx = same[0]
        else:
            # Initials only: surname kept, the given names filled only if the text
            # spells them out later (Ф. Р. Галимзяновым … Фанис Расихович).
            first = patr = None
            for part in partial:
                if (part.first_name and part.patronymic and part.first_name[:1] == n.initials[0]
                        and part.patronymic[:1] == n.initials[1]):
                    first, patr = part.first_name, part.patronymic
                    break
            key = (folded, fold(first) if first else "#" + n.initials)
            idx = by_key.get(key)
            if idx is None:
                idx = len(doc.persons)
                by_key[key] = idx
                person = Person(n.surname, first, patr, n.start, n.end, living=_is_living(doc, n))  # type: ignore[arg-type]
                person.evidence["full_name"] = (n.start, n.end)
                doc.persons.append(person)
        doc.refs.append((n.start, n.end, idx))
        covered.append((n.start, n.end))


def _person_named(doc: Doc, word: str) -> int | None:
    """The dead person a single name word (any case) refers to, if exactly one."""
    forms = first_name_forms(word)
    hits = {i for i, p in enumerate(doc.persons) if not p.living and fold(p.first_name) in forms}
    if not hits:
        sforms = surname_forms(word)
        hits = {i for i, p in enumerate(doc.persons) if not p.living and fold(p.surname) in sforms}
    if not hits:
        # «Сане 33» when the name became «Александр»: match through diminutives too.
        from .names import DIMINUTIVES
        full = {fold(DIMINUTIVES.get(f, "")) for f in forms}
        hits = {i for i, p in enumerate(doc.persons) if not p.living and fold(p.first_name) in full}
    return next(iter(hits)) if len(hits) == 1 else None


def _living_strong(doc: Doc, p: Person) -> bool:
    return True


def _closest_namesake(doc: Doc, candidates: list[int], pos: int) -> int:
    """«Рядовой Иван Петренко погиб … Его отец Сергей Петренко рассказал о сыне. Петренко служил в 200-й бригаде»: a
    bare name shared by the dead man and a living kinsman is the one named last in its own sentence, else the dead
    man, whom the text is about."""
    best = _closest_before(doc, candidates, pos)
    dead = [c for c in candidates if not doc.persons[c].living]
    if not doc.persons[best].living or not dead:
        return best
    s = doc.sentence_at(pos)
    if any(r[2] == best and s.start <= r[0] < pos for r in doc.refs):
        return best
    return _closest_before(doc, dead, pos)


def _closest_before(doc: Doc, candidates: list[int], pos: int) -> int:
    best = candidates[0]
    best_pos = -1
    for r in doc.refs:
        if r[2] in candidates and r[0] < pos and r[0] > best_pos:
            best, best_pos = r[2], r[0]
    if best_pos < 0:
        dead = [c for c in candidates if not doc.persons[c].living]
        return dead[0] if dead else candidates[0]
    return best


# --------------------------------------------------------------------------- dates


# «извещение о гибели пришло 5 мая»: the death noun names what was reported; the date is the report's.
_REPORT_OF = re.compile(r"(?:извещени\w+|известие|известия|сообщени\w+|весть|вести|новость|новости|похоронк\w+"
                        r"|уведомлени\w+"
                        # «Военкомат сообщил семье о гибели …», «узнали о гибели сына 14 марта»
                        r"|(?:сообщил|известил|уведомил|узнал)\w*\s+(?:[а-яё]+\s+){0,2}?)\s*(?:о|об)\s+(?:\w+\s+){0,2}$")
_LIST_ITEM = re.compile(r"[ \t]*(?:[•▪▫◾◼●○■□🔹🔸➖—–*-]|\d{1,2}[.)])")
# «в июле его признали погибшим», «суд объявил его умершим»: the day of the declaration, not of the death
_DECLARED = re.compile(r"(?:признал\w*|признан\w*|объявил\w*|объявлен\w*)\s+(?:[а-яё]+\s+)?$")
_SENTENCE_END = re.compile(r"[.!?]\s+[А-ЯЁ]")
_EVENT_VERB = re.compile(r"\b(?:прош(?:ло|ла|ли|[её]л)|состоял\w+|состоится|состоятся|пройд[её]т|пройдут)\b")


_SUBORDINATE = re.compile(r"\b(?:когда|куда|где|после\s+того\s+как)\s+(?:[а-яё]+\s+){0,2}$")


def _main_clause(doc: Doc, hits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """«Похоронили его в тот же день, когда тело доставили, — 23 июля», «Похоронят бойца в Курске, куда
    переехала семья, 31 октября»: a verb in a subordinate clause does not date the sentence's event."""
    if len(hits) < 2:
        return hits
    main = [m for m in hits if not _SUBORDINATE.search(doc.lower, max(0, m[0] - 40), m[0])]
    return main or hits


def _death_on_birthday(doc: Doc, hits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """«погиб в свой день рождения, 12 июня»: the birthday names the day of the death told before it."""
    if len(hits) < 2 or not any(m[2] == "death" for m in hits):
        return hits
    return [m for m in hits if not (
        m[2] == "other" and doc.lower.startswith("д", m[0]) and _ON_THE_DAY.search(doc.lower, max(0, m[0] - 25), m[0]))]


def _trigger_role(doc: Doc, m: tuple[int, int, str]) -> str:
    if m[2] == "combat":
        return "death"
    if m[2] == "death" and (_REPORT_OF.search(doc.lower, max(0, m[0] - 60), m[0])
                            or _DECLARED.search(doc.lower, max(0, m[0] - 30), m[0])):
        return "other"
    return m[2]


# «род. 12.05.1990», «Погиб: 12.03.2024», «Дата гибели — 5 октября»: a label right before the date is its role,
# even where the sentence splitter cut after the abbreviation.
_LABEL_GAP = re.compile(r"[ \t]*[:—–-]?[ \t]*")
_OF_WHOM_GAP = re.compile(r"(?:[ \t]+[а-яё-]+){1,4}[ \t]+")  # «гибель бойца Артура Гаврилова 2 ноября»
# «Это случилось 18 ноября под Авдеевкой. Сергей погиб, …»: a sentence dating an unnamed event next to the death.
# «В субботу у дворца культуры собрались сотни людей»: a crowd gathering, dated; the farewell told next.
_GATHERING = re.compile(r"\b(?:собрал(?:ись|ось)|съехал(?:ись|ось)|пришли\s+(?:сотни|тысячи|десятки|все|жители))\b")
# («Это было 14 февраля» after the sentence telling the death or the farewell: MYHUNK)
_EVENT_PRONOUN = re.compile(r"\b(?:это\s+был[оаи]?|был[оаи]?\s+это|дата(?=[ \t]*[:—–-])|начало(?=[ \t]*[:—–-])|роков\w+|удар\w*|снаряд\w*|дрон\w*|прил[её]т\w*|засад\w*|мин[аыуе](?![а-яё])|ракет\w*|артобстрел\w*"
                            r"|(?:тот|этот)\s+(?:[а-яё]+\s+)?день(?=\s*[—–-])|церемони\w+|случил\w+|произош\w+|трагеди\w+|беда|подбит\w*|обстрел\w*|атак\w+|бо[йяюе]|бою"
                            r"|штурм\w*|подорвал\w*)\b")
# «Прокопьевск, 10 марта. Простились с …»: a dateline (a place and a date) dates the sentence after it.
_DATELINE = re.compile(r"[ \t]*[А-ЯЁ][А-ЯЁа-яё-]+(?:[ \t]+[А-ЯЁа-яё-]+){0,2},[ \t]*")
_DATELINE_END = re.compile(r"[ \t]*[.:—–-]?[ \t]*")
# «Сержант Марат Галимов\n14.04.2024\nПогиб, выполняя боевую задачу»: a date alone on its line (a card's, a post's head)
_DATE_LINE = re.compile(r"[ \t]*(?:[†✝🕯️📅📆🗓]+[ \t]*)?")


def _card_block_role(doc: Doc, span: D.DateSpan, s: Sentence) -> tuple[str, Sentence] | None:
    """«Погиб в зоне СВО / 👤 Пирожков Иван Иванович / 📅 02.03.2024 / 📍 Шуя»: a date alone on its line in a block (between
    blank lines) that tells one event and gives no other date is that event's."""
    a = doc.text.rfind("\n\n", 0, s.start)
    b = doc.text.find("\n\n", s.end)
    a, b = (0 if a < 0 else a + 2), (len(doc.text) if b < 0 else b)
    if any(sp.kind not in ("birthyear",) and not sp.birth_marked and sp.start != span.start - a
           for sp in D.find_spans(doc.text[a:b])):
        return None
    told = [(m, doc.sentence_at(m[0])) for m in doc.triggers_between(a, b) if m[2] in ("death", "funeral")
            and not _PARTICIPLE.match(doc.lower, m[0])]
    roles = {_trigger_role(doc, m) for m, _ in told}
    return (roles.pop(), told[0][1]) if len(roles) == 1 else None


# «22 марта в 11:00», «22.03.2024, 10.00 ч.»: a time after a date alone on its line
_TIME_TAIL = re.compile(r"[ \t]*(?:г\.|года)?[ \t]*[,—–-]?[ \t]*(?:(?:в|с)[ \t]+)?\d{1,2}[:.]\d\d(?:[ \t]*(?:ч\.?|час\w*))?[ \t.]*")


def _block_head_role(doc: Doc, span: D.DateSpan, s: Sentence) -> tuple[str, Sentence] | None:
    """«❗️Прощание с участником СВО / (blank) / 📍ДК «Текстильщик» / 🗓 22 марта / 🕚 11:00»: a block of field lines that
    tells no event, under a one-line head (the block before it) that tells one and gives no date, is the head's."""
    a = doc.text.rfind("\n\n", 0, s.start)
    if a <= 0:
        return None
    b = doc.text.find("\n\n", s.end)
    b = len(doc.text) if b < 0 else b
    if any(m[2] in ("death", "funeral") for m in doc.triggers_between(a, b)):
        return None
    head_start = doc.text.rfind("\n\n", 0, a)
    head_start = 0 if head_start < 0 else head_start + 2
    if "\n" in doc.text[head_start:a].strip() or a - head_start > 120 \
            or len(D.find_spans(doc.text[head_start:b])) != 1:
        return None
    told = [m for m in doc.triggers_between(head_start, a) if m[2] in ("death", "funeral")
            and not _PARTICIPLE.match(doc.lower, m[0])]
    roles = {_trigger_role(doc, m) for m in told}
    return (roles.pop(), doc.sentence_at(told[0][0])) if len(roles) == 1 else None


def _line_alone(doc: Doc, start: int, end: int) -> bool:
    line_end = doc.text.find("\n", end) % (len(doc.text) + 1)
    return (start == 0 or doc.text[start - 1] == "\n") and (doc.text[end:line_end].strip(" \t.") in ("", "г", "года")
                                                            or _TIME_TAIL.fullmatch(doc.text, end, line_end) is not None)


def _date_opens_line(doc: Doc, start: int, end: int) -> bool:
    """«5 марта. Под Авдеевкой погиб …»: a date that is the whole first sentence of a line heads it like a dateline."""
    return (start == 0 or doc.text[start - 1] == "\n") and doc.text[end:end + 1] == "."


def _labelled_role(doc: Doc, span: D.DateSpan) -> str | None:
    i = bisect_left(doc._trigger_starts, span.start) - 1
    if i < 0:
        return None
    m = doc.triggers[i]
    if m[1] <= span.start and _LABEL_GAP.fullmatch(doc.text, m[1], span.start) and m[2] not in ("other", "combat"):
        # «известие о гибели 12 февраля сына»: the date right after the death noun is the death's, even in a report
        return m[2] if m[2] == "death" and doc.text[m[1]:span.start].isspace() else _trigger_role(doc, m)
    if m[2] == "death" and doc.lower.startswith("гибел", m[0]) and _OF_WHOM_GAP.fullmatch(doc.lower, m[1], span.start):
        # «Гибель бойца 5 августа подтвердили …»: the date of the noun phrase is the death's, not the report's
        # (but «Извещение о гибели Ивана пришло 5 мая» dates the notice)
        return _trigger_role(doc, m)
    return None


# («Это было 20 февраля», «Было это 16 марта», «Церемония прошла 16 марта» after the farewell told before)
_THAT_WAS = re.compile(r"\bэто\s+был[оаи]?\b|\bбыл[оаи]?\s+это\b|\bцеремони\w+")
_EVENT_START = re.compile(r"[ \t]*начало[ \t]*[:—–-]")
_CEREMONY_WORD = re.compile(r"начало|церемони\w+")
# a date right after a verb: «погиб 12 января», «погиб в январе», «скончался вчера»
_OWN_DATE_AFTER = re.compile(r"[ \t]+(?:(?:в|во)[ \t]+)?(?:(?:начале|конце|середине|ночь\s+на)[ \t]+)?(?:\d|январ|феврал|март|апрел|ма[йяе]"
                             r"|июн|июл|август|сентябр|октябр|ноябр|декабр|вчера|позавчера|сегодня)")
_HAS_DIGIT = re.compile(r"\d")
_DASH_GAP = re.compile(r"[ \t]*[—–-][ \t]*")
_AND_CHAIN = re.compile(r"[^.,;:!?\d\n]{0,40}?[ \t]и[ \t]+(?:там[ \t]+|сразу[ \t]+)?")
_AND_THEN = re.compile(r"[ \t]*(?:,[ \t]*)?(?:и|а)[ \t]+(?:(?:уже|вскоре|тут\s+же|потом|затем|сразу)[ \t]+)?")
_VERB_TO_DATE = re.compile(r"(?:[ \t]+[а-яё-]+){0,4}[ \t]+")


def _elliptic_role(doc: Doc, span: D.DateSpan, s: Sentence) -> tuple[str, tuple[int, int]] | None:
    """«Рядовой Иван Бурков погиб 12 января. Его сослуживец Олег Кочин — через два дня.», «Рядового Тимура похоронили
    3 апреля. Ефрейтора Рината — 5 апреля.»: a sentence of a name, a dash and a date, with no event word, repeats the
    event of the sentence before it."""
    if doc.triggers_between(s.start, s.end) or not _DASH_BEFORE.search(doc.text, max(s.start, span.start - 4),
                                                                       span.start):
        return None
    if not any(s.start <= r[0] and r[1] <= span.start for r in doc.refs):
        return None
    k = doc.sentence_index(span.start)
    if k == 0:
        return None
    prev = doc.sentences[k - 1]
    roles = {_trigger_role(doc, m) for m in doc.triggers_between(prev.start, prev.end)
             if not _PARTICIPLE.match(doc.lower, m[0])} - {"other", "birth"}
    return (roles.pop(), (s.start, s.end)) if len(roles) == 1 else None


def _neighbour_role(doc: Doc, span: D.DateSpan, s: Sentence) -> tuple[str, Sentence] | None:
    """A sentence that dates an event without naming it: «Это случилось 18 ноября» (the death told in the sentence
    before or after it) or a dateline «Белово, 12 марта.» (the death or farewell told in the sentence after it),
    when that sentence gives no date of its own."""
    dateline = bool((_DATELINE.fullmatch(doc.text, s.start, span.start) or span.kind in ("full", "daymonth")
                     and _DATE_LINE.fullmatch(doc.text, s.start, span.start) and (_line_alone(doc, s.start, span.end)
                                                                                  or _date_opens_line(doc, s.start, span.end))) and (_DATELINE_END.fullmatch(doc.text, span.end, s.end)
                                                                                  or _TIME_TAIL.fullmatch(doc.text, span.end, s.end)))
    if dateline and doc.pub is not None and D.resolve(span, doc.pub, "past") == doc.pub.isoformat():
        return None  # «Новомосковск, 6 октября.» over a news item: the day it was filed
    gathering = not dateline and _GATHERING.search(doc.lower, s.start, s.end) is not None
    pronoun = None if dateline or gathering else _EVENT_PRONOUN.search(doc.lower, s.start, s.end)
    if not dateline and not gathering and not pronoun:
        return None
    # «Начало — 22 марта в 11:00», «Церемония прошла 16 марта»: the time of a ceremony, never of the death
    ceremony = pronoun is not None and _CEREMONY_WORD.fullmatch(pronoun.group(0)) is not None
    k = doc.sentence_index(span.start)
    if dateline and k > 0:
        prev = doc.sentences[k - 1]
        last = doc.triggers_between(prev.start, prev.end)
        if last and last[-1][2] in ("death", "funeral") and not doc.text[last[-1][1]:prev.end].strip():
            return _trigger_role(doc, last[-1]), prev  # «погиб\n2 марта\nпод Авдеевкой»: a line broken inside a sentence
    if dateline and not _DATELINE.fullmatch(doc.text, s.start, span.start):
        block = _card_block_role(doc, span, s) or _block_head_role(doc, span, s)
        if block is not None:
            return block
    for j in (k + 1,) if dateline else (k + 1, k - 1):
        if not 0 <= j < len(doc.sentences):
            continue
        other = doc.sentences[j]
        hits = [m for m in doc.triggers_between(other.start, other.end) if m[2] in ("death", "funeral")]
        # After a dateline only the first statement counts («Простились с …, 1992 г.р. Погиб 28 января.»).
        told = doc.clause_at(other, hits[0][0]) if hits and dateline else (other.start, other.end)
        hits = [m for m in hits if m[0] < told[1]]
        own = [sp for sp in D.find_spans(doc.text[told[0]:told[1]]) if sp.kind != "birthyear" and not sp.birth_marked]
        if own and not dateline:
            # «20 мая военкомат подтвердил: сержант погиб. Как выяснилось, это случилось 5 мая.»: a date in another
            # clause (the report's) leaves the death undated
            told_in = {doc.clause_at(other, m[0]) for m in hits}
            own = [sp for sp in own if doc.clause_at(other, told[0] + sp.start) in told_in]
        if not hits or own:
            continue
        roles = {_trigger_role(doc, m) for m in hits}
        if (roles == {"death"} and not ceremony) or (dateline and len(roles) == 1):
            return roles.pop(), other
        if roles == {"funeral"} and j == k - 1 and _THAT_WAS.search(doc.lower, s.start, span.start):
            return "funeral", other  # «Прощание с ним прошло в ДК. Это было 20 февраля.»
        if j == k - 1 and _EVENT_START.match(doc.lower, s.start) and {
                _trigger_role(doc, m) for m in hits if not _PARTICIPLE.match(doc.lower, m[0])} == {"funeral"}:
            return "funeral", other  # «Прощание с погибшим … пройдёт в ДК. Начало — 22 марта в 11:00.»
        if gathering and j == k + 1 and {_trigger_role(doc, m) for m in hits
                                         if not _PARTICIPLE.match(doc.lower, m[0])} == {"funeral"}:
            return "funeral", other  # «В субботу у ДК собрались сотни людей. Бирчане пришли проститься с …»
    return None


# «12.04.1998 † 03.02.2024»: a date right before a cross and a date is the birth of a card's lifespan
_CROSS_AFTER = re.compile(r"[ \t]*[—–-]?[ \t]*[†✝][ \t]*\d")


def _role(doc: Doc, span: D.DateSpan) -> tuple[str | None, tuple[int, int] | None]:
    if _CROSS_AFTER.match(doc.text, span.end) and span.kind == "full":
        return "birth", (span.start, span.end)
    labelled = _labelled_role(doc, span)
    if labelled is not None:
        return labelled, doc.clause_at(doc.sentence_at(span.start), span.start)
    s = doc.sentence_at(span.start)
    a, b = doc.clause_at(s, span.start)
    # A trigger inside the span itself («в начале июня») says nothing about the span's role.
    clause_hits = [m for m in doc.triggers_between(a, b) if not (span.start <= m[0] and m[1] <= span.end)]
    clause_hits = _main_clause(doc, clause_hits)
    clause_hits = _death_on_birthday(doc, clause_hits)
    if span.anchored:
        # «спустя неделю после отправки его не стало»: the event named after «после» is the anchor, not the one dated
        clause_hits = [m for m in clause_hits if not _AFTER_EVENT.search(doc.lower, max(0, m[0] - 25), m[0])] \
            or clause_hits
    if any(m[2] == "combat" for m in clause_hits):
        # a combat phrase dates the death only where its clause names no other event
        clause_hits = [m for m in clause_hits if m[2] != "combat"] or clause_hits
        if clause_hits[0][2] == "combat":
            span.weak_role = True
    if len(clause_hits) > 1:
        # «Прощание с погибшим в зоне СВО сержантом Ильёй Бурцевым пройдёт завтра»: a participle before the name it
        # describes is his attribute; the clause's other trigger dates the event.
        # («Прощания с погибшими в зоне СВО пройдут в пятницу:»: the event's verb after the participle takes the date)
        clause_hits = [m for m in clause_hits if not (m[1] <= span.start and _PARTICIPLE.match(doc.lower, m[0])
                                                      and (_name_between(doc, m[1], span.start)
                                                           or _EVENT_VERB.search(doc.lower, m[1], span.start)))] \
            or clause_hits
    # «Похоронен … 3 марта 2023 г. Награждён орденом»: a sentence the splitter left joined after «г.».
    ahead_ended = [m for m in clause_hits if m[0] >= span.end and _SENTENCE_END.search(doc.text, span.end - 1, m[0] + 1)]
    if ahead_ended and len(ahead_ended) < len(clause_hits):
        clause_hits = [m for m in clause_hits if m not in ahead_ended]
    if clause_hits:
        m = min(clause_hits, key=lambda m: min(abs(m[0] - span.end), abs(span.start - m[1])))
        if m[0] >= span.end and (_OWN_DATE_AFTER.match(doc.lower, m[1]) or _AND_THEN.fullmatch(doc.lower, span.end, m[0])) \
                and not _HAS_DIGIT.search(doc.text, a, span.start):
            # «ушёл добровольцем 5 октября 2023 года и погиб 12 января»: the verb after the date has its own date right
            # after it; «получил ранение 2 марта и скончался», «вернулся из отпуска 25 февраля и погиб через неделю»: the
            # verb after «и» opens the next event; the date is the verb's before it (a verb, a date, then its object or
            # place at most)
            told = [h for h in clause_hits if h[1] <= span.start and _VERB_TO_DATE.fullmatch(doc.lower, h[1], span.start)]
            m = told[-1] if told else m
        return _trigger_role(doc, m), (a, b)
    if _RELATIVE_OPENING.match(doc.lower, a) and _WORD.search(doc.lower, a, span.start) \
            and not _EVENT_VERB.search(doc.lower, a, b) and not _FUTURE.search(doc.text, a, b):
        # «погиб под Авдеевкой, куда его перебросили 1 марта», «отпуска, который должен был начаться 10 марта»: a
        # relative clause with no event word of ours dates its own verb, not the death or the farewell around it (not
        # «Прощание с …, которое пройдёт 23 марта»: the farewell's verb)
        return None, None
    if _FUTURE.search(doc.text, a, b):
        span.weak_role = True  # a guess from the tense alone
        return "funeral", (a, b)  # "…, состоятся 3 января": only a funeral lies ahead
    hits = doc.triggers_between(s.start, s.end)
    hits = _death_on_birthday(doc, _main_clause(doc, [m for m in hits if m[2] != "combat"] or hits))
    if _EVENT_VERB.search(doc.lower, a, b) and any(m[2] == "funeral" for m in hits):
        # «Прощание с Иваном, погибшим в зоне СВО, прошло 9 марта»: the clause's verb is the farewell's.
        return "funeral", (a, b)
    # «Проститься с Тимуром, погибшим в зоне СВО, пришли 4 декабря»: a participle describes the man, the verb of
    # another clause dates the event; and a date its own clause does not name yields to one that does.
    # (Not «…Гусейновыми, погибшими в один день, 28 февраля»: there the date's clause is the participle's.)
    if _WORD.search(doc.lower, a, span.start):
        hits = [m for m in hits if not _PARTICIPLE.match(doc.lower, m[0])] or hits
    elif len(hits) > 1:
        # «Прощание с погибшим рядовым Петром Баженовым — в четверг»: a participle before the name it describes is
        # his attribute, the other event word dates the clause after the dash
        hits = [m for m in hits if not (m[1] <= span.start and _PARTICIPLE.match(doc.lower, m[0])
                                        and _name_between(doc, m[1], span.start))] or hits
    # «Погиб Степан, призванный по мобилизации, 14 декабря», «Простились с Вадимом, погибшим в зоне СВО, 30 декабря»:
    # a participial phrase set off by commas describes the man; the date outside it continues the main clause.
    # (Not «с братьями, погибшими в один день, 28 февраля, под Работино»: a date alone between commas restates the
    # clause before it.)
    apposition = doc.text[b:b + 1] == "," and not doc.text[a:span.start].strip() and not doc.text[span.end:b].strip()
    if not apposition:
        described = [m for m in hits if _in_participial_aside(doc, s, m[0], (a, b))]
        if described and len(described) == len(hits):
            # «Траурный митинг в память о Павле, погибшем в зоне СВО, прошёл 12 марта»: only a participle describing
            # the man, in its own phrase, is no event of the date
            return None, None
        hits = [m for m in hits if m not in described]
    elif a == s.start:
        # «2 марта, как сообщил военком района, в зоне СВО погиб …»: the source's verb in its aside dates nothing
        hits = [m for m in hits if not _in_participial_aside(doc, s, m[0], (a, b))] or hits
    elif a > s.start and doc.text[a - 1] == ",":
        # «а через месяц, 1 октября, погиб»: the date restates a time phrase that names no event; the verb after it
        # tells the event (not «погиб, по словам родных, 3 октября, однако извещение …»: a parenthetical is no time)
        prev = doc.clause_at(s, a - 2)
        nxt = doc.clause_at(s, b + 1)
        if prev != (a, b) and nxt != (a, b) and all(_BIRTHDAY_WORD.match(doc.lower, m[0]) for m in doc.triggers_between(*prev)) \
                and (_TIME_PHRASE.search(doc.lower, *prev) or _ON_A_DAY.match(doc.lower, prev[0])) \
                and (told := [m for m in doc.triggers_between(*nxt) if m[2] != "combat"]):
            span.weak_role = True
            return _trigger_role(doc, told[0]), (s.start, s.end)
    if _CONJ_ONLY.fullmatch(doc.lower, a, span.start) and not doc.text[span.end:b].strip(" \t") and b < s.end:
        # «…, а 2 марта, вернувшись на передовую, погиб»: a date alone after «а» dates the verb after the gerund phrases
        # (the verb opens its clause, after one to three gerund clauses)
        nxt = doc.clause_at(s, b + 1)
        for k in range(4):
            told = [m for m in doc.triggers_between(*nxt) if m[2] != "combat"]
            if told and k and not doc.text[nxt[0]:told[0][0]].strip():
                span.weak_role = True
                return _trigger_role(doc, told[0]), (s.start, s.end)
            if told or not _GERUND_OPENING.match(doc.lower, nxt[0]) or nxt[1] >= s.end:
                break
            nxt = doc.clause_at(s, nxt[1] + 1)
    span.weak_role = True
    before = [m for m in hits if m[1] <= span.start]
    after = [m for m in hits if m[0] >= span.end]
    colon = doc.text.rfind(":", s.start, span.start)
    if after and colon >= 0:
        # «Ритуальная служба сообщает: 21 марта … состоится прощание с …»: the words before the colon frame the report,
        # the event told after it is the date's
        before = [m for m in before if m[0] > colon]
    dashed = [m for m in after if _DASH_GAP.fullmatch(doc.text, span.end, m[0])]
    if dashed and dashed[0][2] != "combat":
        return _trigger_role(doc, dashed[0]), (s.start, s.end)  # «был ранен, 2 марта — погиб»: the dash joins the two
    if span.anchored and after:
        # «Тело доставили 25 февраля, и в тот же день … предали земле»: the verb before dates the anchor
        return _trigger_role(doc, after[0]), (s.start, s.end)
    if not before and len(after) > 1 and after[0][2] == "other" and not doc.text[s.start:span.start].strip():
        # «2 марта, получив приказ, рядовой пошёл в атаку и погиб»: a date opening the sentence dates the whole chain
        # of verbs joined by «и»; the death in it takes the date
        joined = [m for m in after[1:] if m[2] == "death" and _AND_CHAIN.fullmatch(doc.lower, after[0][1], m[0])]
        if joined:
            return "death", (s.start, s.end)
    if before:
        return _trigger_role(doc, before[-1]), (s.start, s.end)
    if after:
        return _trigger_role(doc, after[0]), (s.start, s.end)
    span.weak_role = False
    # «🔹 Погиб мобилизованный Юрий Кочкуров (1980 г.р.), р. п. Старая Майна, 22.09.2025.»: a list item is
    # one statement even where an abbreviation split it into «sentences».
    line_start = doc.text.rfind("\n", 0, span.start) + 1
    if _LINE_OPENS_WITH_DATE.fullmatch(doc.text, line_start, span.start) and _DASH_AFTER.match(doc.text, span.end):
        # «12.03 — Северск. Погиб Андрей Колесников»: a line that opens with its date dates the event it tells, and
        # its man (the scope after the date)
        line_end = doc.text.find("\n", span.end) % (len(doc.text) + 1)
        told = [m for m in doc.triggers_between(span.end, line_end) if m[2] in ("death", "funeral")]
        if told:
            return _trigger_role(doc, told[0]), (span.end, line_end)
        header = _list_header_role(doc, line_start) if not doc.triggers_between(span.end, line_end) else None
        if header:
            # «Прощания в районе: / 14 марта — рядовой Иван Ощепков»: a dated row under a header takes its event
            span.weak_role = True
            return header, (span.end, line_end)
    if _LIST_ITEM.match(doc.text, line_start):
        line_hits = [m for m in doc.triggers_between(line_start, span.start) if m[2] != "birth"]
        if line_hits:
            return _trigger_role(doc, line_hits[-1]), (line_start, span.end)
        header = _list_header_role(doc, line_start)
        if header and not doc.triggers_between(line_start, doc.text.find("\n", span.end) % (len(doc.text) + 1)):
            span.weak_role = True
            return header, (line_start, span.end)
    elif _opens_with_name(doc, line_start) and _NAME_DASH.fullmatch(doc.text, _opens_with_name(doc, line_start),
                                                                     span.start):
        # «Иванов Сергей Петрович — 12.02.2024 — Шарлыкский район» under «Список погибших земляков:»: a row of a name,
        # a dash and a date takes the header's event
        header = _list_header_role(doc, line_start)
        if header and not doc.triggers_between(line_start, doc.text.find("\n", span.end) % (len(doc.text) + 1)):
            span.weak_role = True
            return header, (line_start, span.end)
    elif (item := _PLACE_DATE_ITEM.match(doc.text, line_start)) and item.end() > span.start:
        # «ПРОЩАНИЯ В ЛЕНИНГРАДСКОЙ ОБЛАСТИ — ФЕВРАЛЬ / Кириши, 4 февраля — Евгений Фомичёв, …»
        header = _list_header_role(doc, line_start)
        if header and not doc.triggers_between(line_start, doc.text.find("\n", span.end) % (len(doc.text) + 1)):
            span.weak_role = True
            return header, (line_start, span.end)
    line_end = doc.text.find("\n", span.end) % (len(doc.text) + 1)
    if _row_of_name_and_date(doc, span, line_start, line_end):
        # «Погибшие земляки: / Пономарёв И.И. 02.03.2024 / 05.03.2024 Попков Олег Петрович»: a row of a name and a date
        # alone (in either order) takes the header's event
        header = _list_header_role(doc, line_start)
        if header and not doc.triggers_between(line_start, line_end):
            span.weak_role = True
            return header, (line_start, line_end)
    elliptic = _elliptic_role(doc, span, s)
    if elliptic:
        span.weak_role = True
        return elliptic
    neighbour = _neighbour_role(doc, span, s)
    if neighbour:
        span.weak_role = True
        return neighbour[0], (neighbour[1].start, neighbour[1].end)  # a scope outside the span: its people's
    return None, None


_PARTICIPLE = re.compile(r"(?:погибш|павш|скончавш|умерш)\w+")
_AFTER_EVENT = re.compile(r"\b(?:после|до)\s+(?:[а-яё]+\s+)?$")
# A clause opening with a participle (an adverb may precede it): «призванный по мобилизации», «погибшим в зоне СВО».
_PARTICIPLE_OPENING = re.compile(r"[ \t]*(?:[а-яё]+о[ \t]+)?[а-яё]+(?:вш|[бр]ш|нн|ющ|ящ)(?:ий|ый|ая|ое|ие|ые|его|ого|ему|ому|им|ым"
                                 r"|ем|ом|их|ых|ими|ыми|ую|ей|ой)(?:ся)?(?![а-яё])")


# «погиб, как сообщили в военкомате, 7 марта»: a parenthetical naming the source (MYHUNK)
_PARENTHETICAL_OPENING = re.compile(r"[ \t]*(?:как\s+(?:сообщ|стало|рассказ|уточн|выясн|говор|пишет|пишут|сказал|отметил)"
                                    r"\w*|по\s+(?:словам|данным|информации|сведениям)"
                                    # «2 марта, сообщили в военкомате, погиб …»: a verb of saying with its source, no «как»
                                    r"|(?:сообщил|рассказал|уточнил|пишут|передают)\w*\s+(?:в|во|на)\s+[а-яё]+[ \t]*(?=,))")
_BIRTHDAY_WORD = re.compile(r"д(?:ень|ня|н[её]м)\s+(?:сво(?:й|его|[её]м)\s+)?рождени")
_ON_A_DAY = re.compile(r"[ \t]*(?:в|во)\s+(?:сво[йё]\s+|тот\s+|этот\s+)?(?:день|ночь|канун)(?![а-яё])")  # «В день своего рождения, 2 марта, погиб»
_CONJ_ONLY = re.compile(r"[ \t]*(?:а|и|но|однако)[ \t]+")
_GERUND_OPENING = re.compile(r"[ \t]*(?:не[ \t]+)?[а-яё]+(?:вшись|вши|ясь|в)(?![а-яё])")
_TIME_PHRASE = re.compile(r"\b(?:через|спустя|после|позже|позднее|вскоре|утром|вечером|ночью|дн[её]м|тогда|наконец)\b")


def _in_participial_aside(doc: Doc, s: Sentence, pos: int, date_clause: tuple[int, int]) -> bool:
    a, b = doc.clause_at(s, pos)
    if (a, b) == date_clause or a == s.start or doc.text[a - 1] != ",":
        return False
    if b >= len(doc.text) or doc.text[b] != ",":
        return False
    if _PARENTHETICAL_OPENING.match(doc.lower, a):
        return True  # «2 марта, как сообщил военком, в зоне СВО погиб …»: the source's verb, before or after the date
    return _PARTICIPLE_OPENING.match(doc.lower, a) is not None and b < date_clause[0]
_RELATIVE_OPENING = re.compile(r"[ \t]*(?:(?:в|на|с|за|у|о|по|к|от|до|из|при|под)[ \t]+)?(?:куда|откуда|котор[а-яё]+)(?![а-яё])")
_ON_THE_DAY = re.compile(r"\bв\s+(?:сво[йё]\s+)?(?:\d{1,3}-?(?:й|ый|ий)\s+|[а-яё]+(?:ый|ий|ой)\s+)?$")
_WORD = re.compile(r"[а-яё]{3,}")


# A list item that opens with a place and a date: «Кириши, 4 февраля — …»
_PLACE_DATE_ITEM = re.compile(r"[ \t]*[А-ЯЁ][А-ЯЁа-яё-]+(?:[ \t]+[А-ЯЁа-яё-]+){0,2},[ \t]*(?=\d)[^\n—–]{0,25}?[ \t]*[—–-]")


# («понедельник, 18 марта — рядовой …»: a weekday may head the row's date)
_ROW_WEEKDAY = r"(?:(?:понедельник|вторник|среда|четверг|пятница|суббота|воскресенье),?[ \t]+)?"
_LINE_OPENS_WITH_DATE = re.compile(r"[ \t]*(?:[•▪◾●■🔹🔸➖*][ \t]*)?" + _ROW_WEEKDAY, re.I)
_DATE_DASH_ROW = re.compile(r"[ \t]*(?:[•▪◾●■🔹🔸➖*][ \t]*)?" + _ROW_WEEKDAY + r"\d{1,2}(?:\.\d{1,2}|[ \t]+[а-яё]+)\.?"
                            r"(?:,?[ \t]*(?:в[ \t]+)?\d{1,2}[:.]\d\d)?[ \t]*[—–-][ \t]")
# («21 марта, 10:00 — рядовой Илья Моисеев»: the hour of the farewell may stand between)
_DASH_AFTER = re.compile(r"[ \t]*(?:,?[ \t]*(?:в[ \t]+)?\d{1,2}[:.]\d\d)?[ \t]*[—–-][ \t]")
_DASH_BEFORE = re.compile(r"[ \t]*(?:из[ \t]+[А-ЯЁ][а-яё-]+(?:[ \t]+[А-ЯЁ][а-яё-]+)?[ \t]*)?[—–][ \t]*")  # «Кобза из Рыльска — накануне»


def _year_of_story(doc: Doc, span: D.DateSpan, anchors: list[tuple[int, str]], value: str) -> str:
    """«Он погиб 2 февраля 2023 года под Кременной. Хоронили Виктора 14 февраля» in a story published in 2024: a
    day-month without a year follows the dated death or funeral before it in its paragraph (within four months)."""
    line_start = doc.text.rfind("\n", 0, span.start) + 1
    here = [v for pos, v in anchors if line_start <= pos < span.start]
    if not here:
        return value
    anchor = date.fromisoformat(here[-1] if len(here[-1]) == 10 else here[-1] + "-01")
    if span.kind == "month":
        # «погиб в феврале 2023 года … Похоронили Николая в апреле»: the month after the anchor's, within four
        for year in (anchor.year, anchor.year + 1):
            if 0 <= (year - anchor.year) * 12 + span.month - anchor.month <= 4:
                return D.iso(year, span.month)
        return value
    for year in (anchor.year, anchor.year + 1):
        if D._valid(year, span.month, span.day):  # noqa: SLF001
            gap = (date(year, span.month, span.day) - anchor).days
            if 0 <= gap <= 120:
                return date(year, span.month, span.day).isoformat()
    return value


def _dashed_owner(doc: Doc, span: D.DateSpan) -> list[int]:
    """«Сергей погиб 1 декабря, Андрей — 4 декабря, Денис — 8 декабря», «с Олегом — завтра»: a name and a dash right
    before the date (the verb left out) say whose date it is."""
    i = doc.text.rfind("—", max(0, span.start - 4), span.start)
    i = i if i >= 0 else doc.text.rfind("–", max(0, span.start - 4), span.start)
    if i < 0:
        return []
    for r in doc.refs:
        if r[1] <= i and _DASH_BEFORE.fullmatch(doc.text, r[1], span.start) and not doc.persons[r[2]].living:
            # «с Евгением и Маратом — в минувшую субботу»: every name of the row before the dash
            sent = doc.sentence_at(r[0])
            return doc._joined_chain([x for x in doc.refs if sent.start <= x[0] and x[1] <= r[1]], r[2], ranked=True)
    return []


_DASH_TO_NAME = re.compile(r"[ \t]*[—–][ \t]*(?:[а-яё-]+[ \t]+){0,3}")


def _dash_then_name(doc: Doc, span: D.DateSpan) -> list[int]:
    """«погибли: 1 марта — рядовой Андрей Ермаков, 3 марта — ефрейтор Олег Ерофеев»: a date, a dash and a name (a rank
    may stand before it) say whose date it is."""
    i = bisect_left(doc.refs, (span.end, span.end, -1))
    if i < len(doc.refs) and _DASH_TO_NAME.fullmatch(doc.text, span.end, doc.refs[i][0]) \
            and not doc.persons[doc.refs[i][2]].living:
        return [doc.refs[i][2]]
    return []


def _is_header(doc: Doc, span: D.DateSpan) -> bool:
    """Is the span on the headline (the first line) or on a line that ends with a colon?"""
    line_end = doc.text.find("\n", span.end)
    line_end = len(doc.text) if line_end < 0 else line_end
    return "\n" not in doc.text[:span.start] or doc.text[:line_end].rstrip().endswith(":")


def _own_item(doc: Doc, span: D.DateSpan, persons: list[int]) -> list[int]:
    """«3) Сатка. … Лопатин … Погиб в октябре. / 4) Пласт. Имя бойца, погибшего 12 ноября, не публикуется»: in a list,
    a date on an item line is only for the dead that item names (none: nobody's)."""
    line_start = doc.text.rfind("\n", 0, span.start) + 1
    if not _LIST_ITEM.match(doc.text, line_start) or not persons:
        return persons
    line_end = doc.text.find("\n", span.end)
    line_end = len(doc.text) if line_end < 0 else line_end
    if not any(_LIST_ITEM.match(doc.text, m.end()) for m in _NEWLINE.finditer(doc.text) if m.start() != line_start - 1):
        return persons  # a single dashed line is no list
    here = {r[2] for r in doc.refs if line_start <= r[0] < line_end}
    if not here and len(doc.dead()) == 1 and _CARD_FIELD.fullmatch(doc.text, line_start, span.start):
        return persons  # «▪️Дата гибели: 02.03.2024» on the card of one man: a field of his card, not a list's item
    return [p for p in persons if p in here]


_CARD_FIELD = re.compile(r"[^\n\d]{2,40}[:—–][ \t]*")


_NEWLINE = re.compile(r"\n")


def _name_between(doc: Doc, start: int, end: int) -> bool:
    return any(start <= r[0] and r[1] <= end for r in doc.refs)


# «Иванов Сергей Петрович — 12.02.2024», «Петров Иван (1990) – 5 марта»: a row's name, then a dash before its date
# («Динар Сафин, 35 лет, Лениногорск — 22 марта»: his age and town may stand between, set off by commas)
_NAME_DASH = re.compile(r"[ \t]*(?:\([^()\n]{0,30}\)[ \t]*)?(?:,[ \t]*[^,\n—–:;.]{1,30}?){0,3}[ \t]*[—–-][ \t]*")
# a number and a rank may open the row: «2. гв. мл. сержант Иванов Сергей — …»
_ROW_OPENING = re.compile(r"[ \t]*(?:\d{1,3}[.)][ \t]*)?(?:[А-ЯЁа-яё-]+\.?[ \t]+){0,4}")


def _opens_with_name(doc: Doc, line_start: int) -> int:
    """Where the name a line opens with ends (0 when the line opens with none): a row of a list of names."""
    i = bisect_left(doc.refs, (line_start, line_start, -1))
    if i < len(doc.refs) and _ROW_OPENING.fullmatch(doc.text, line_start, doc.refs[i][0]) \
            and not doc.persons[doc.refs[i][2]].living:
        return doc.refs[i][1]
    return 0


_DATE_NAME_ROW = re.compile(r"[ \t]*(?:\d{1,3}[.)][ \t]+)?\d{1,2}\.\d{1,2}(?:\.\d{2,4})?[ \t]+[А-ЯЁ]")
_ROW_LEFTOVER = re.compile(r"[\s,.;:()№—–-]*")


def _row_of_name_and_date(doc: Doc, span: D.DateSpan, line_start: int, line_end: int) -> bool:
    """Is the line only a dead man's name and this date (and punctuation)?"""
    refs = [r for r in doc.refs if line_start <= r[0] < line_end]
    if len({r[2] for r in refs}) != 1 or doc.persons[refs[0][2]].living:
        return False
    cuts = sorted([(span.start, span.end)] + [(r[0], r[1]) for r in refs])
    pos, rest = line_start, []
    for a, b in cuts:
        rest.append(doc.text[pos:a])
        pos = max(pos, b)
    rest.append(doc.text[pos:line_end])
    return all(_ROW_LEFTOVER.fullmatch(x) for x in rest)


def _list_header_role(doc: Doc, line_start: int) -> str | None:
    """«Погибшие в январе земляки:» over items «— 12 января: рядовой Андрей Ефимов»: an item that names no event
    takes the header's (a death or funeral word on the nearest line before the list that ends with a colon)."""
    pos = line_start - 1
    for _ in range(30):  # items of one list, walking up to its header
        if pos <= 0:
            return None
        prev_start = doc.text.rfind("\n", 0, pos) + 1
        line = doc.text[prev_start:pos].rstrip()
        if line.endswith(":") or (prev_start == 0 and _PLACE_DATE_ITEM.match(doc.text, line_start)):
            if any(prev_start <= r[0] < pos for r in doc.refs):
                return None  # «Погиб Иван Петров:» is his own line, not a header
            # («В Шуйском районе простятся с погибшими:»: the participle describes the men where a verb tells the event;
            # «Список погибших за неделю:» has only the participle)
            told = doc.triggers_between(prev_start, pos)
            roles = ({_trigger_role(doc, m) for m in told if not _PARTICIPLE.match(doc.lower, m[0])} - {"other", "birth"}) \
                or {_trigger_role(doc, m) for m in told} - {"other", "birth"}
            return roles.pop() if len(roles) == 1 else None
        if line.strip() and not (_LIST_ITEM.match(doc.text, prev_start) or _PLACE_DATE_ITEM.match(doc.text, prev_start)
                                 or _DATE_DASH_ROW.match(doc.text, prev_start) or _opens_with_name(doc, prev_start)
                                 or _DATE_NAME_ROW.match(doc.text, prev_start)):
            return None
        pos = prev_start - 1
    return None


def _direction(doc: Doc, role: str, scope: tuple[int, int]) -> str:
    if role != "funeral":
        return "past"
    seg = doc.text[scope[0]: scope[1]]
    if _FUTURE.search(seg):
        return "future"
    if _PAST.search(seg):
        return "past"
    s = doc.sentence_at(scope[0])
    if _FUTURE.search(s.text):
        return "future"
    if _PAST.search(s.text):
        return "past"
    return "nearest"


def _add_date(doc: Doc, persons: list[int], role: str, span: D.DateSpan, value: str | None,
              inferred: bool = False) -> None:
    """``inferred``: a date the text gives another event (his going missing) that dates the death only where the text
    gives the death none of its own, however less precise («Погибший в мае … Антон пропал 14 мая»: May)."""
    if not value:
        return
    if doc.pub is not None and role in ("death", "birth") and value[:len(value)] > doc.pub.isoformat()[: len(value)]:
        return  # a death or birth after publication is a misreading
    if role in ("death", "funeral") and value[:4] < "2014":
        return  # the war began in 2014: an earlier date is a birth or a parent's, not this death
    if role == "birth" and doc.pub is not None and int(value[:4]) > doc.pub.year - 14:
        return  # «родился 12 мая» without a year (resolved to last May), a child's birth: not a serviceman's
    # A day beats a month beats a year (a lifespan's year vs "Погиб 26 ноября 2023 г."),
    # then an explicit date beats a relative one, then the first one written.
    # an anchored day («через два дня его не стало») counts like a weak role: its anchor may be another story's
    rank = (3 - value.count("-")) * 100 + _KIND_RANK.get(span.kind, 5) + (5 if span.weak_role or span.anchored else 0)
    if len(persons) > 1:
        rank += 10  # «прошли прощания с двумя бойцами … с Павлом — сегодня»: his own date beats the shared one
    rank += 1000 if inferred else 0
    for i in persons:
        doc.persons[i].date_candidates.setdefault(role, []).append((rank, span.start, value, span.start, span.end))


_PAIRED_DAYS = re.compile(r"\b(\d{1,2})\s+и\s+(\d{1,2})\s+([а-яё]+)(?:\s+(\d{4})\s*(?:года|г\.)?)?", re.I)
# «Погибли 3, 5 и 6 июля соответственно»: three or more days for as many men, in order.
_LISTED_DAYS = re.compile(r"\b(\d{1,2}(?:\s*,\s*\d{1,2})+)\s+и\s+(\d{1,2})\s+([а-яё]+)(?:\s+(\d{4})\s*(?:года|г\.)?)?"
                          r"\s*,?\s*соответственно")


def _listed_dates(doc: Doc, resolver) -> None:
    """«Это капитан Алан Дзагоев, …; старший сержант Сослан Дзгоев, …; рядовой Георгий Гаглоев … Погибли 3, 5 и 6 июля
    соответственно»: as many days as dead men named before, given in order."""
    for m in _LISTED_DAYS.finditer(doc.text):
        month = D._month(m.group(3))  # noqa: SLF001 - the same month table as the span finder
        days = [int(d) for d in re.findall(r"\d{1,2}", m.group(1))] + [int(m.group(2))]
        chain = list(dict.fromkeys(r[2] for r in doc.refs if r[1] <= m.start() and not doc.persons[r[2]].living))
        if not month or len(chain) != len(days):
            continue
        role, scope = _role(doc, D.DateSpan(m.start(3), m.end(3), m.group(0), "daymonth"))
        if role not in ("death", "funeral"):
            continue
        year = int(m.group(4)) if m.group(4) else None
        for person, day in zip(chain, days):
            span = D.DateSpan(m.start(), m.end(), m.group(0), "full" if year else "daymonth", year, month, day)
            _add_date(doc, [person], role, span, resolver(span, doc.pub, _direction(doc, role, scope or (m.start(), m.end()))))


# «Иван и Олег погибли 2 марта и 5 марта соответственно», «… 28 февраля и 3 марта соответственно»: two whole dates
_PAIRED_FULL = re.compile(r"\b(\d{1,2})\s+([а-яё]+)(?:\s+(\d{4})\s*(?:года|г\.)?)?\s*(?:,\s*)?и\s+(\d{1,2})\s+([а-яё]+)"
                          r"(?:\s+(\d{4})\s*(?:года|г\.)?)?\s*,?\s*соответственно")


def _paired_full_dates(doc: Doc, resolver) -> None:
    for m in _PAIRED_FULL.finditer(doc.lower):
        months = (D._month(m.group(2)), D._month(m.group(5)))  # noqa: SLF001
        if not all(months):
            continue
        s = doc.sentence_at(m.start())
        before = [r for r in doc.refs if s.start <= r[0] < m.start() and not doc.persons[r[2]].living]
        chain = doc._joined_chain(before, before[-1][2], ranked=True) if before else []  # noqa: SLF001
        if len(chain) != 2:
            continue
        role, scope = _role(doc, D.DateSpan(m.start(4), m.end(5), m.group(0), "daymonth"))
        if role not in ("death", "funeral", "birth"):
            continue
        for person, (d, mo, y, at) in zip(chain, ((m.group(1), months[0], m.group(3) or m.group(6), m.start(1)),
                                                  (m.group(4), months[1], m.group(6), m.start(4)))):
            year = int(y) if y else None
            span = D.DateSpan(at, m.end(), m.group(0), "full" if year else "daymonth", year, mo, int(d))
            if D._valid(year, mo, int(d)):  # noqa: SLF001
                _add_date(doc, [person], role, span, resolver(span, doc.pub, _direction(doc, role, scope or (m.start(), m.end()))))


def _paired_dates(doc: Doc, resolver) -> None:
    """«Ринат и Вадим погибли 14 и 16 ноября (соответственно)»: the days go to the names in order."""
    if "соответственно" in doc.lower:
        _listed_dates(doc, resolver)
        _paired_full_dates(doc, resolver)
    for m in _PAIRED_DAYS.finditer(doc.text):
        month = D._month(m.group(3))  # noqa: SLF001 - the same month table as the span finder
        if not month:
            continue
        s = doc.sentence_at(m.start())
        before = [r for r in doc.refs if s.start <= r[0] < m.start() and not doc.persons[r[2]].living]
        if before:
            # «Сержант Олег Копылов и рядовой Иван Зверев погибли 10 и 12 марта»: a rank does not break the row
            chain = doc._joined_chain(before, before[-1][2], ranked=True)  # noqa: SLF001
        elif _PLURAL_VERB.search(doc.text, s.start, s.end) and len(doc.dead()) == 2:
            # «Простились с Айратом … и Ильдаром … Погибли 1 и 3 февраля соответственно.»
            chain = sorted(doc.dead(), key=lambda i: doc.persons[i].start)
        else:
            continue
        if len(chain) != 2:
            continue
        role, scope = _role(doc, D.DateSpan(m.start(3), m.end(), m.group(0), "daymonth"))
        if role not in ("death", "funeral", "birth"):
            continue
        year = int(m.group(4)) if m.group(4) else None
        for person, group in zip(chain, (1, 2)):
            day = int(m.group(group))
            span = D.DateSpan(m.start(group), m.end(), m.group(0), "full" if year else "daymonth", year, month, day)
            value = resolver(span, doc.pub, _direction(doc, role, scope or (m.start(), m.end())))
            _add_date(doc, [person], role, span, value)


def _farewell_first(cands: list[tuple[int, int, str, int, int]], farewells: set[int],
                    burials: set[int]) -> list[tuple[int, int, str, int, int]]:
    """«Прощание прошло 14 февраля, похоронили бойца на следующий день»: a farewell dated as precisely as the
    burial is the funeral date (README), whatever the ranks say."""
    told = [c[2].count("-") for c in cands if c[1] in farewells]
    if not told:
        return cands
    return [c for c in cands if not (c[1] in burials and c[2].count("-") <= max(told))] or cands


# «Он погиб через два дня после Дениса, 5-го числа»: the man a date is counted from is not the one it dates.
_ANCHOR_WORD = re.compile(r"после|вслед|раньше|позже|позднее|прежде|что\s+и|как\s+и")
# («погиб в тот же день, что и Антон, а похоронен 17 марта»: the man compared with is the anchor too)
_AFTER_WHOM = re.compile(r"\b(?:после|вслед\s+за|раньше|позже|позднее|прежде|что\s+и|как\s+и)\s+$")


def _not_the_anchor(doc: Doc, span: D.DateSpan, persons: list[int]) -> list[int]:
    s = doc.sentence_at(span.start)
    if len(persons) != 1 or _ANCHOR_WORD.search(doc.lower, s.start, s.end) is None:
        return persons
    here = [r for r in doc.refs if s.start <= r[0] < s.end and not doc.persons[r[2]].living]
    anchors = {r[2] for r in here if _AFTER_WHOM.search(doc.lower, max(0, r[0] - 15), r[0])}
    if not anchors or not persons or not set(persons) <= anchors:
        return persons
    others = [r for r in here if r[2] not in anchors]
    if others:
        return [min(others, key=lambda r: abs(r[0] - span.start))[2]]
    before = [r for r in doc.refs if r[1] <= s.start and not doc.persons[r[2]].living and r[2] not in anchors]
    return [before[-1][2]] if before else persons


def _funeral_word(doc: Doc, span: D.DateSpan, scope: tuple[int, int]) -> str | None:
    """Is a funeral date told by a farewell word or by a burial word alone? Its scope decides; a scope with
    neither («…, прошло 14 февраля в ДК») takes the funeral word nearest before it in the sentence."""
    if _FAREWELL_WORD.search(doc.lower, *scope):
        return "farewell"
    if _BURIAL_WORD.search(doc.lower, *scope):
        return "burial"
    s = doc.sentence_at(span.start)
    hits = [m for m in doc.triggers_between(s.start, s.end) if m[2] == "funeral"]
    before = [m for m in hits if m[1] <= span.start] or hits[:1]
    if not before:
        return None
    word = doc.lower[before[-1][0]:before[-1][1]]
    return "farewell" if _FAREWELL_WORD.search(word) else "burial" if _BURIAL_WORD.search(word) else None


_PLAN_DROPPED = re.compile(r"\b(?:сначала|изначально|первоначально|планировал(?:и|ось|ась|ся)|собирались"
                          r"|должн[оаы]\s+был[оаи]?)\b")
_MOVED_FROM = re.compile(r"перенес\w*\s+(?:[а-яё]+\s+)?с\s+$")
_BURIAL_WORD = re.compile(r"хорон|погреб|захорон|предал[иа]?\s+земле|предадут\s+земле")
_FAREWELL_WORD = re.compile(r"прощ|прост[ия]|панихид|отпев|отпел|дж[аеэ]наз|последн\w+\s+пут")
_FUNERAL_NOUN = re.compile(r"\b(?:похороны|прощание|панихида|отпевание|погребение|джаназа)\b")
# «Оба погибли 30 августа. … Похороны будут в четверг»: a sentence speaking of all the dead together.
_ALL_OF_THEM = re.compile(r"\b(?:оба|обе|обоих|обоим|все\s+(?:двое|трое|четверо|пятеро)|всех\s+(?:двоих|троих|четверых))\b")


def _shared_funeral(doc: Doc, span: D.DateSpan) -> list[int]:
    """«В Камышлове простились с Евгением Лапшиным и Артёмом Шабалиным … Прощание прошло в субботу»:
    a farewell sentence naming nobody, after a sentence naming the dead together, is theirs."""
    s = doc.sentence_at(span.start)
    if any(s.start <= r[0] < s.end for r in doc.refs):
        return []
    k = doc.sentence_index(span.start)
    for j in range(k, max(-1, k - 3), -1):
        prev = doc.sentences[j] if doc.sentences else s
        if any(prev.start <= r[0] < prev.end for r in doc.refs):
            break
        if _ALL_OF_THEM.search(doc.lower, prev.start, prev.end) and len(doc.dead()) >= 2:
            # those named so far («Обоих похоронили 12 мая. Кроме того, погиб Олег Рябцев»: not Рябцев)
            so_far = [i for i in doc.dead() if doc.persons[i].start < s.end]
            return so_far if len(so_far) >= 2 else doc.dead()
    before = [r for r in doc.refs if r[1] <= s.start and not doc.persons[r[2]].living]
    if not before:
        return []
    # The latest sentence that names the dead as one row («Павла, Игоря и Степана»), if every dead man
    # named after it («Павел и Игорь служили …, Степан был …») belongs to that row; up to three back.
    later: set[int] = set()
    pos = before[-1][0]
    for _ in range(3):
        last = doc.sentence_at(pos)
        in_last = [r for r in before if last.start <= r[0] < last.end]
        if not in_last:
            if last.start == 0:
                break
            pos = last.start - 1  # «Все трое — горловчане.» names nobody: the row may stand before it
            continue
        chain = doc._joined_chain(in_last, in_last[0][2], ranked=True)
        names_here = {r[2] for r in in_last}
        if len(chain) > 1 and len(chain) == len(names_here) and later <= set(chain):
            return chain
        later |= names_here
        if last.start == 0:
            break
        pos = last.start - 1
    return []


_LOST_IN = re.compile(r"\b(?:кого\s+(?:мы\s+)?потеряли|(?:мы\s+)?потеряли\s+(?:[а-яё]+\s+)?земляков)\s+(?:в|во)\s")
_COMMEMORATION = re.compile(r"\b(?<!через )(?<!спустя )(?:сороков\w*|сорок|девят\w*)\s+(?:день|дней|дня)\b|\b(?<!через )(?<!спустя )(?:40|9)\s+(?:дней|день)\b"
                            r"|\b(?:40|9)-?(?:й|ый)\s+(?:день|дня)\b|(?<![а-яё])(?:сороковин|девятин)\w*"  # «на 40-й день», «сороковины»
                            r"|годовщин\w*|полгода\s+со\s+дня")
# «Сегодня 40 дней со дня гибели», «12 марта исполнилось полгода, как не стало …»: the day a time counted from the
# death ends is a commemoration, not the death (a date after the count may still be the death's: «со дня гибели
# Ивана, погибшего 5 сентября»; «погиб 2 марта, через год после гибели брата» counts from another death)
_SINCE_DEATH = re.compile(r"(?:дн(?:ей|я|ь)|недел[ьиюя]|месяц(?:а|ев)?|полгода|год(?:а)?|лет)\s+(?:со\s+дня|с\s+момента)"
                          r"\s+(?:(?:его|её|ее|их)\s+)?(?:гибели|смерти)|(?:дн(?:ей|я|ь)|недел[ьиюя]|месяц(?:а|ев)?|полгода|год(?:а)?)"
                          r",?\s+(?:как|с\s+тех\s+пор,?\s+как)\s+(?:[а-яё]+\s+){0,2}?(?:погиб|не\s+стало)")


def _counted_from_death(doc: Doc, span: D.DateSpan) -> bool:
    a, b = _sentence_span(doc, span.start)
    return any(span.end <= m.start() or span.kind in ("relday", "weekday") and not m.start() <= span.start < m.end()
               for m in _SINCE_DEATH.finditer(doc.lower, a, b))


# «Через 40 дней, 12 мая, в храме отслужат панихиду»: a panikhida counted from the death is a commemoration (not
# «через девять дней после гибели его похоронили»: a late funeral)
_DAYS_ON_PANIKHIDA = re.compile(r"(?:через|спустя)\s+(?:40|9|сорок|девять)\s+дней(?![^.!?\n]*гражданск)[^.!?\n]*панихид"
                                r"|панихид[^.!?\n]*(?:через|спустя)\s+(?:40|9|сорок|девять)\s+дней")
# «Годы жизни: 22.02.1975 — март 2024 / КОРОЛЁВ ВЛАДИМИР ИВАНОВИЧ»: a card that puts the dates above the name.
_DATES_LINE = re.compile(r"[ \t]*(?:[А-ЯЁа-яё ]{0,20}:)?[ \t]*$")


def _card_owner_below(doc: Doc, span: D.DateSpan) -> int | None:
    line_start = doc.text.rfind("\n", 0, span.start) + 1
    line_end = doc.text.find("\n", span.end)
    if line_start == 0 or line_end < 0 or not _DATES_LINE.fullmatch(doc.text, line_start, span.start) \
            or doc.text[span.end:line_end].strip():
        return None
    prev_start = doc.text.rfind("\n", 0, line_start - 1) + 1
    if any(prev_start <= r[0] < line_start for r in doc.refs):
        return None  # «ИВАНОВ ИВАН / 1990–2024»: the name above owns it
    next_end = doc.text.find("\n", line_end + 1) % (len(doc.text) + 1)
    below = [r for r in doc.refs if line_end < r[0] < next_end and not doc.persons[r[2]].living]
    if below and not doc.text[line_end + 1:below[0][0]].strip():
        return below[0][2]
    return None


_LIST_OF_DEAD = re.compile(r"\b(?:погибших|погибшие|погибшими|все\s+(?:\w+\s+)?погибли)\s+(?:в|во|за)\s")
# «С начала марта стало известно о гибели: …»: the month is when the deaths were reported.
_REPORTED_IN = re.compile(r"стало\s+известно\s+о\s+гибели|известно\s+стало\s+о\s+гибели")
_THE_REST = re.compile(r"\b(?:остальн\w+|других\s+погибших)\b")


_HIM = re.compile(r"\b(?:сын|сына|брат|муж|внук|он|его|герой|боец|погибший)\b")


def _only_living_named(doc: Doc, span: D.DateSpan) -> bool:
    """A birth date in a sentence naming only the living (a parent's) — unless its own clause speaks of the
    dead man («мать рассказала, что сын родился …»)."""
    s = doc.sentence_at(span.start)
    here = [r for r in doc.refs if s.start <= r[0] < s.end]
    if not here or not all(doc.persons[r[2]].living for r in here):
        return False
    return not _HIM.search(doc.lower, *doc.clause_at(s, span.start))


def _bracket_owner(doc: Doc, span: D.DateSpan) -> int | None:
    """«Ринат Сафин (погиб в 2023 году), Денис Никонов (погиб в 2024 году)»: a date in brackets right
    after a name is that man's."""
    open_ = doc.text.rfind("(", max(0, span.start - 40), span.start)
    if open_ < 0 or ")" in doc.text[open_: span.start] or "\n" in doc.text[open_: span.start]:
        return None
    close = doc.text.find(")", span.end, span.end + 40)
    if close < 0 or "\n" in doc.text[span.end: close]:
        return None
    before = [r for r in doc.refs if open_ - 3 <= r[1] <= open_ and not doc.persons[r[2]].living]
    return before[-1][2] if before else None


def _section_people(doc: Doc, span: D.DateSpan) -> list[int]:
    """«Сегодня простились:» / «Вчера простились:» over a list: the header's date is every item's until
    the next header."""
    line_start = doc.text.rfind("\n", 0, span.start) + 1
    line_end = doc.text.find("\n", span.end)
    line_end = len(doc.text) if line_end < 0 else line_end
    if not doc.text[line_start:line_end].rstrip().endswith(":"):
        return []
    if any(line_start <= r[0] < line_end for r in doc.refs):
        return []
    out: list[int] = []
    pos = line_end + 1
    while pos < len(doc.text):
        nxt = doc.text.find("\n", pos)
        nxt = len(doc.text) if nxt < 0 else nxt
        line = doc.text[pos:nxt].strip()
        if not line or line.endswith(":"):
            break
        out += [r[2] for r in doc.refs if pos <= r[0] < nxt and not doc.persons[r[2]].living]
        pos = nxt + 1
    return list(dict.fromkeys(out))


def _funeral_chain(doc: Doc, span: D.DateSpan, persons: list[int]) -> list[int]:
    """«проводили в последний путь Асланбека и Арсена Мусаевых», «с Денисом и Иваном пройдёт 16 января»:
    one farewell for the names joined by «и»."""
    if len(persons) != 1:
        return persons
    s = doc.sentence_at(span.start)
    # The sentence, not the clause: «похоронили Азата Каримова, 1991 г.р., и Рустама Юсупова» is cut at commas.
    in_sentence = [r for r in doc.refs if s.start <= r[0] and r[1] <= s.end]
    chain = doc._joined_chain(in_sentence, persons[0], ranked=True)
    return chain if len(chain) > 1 else persons


# Page leftovers: a block of links to other articles, and listing lines «12.06.2023 В Балакове открыли сквер».
_RELATED_BLOCK = re.compile(r"^[ \t]*(?:читайте\s+также|похожие\s+(?:новости|материалы|статьи|публикации)"
                            r"|другие\s+новости|новости\s+по\s+теме|материалы\s+по\s+теме|смотрите\s+также"
                            r"|ещ[её]\s+по\s+теме|последние\s+новости|популярное|самое\s+читаемое"
                            r"|комментарии(?:\s*\(\d+\))?[ \t]*$)", re.M)
_TEASER_LINE = re.compile(r"^[ \t]*(?:\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}\s+[а-яё]+\s+\d{4})(?:,?[ \t]+\d{1,2}:\d\d)?[ \t]+[А-ЯЁ«]",
                          re.M)


# Literal-led gates for the two line-anchored patterns above (tried at every position otherwise).
_RELATED_CUES = re.compile(r"читайте|похожие|новости|по\s+теме|смотрите|популярное|читаемое|комментарии")
_RELATED_WORDS = ("читайте", "похожие", "новости", "теме", "смотрите", "популярное", "читаемое", "комментарии")
_LINE_OPENS_WITH_DIGIT = re.compile(r"\n[ \t]*\d")


def _name_row_after(doc: Doc, pos: int) -> bool:
    """«02.03.2024 Поспелов Иван Иванович»: the rest of the line is a dead man's name (a row of a list, no teaser)."""
    i = bisect_left(doc.refs, (pos, pos, -1))
    if i >= len(doc.refs) or doc.refs[i][0] != pos or doc.persons[doc.refs[i][2]].living:
        return False
    end = doc.text.find("\n", pos) % (len(doc.text) + 1)
    return _ROW_LEFTOVER.fullmatch(doc.text, doc.refs[i][1], end) is not None


def _teaser_starts(doc: Doc) -> list[int]:
    """Where other articles' dates begin: the start of a related-news block (first), and the starts of listing
    lines when there are at least two of them."""
    out: list[int] = []
    block = _RELATED_BLOCK.search(doc.lower) if "\n" in doc.text and any(w in doc.lower for w in _RELATED_WORDS) \
        and _RELATED_CUES.search(doc.lower) else None
    if block and not any(r[0] > block.start() for r in doc.refs if not doc.persons[r[2]].living) \
            and any(r[0] < block.start() for r in doc.refs):
        out.append(block.start())
    lines = [m.end() - len(m.group(0).lstrip()) for m in _TEASER_LINE.finditer(doc.text)
             if not _name_row_after(doc, m.end() - 1)] if _LINE_OPENS_WITH_DIGIT.search(doc.text) else []
    if len(lines) >= 2:
        out = (out or [len(doc.text)]) + lines
    return out


_CAPITALISED = re.compile(r"[А-ЯЁ][а-яё]{2,}")
_TO_COLON = re.compile(r"[^,;.!?\n:]{0,40}:")


def _listed_after_colon(doc: Doc, span: D.DateSpan) -> list[int]:
    """«Похороны прошли в субботу: Ильдара похоронили в Мензелинске, Рустема — в Кузкееве», «Прощания прошли 14
    февраля: с Ильёй — в Сарапуле, с Олегом — в Воткинске»: a dated event before a colon, naming nobody, is every
    dead man listed after the colon in the same sentence."""
    colon = _TO_COLON.match(doc.text, span.end)
    if colon is None:
        return []
    s = doc.sentence_at(span.start)
    if any(s.start <= r[0] < colon.end() for r in doc.refs):
        return []
    listed = [r[2] for r in doc.refs if colon.end() <= r[0] < s.end and not doc.persons[r[2]].living]
    listed = list(dict.fromkeys(listed))
    return listed if len(listed) > 1 else []


def _named_in_clause(doc: Doc, span: D.DateSpan) -> list[int]:
    """«Сашу похоронили 10 октября, Диму — вчера»: in a sentence that names none of the dead in full, a first
    name or diminutive in the date's clause says whose date it is (only where there is a choice)."""
    if len(doc.dead()) < 2:
        return []
    s = doc.sentence_at(span.start)
    if any(s.start <= r[0] < s.end for r in doc.refs):
        return []
    a, b = doc.clause_at(s, span.start)
    before = list(_CAPITALISED.finditer(doc.text, s.start, span.start))
    after = list(_CAPITALISED.finditer(doc.text, span.end, b))
    # the name nearest before the date first («Колю похоронили 12 мая, Васю — вчера»), then one after it
    for m in before[::-1] + after:
        who = _person_named(doc, m.group(0))
        if who is not None:
            return [who]
    return []


def _spans_with_fallback(doc: Doc):
    """The text's date spans; then, only if a dead man is still without a death date, misspelt months."""
    found = D.find_spans(doc.text)
    yield from found
    if any(not p.living and "death" not in p.date_candidates for p in doc.persons):
        yield from D.misspelt_month_spans(doc.text, found)


_GENDERED_VERB = re.compile(r"(?<![а-яё])(?:родил(?:ся|ась)|погиб(?:ла)?|скончал(?:ся|ась)|умер(?:ла)?)(?![а-яё])")


def _verb_gender(doc: Doc, span: D.DateSpan) -> str | None:
    """The gender of the birth or death verbs in the date's clause (the sentence's, if the clause has none), when
    they agree: «родилась» is a woman's, «погиб» a man's."""
    s = doc.sentence_at(span.start)
    for a, b in (doc.clause_at(s, span.start), (s.start, s.end)):
        found = {"femn" if m.group(0).endswith(("ась", "ла")) else "masc" for m in _GENDERED_VERB.finditer(doc.lower, a, b)}
        if found:
            return found.pop() if len(found) == 1 else None
    return None


# «Старший брат рядового Николая Гусева погиб в 2022 году»: the kinsman before the name is the subject of the verb
# right after it; the date is his, not the named man's (unlike «Отец Николая рассказал, что сын погиб 3 марта»).
_KIN_OF = re.compile(r"(?<![а-яё])(?:старший\s+|младший\s+|родной\s+|двоюродный\s+)?(?:брат|отец|папа|дед|дедушка"
                     r"|прадед|прадедушка|дядя|сын)\s+(?:[а-яё]+\s+){0,2}$")
_GENITIVE_END = re.compile(r"(?:[^ая]а|[^ая]я|ого|его)$")
_KIN_VERB_NEXT = re.compile(r"[ \t,]*(?:тоже\s+|также\s+)?(?:погиб|умер|скончался|родился)(?![а-яё])")


def _kin_is_subject(doc: Doc, span: D.DateSpan, person: int) -> bool:
    s = doc.sentence_at(span.start)
    refs = [r for r in doc.refs if r[2] == person and s.start <= r[0] < s.end]
    # only a name in the genitive belongs to the kinsman («брат Николая Гусева»); a nominative one is the kinsman
    # himself, in apposition («его сын Владимир Пуртов погиб»)
    return bool(refs) and all(_KIN_OF.search(doc.lower, max(s.start, r[0] - 40), r[0])
                              and _GENITIVE_END.search(doc.lower, r[0], r[1])
                              and _KIN_VERB_NEXT.match(doc.lower, r[1]) for r in refs)


# «В 2023 году там же погиб его старший брат», «Его отец погиб в 2022 году»: an unnamed kinsman of his is the subject
_KIN_UNNAMED = re.compile(r"(?:погиб|умер|скончался|родился)(?![а-яё])[^.!?\n]{0,30}?(?<![а-яё])(?:его|её|ее)\s+(?:(?:старший"
                          r"|младший|родной|двоюродный)\s+)?(?:брат|отец|папа|дед|дедушка|прадед|дядя)(?![а-яё])"
                          r"|(?<![а-яё])(?:его|её|ее)\s+(?:(?:старший|младший|родной|двоюродный)\s+)?(?:брат|отец|папа|дед"
                          r"|дедушка|прадед|дядя)\s+(?:[а-яё]+\s+){0,2}?(?:погиб|умер|скончался|родился)(?![а-яё])")


def _kin_unnamed(doc: Doc, span: D.DateSpan, person: int) -> bool:
    s = doc.sentence_at(span.start)
    if any(s.start <= r[0] < s.end for r in doc.refs if r[2] == person):
        return False
    return _KIN_UNNAMED.search(doc.lower, *doc.clause_at(s, span.start)) is not None


_DEATH_STEMS = ("гибел", "смерт", "кончи")
_TOLD_DEATH = re.compile(r"погиб|гибел|скончал|не\s+стало|(?<![а-яё])пал(?![а-яё])|смерт")


def _anchor_told(doc: Doc, span: D.DateSpan) -> bool:
    """Was the event a count of days starts from («через два дня после доставки тела») told before the count (its
    stem before it: «тело доставили 14 марта»)? Only then is the date before it the anchor's."""
    stem = span.after[:min(6, max(3, len(span.after) - 4))]  # «ранения» → «ран», «доставки» → «дост»
    if stem.startswith(_DEATH_STEMS):
        return _TOLD_DEATH.search(doc.lower, 0, span.start) is not None
    return doc.lower.find(stem, 0, span.start) >= 0


def _assign_dates(doc: Doc, backend: str) -> None:
    resolver = D.resolve_with_dateparser if backend == "dateparser" else D.resolve
    _paired_dates(doc, resolver)
    last_day: str | None = None
    last_role: str | None = None  # the role of the date that set last_day
    year_anchors: list[tuple[int, str]] = []
    rest: list[tuple[str, D.DateSpan, str | None]] = []
    farewells: set[int] = set()  # where funeral dates told by a farewell word start, and those told by burial alone
    burials: set[int] = set()
    dropped: set[int] = set()  # funeral dates of a plan given up
    teasers = _teaser_starts(doc)
    for span in _spans_with_fallback(doc):
        if teasers and span.start >= teasers[0] or span.start in teasers:
            continue  # «Читайте также: 11 апреля 2024 Погиб в ДТП …»: other articles' dates
        if span.kind == "nextday":
            # «Тело передали 20 апреля; похоронили на следующий день»
            if span.after and last_role == "death" and not _anchor_told(doc, span):
                continue  # «Погиб 2 марта. Прощание пройдёт через два дня после доставки тела»: not from the death
            if last_day is None:
                if span.offset != -1 or doc.pub is None:
                    continue
                last_day = doc.pub.isoformat()  # «Накануне в зоне СВО погиб …» with no date before: the day before
            span.kind, span.year, span.anchored = "full", int(last_day[:4]), True
            nxt = date.fromisoformat(last_day) + timedelta(days=1 if span.offset is None else span.offset)
            span.month, span.day = nxt.month, nxt.day
            span.year = nxt.year
        if span.kind == "carryday":
            # «Денис погиб 16 февраля, Роман — 19-го»: the month of the date before (the next if the day is earlier);
            # with no date before, «погиб 20-го» is read like «20 числа» (the publication's month or the one before).
            if last_day is None:
                span.kind = "monthday"
            else:
                prev = date.fromisoformat(last_day)
                y, mo = (prev.year, prev.month) if span.day >= prev.day else D._shift_month(prev.year, prev.month, 1)  # noqa: SLF001
                if not D._valid(y, mo, span.day):  # noqa: SLF001
                    continue
                span.kind, span.year, span.month = "full", y, mo
        fixed = span.fixed_role()
        if fixed == "lifespan":
            below = _card_owner_below(doc, span)
            persons = [below] if below is not None else doc.attribute(span.start, span.end, "prev", plural_ok=False,
                                                                      apposition=True)
            _add_date(doc, persons, "birth", span, resolver(span, doc.pub, "past"))
            second = span.second
            _add_date(doc, persons, "death", span, resolver(second, doc.pub, "past") if second else None)
            continue
        if fixed == "birthyear":
            persons = doc.attribute(span.start, span.end, "prev", plural_ok=False, apposition=True)
            _add_date(doc, persons, "birth", span, resolver(span, doc.pub, "past"))
            continue
        if span.kind == "month" and _LOST_IN.search(doc.lower, max(0, span.start - 30), span.start + 3) \
                and _is_header(doc, span):
            # «Брянщина: кого мы потеряли в феврале» over a list: every listed man's death month (README e_*)
            _add_date(doc, doc.dead(), "death", span, resolver(span, doc.pub, "past"))
            continue
        role, scope = _role(doc, span)
        if role == "funeral" and (_COMMEMORATION.search(doc.lower, *_sentence_span(doc, span.start))
                                  or "панихид" in doc.lower
                                  and _DAYS_ON_PANIKHIDA.search(doc.lower, *_sentence_span(doc, span.start))):
            role = "other"  # «на сороковой день … панихида»: a commemoration, not the funeral (README)
        if role == "death" and ("со дня" in doc.lower or "после" in doc.lower or "как" in doc.lower) \
                and _counted_from_death(doc, span):
            role = "other"  # «Сегодня 40 дней со дня гибели …», «12 марта исполнилось полгода, как его не стало»
        if role not in ("death", "funeral", "birth", "other"):
            if span.kind in ("full", "daymonth"):
                # «8 марта Алексей позвонил маме … На следующий день его не стало»: a date of no event of ours still
                # anchors the relative day after it.
                value = resolver(span, doc.pub, "past")
                last_day, last_role = (value, None) if value and len(value) == 10 else (last_day, last_role)
            continue
        if role == "death" and span.weak_role and D.just_ahead(span, doc.pub):
            # «Проводы … Круглова, погибшего в зоне СВО, — в пятницу, 12 апреля» published 10 April: a day just
            # ahead is not a death a year ago but the farewell the sentence announces (or nothing).
            sent = doc.sentence_at(span.start)
            if not any(m[2] == "funeral" for m in doc.triggers_between(sent.start, sent.end)):
                continue
            role, scope = "funeral", (sent.start, sent.end)
        if role == "funeral" and (_PLAN_DROPPED.search(doc.lower, *doc.clause_at(doc.sentence_at(span.start), span.start))
                                  or _MOVED_FROM.search(doc.lower, max(0, span.start - 30), span.start)):
            dropped.add(span.start)  # «Сначала прощание планировали на 31 декабря … Теперь … на 3 января»
        if role == "funeral" and scope:
            told = _funeral_word(doc, span, scope)
            (farewells if told == "farewell" else burials if told == "burial" else set()).add(span.start)
        direction = _direction(doc, role or "other", scope or (span.start, span.end))
        if direction == "nearest" and span.kind in ("weekday", "monthday") and _FUNERAL_NOUN.search(doc.lower, *(scope or (0, 0))):
            direction = "future"  # «похороны в пятницу, время скажем позже»: an announcement
        value = resolver(span, doc.pub, direction)
        if span.kind in ("daymonth", "month") and span.year is None and not span.qualifier \
                and role in ("death", "funeral") and value:
            value = _year_of_story(doc, span, year_anchors, value)
        elif span.kind in ("full", "month") and span.year and role in ("death", "funeral") and value:
            year_anchors.append((span.start, value))
        if value and len(value) == 10:
            last_day, last_role = value, role
        if role == "other":
            if scope and _WENT_MISSING.search(doc.text, scope[0], scope[1]) and _IDENTIFIED.search(doc.text):
                # «пропал в июле прошлого года … погиб тогда же»: the text dates the death to his disappearance.
                _add_date(doc, doc.attribute(span.start, span.end, "near"), "death", span, value, inferred=True)
            continue
        first_ref = min((r[0] for r in doc.refs if not doc.persons[r[2]].living), default=None)
        if first_ref is not None and span.end <= first_ref and len(doc.dead()) > 1 and span.kind == "month" \
                and doc.sentence_at(span.start) is not doc.sentence_at(first_ref):
            # «В феврале в зоне СВО погибли трое наших земляков:» over the list: the month of everyone listed
            # (not «с 10 по 20 октября погибли»: a range of days over a list is the period of the report)
            if role == "death" and not span.spread and (_LIST_OF_DEAD.search(doc.lower, max(0, span.start - 30), span.start + 3)
                                    or (_is_header(doc, span) and not span.weak_role)) \
                    and not _REPORTED_IN.search(doc.lower):
                # «имена погибших за июнь», «все погибли в марте»: the month of everyone listed.
                _add_date(doc, doc.dead(), role, span, value)
            elif role == "funeral" and _is_header(doc, span):
                # «Похоронены в сентябре:» over the list, or a headline «Прощания в августе»: everyone's funeral month
                _add_date(doc, doc.dead(), role, span, value)
            continue  # otherwise a roundup's headline date is nobody's in particular
        owner = _bracket_owner(doc, span)
        if owner is not None:
            _add_date(doc, [owner], role, span, value)
            continue
        section = _section_people(doc, span)
        if section:
            _add_date(doc, section, role, span, value)
            continue
        if _THE_REST.search(doc.lower, max(doc.sentence_at(span.start).start, span.start - 30), span.start):
            rest.append((role, span, value))
            continue
        if role == "birth" and _only_living_named(doc, span):
            continue  # «Его отец, Пётр Сомов, родился 3 мая 1960 года»
        if scope and not scope[0] <= span.start < scope[1]:
            # «Белово, 12 марта. Похоронили Руслана …»: the date of the sentence next to it, and of its people.
            inside = [r for r in doc.refs if scope[0] <= r[0] < scope[1] and not doc.persons[r[2]].living]
            if inside:
                _add_date(doc, doc._joined_chain(inside, inside[0][2], ranked=True), role, span, value)
                continue
        listed = _listed_after_colon(doc, span) if role in ("death", "funeral") else []
        if listed:
            _add_date(doc, listed, role, span, value)
            continue
        named = _named_in_clause(doc, span) or _dashed_owner(doc, span) or _dash_then_name(doc, span)
        persons = named or doc.attribute(span.start, span.end, "near", ranked=True, apposition=True)
        if role == "funeral" and not named:
            persons = _shared_funeral(doc, span) or _funeral_chain(doc, span, persons)
        persons = _own_item(doc, span, _not_the_anchor(doc, span, persons))
        if role in ("death", "birth"):
            persons = [i for i in persons if not _kin_is_subject(doc, span, i) and not _kin_unnamed(doc, span, i)]
            gender = _verb_gender(doc, span) if not named else None
            if gender is not None and any(doc.gender(i) not in (gender, None) for i in persons):
                # «Его жена Гульнара родилась 5 мая 1996 года»: a woman's birth is no man's, whoever is nearest
                persons = [i for i in persons if doc.gender(i) in (gender, None)] or doc.attribute(
                    span.start, span.end, "near", ranked=True, apposition=True, gender=gender)
        _add_date(doc, persons, role, span, value)
    for role, span, value in rest:
        # «Джаназа по Магомедову прошла 7 сентября, по остальным — сегодня»
        _add_date(doc, [i for i in doc.dead() if role not in doc.persons[i].date_candidates], role, span, value)
    for p in doc.persons:
        for role, cands in p.date_candidates.items():
            if role == "funeral" and dropped:
                cands = [c for c in cands if c[1] not in dropped] or cands
            if role == "funeral" and burials:
                cands = _farewell_first(cands, farewells, burials)
            rank, _, value, s, e = min(cands)
            p.values[f"{role}_date"] = value
            p.evidence[f"{role}_date"] = (s, e)
    _died_on_birthday(doc)
    _same_day_as(doc)
    # «Вместе с ним погиб матрос Игорь Кравец», «в том же бою погиб …»: the death date of the one before.
    for idx, p in enumerate(doc.persons):
        if p.living or "death_date" in p.values:
            continue
        sent = doc.sentence_at(p.start)
        elliptic = [r for r in doc.refs if r[2] == idx and _SAME_DEATH_DASH.match(doc.text, r[1])]
        if elliptic:
            # «Дмитрий погиб 10 марта, Сергей — в том же бою»: the man whose death the sentence told before him
            sent = doc.sentence_at(elliptic[0][0])
            told = [r[2] for r in doc.refs if sent.start <= r[0] < elliptic[0][0] and r[2] != idx
                    and not doc.persons[r[2]].living and "death_date" in doc.persons[r[2]].values]
            if told:
                p.values["death_date"] = doc.persons[told[-1]].values["death_date"]
                p.evidence["death_date"] = doc.persons[told[-1]].evidence["death_date"]
                continue
        if not _SAME_DEATH.search(doc.text, sent.start, sent.end):
            continue
        earlier = [q for q in doc.persons[:idx] if not q.living and "death_date" in q.values]
        if earlier:
            p.values["death_date"] = earlier[-1].values["death_date"]
            p.evidence["death_date"] = earlier[-1].evidence["death_date"]
    # «Простились с Бато-Мунко … Вместе с ним в одном бою 9 февраля погиб его сослуживец …»: the date
    # of the comrade's death is the date of the man «him» stands for.
    for idx, p in enumerate(doc.persons):
        if p.living or "death_date" not in p.values:
            continue
        sent = doc.sentence_at(p.start)
        ev = p.evidence["death_date"]
        if not (_SAME_DEATH.search(doc.text, sent.start, sent.end) and sent.start <= ev[0] < sent.end):
            continue
        before = [r for r in doc.refs if r[1] <= sent.start and not doc.persons[r[2]].living and r[2] != idx]
        if before:
            q = doc.persons[before[-1][2]]
            if "death_date" not in q.values:
                q.values["death_date"] = p.values["death_date"]
                q.evidence["death_date"] = ev


# «Он погиб в день своего рождения», «не стало его в свой день рождения»: the day of the birth date told, in the
# latest year on or before publication.
_DIED_ON_BIRTHDAY = re.compile(r"(?:погиб|скончал\w*|не\s+стало|пал)(?![а-яё])[^.!?\n]{0,40}?\bв\s+(?:сво[йё]\s+)?"
                               r"день\s+(?:своего\s+)?рождения"
                               r"|\bв\s+(?:сво[йё]\s+)?день\s+(?:своего\s+)?рождения[^.!?\n]{0,30}?(?:погиб|скончал|не\s+стало)")


def _died_on_birthday(doc: Doc) -> None:
    if doc.pub is not None:
        _died_before_birthday(doc)
    if doc.pub is None or not ("день рождения" in doc.lower or "день своего рождения" in doc.lower):
        return
    for m in _DIED_ON_BIRTHDAY.finditer(doc.lower):
        for i in doc.attribute(m.start(), m.end(), "near", plural_ok=False):
            p = doc.persons[i]
            born = p.values.get("birth_date")
            if "death_date" in p.values or not isinstance(born, str) or len(born) != 10:
                continue
            month, day = int(born[5:7]), int(born[8:10])
            year = D._pick_year(month, day, doc.pub, "past")  # noqa: SLF001
            if D._valid(year, month, day) and year >= 2014:  # noqa: SLF001
                p.values["death_date"] = D.iso(year, month, day)
                p.evidence["death_date"] = (m.start(), m.end())


# «Погиб в тот же день, что и Дьулус», «погиб в один день с Тимуром»: the death date of the man named.
_SAME_DAY_AS = re.compile(r"(?:[Вв]\s+тот\s+же\s+день|[Вв]\s+один\s+(?:и\s+тот\s+же\s+)?день|[Тт]ем\s+же\s+дн[её]м)[ \t]*,?[ \t]*"
                          r"(?:что\s+и|что|как\s+и|с|со)\s+(?:[а-яё]+\s+)?([А-ЯЁ][а-яё]+)")


def _same_day_as(doc: Doc) -> None:
    if "день" not in doc.lower and "днём" not in doc.lower:
        return
    for m in _SAME_DAY_AS.finditer(doc.text):
        who = _person_named(doc, m.group(1))
        if who is None or "death_date" not in doc.persons[who].values:
            continue
        sent = doc.sentence_at(m.start())
        here = [r[2] for r in doc.refs if sent.start <= r[0] < sent.end and r[2] != who]
        for i in dict.fromkeys(here or doc.attribute(m.start(), m.end(), "near", plural_ok=False)):
            p = doc.persons[i]
            if i != who and not p.living and "death_date" not in p.values:
                p.values["death_date"] = doc.persons[who].values["death_date"]
                p.evidence["death_date"] = (m.start(), m.end())


def _died_before_birthday(doc: Doc) -> None:
    """«Он погиб за день до своего 35-летия» with the birth date told: that birthday less the days counted."""
    for start, end, days, age in D.birthday_eves(doc.lower):
        for i in doc.attribute(start, end, "near", plural_ok=False):
            p = doc.persons[i]
            born = p.values.get("birth_date")
            if "death_date" in p.values or not isinstance(born, str) or len(born) != 10:
                continue
            year, month, day = int(born[:4]) + age, int(born[5:7]), int(born[8:10])
            if not D._valid(year, month, day):  # noqa: SLF001 - 29 February in a year without it
                continue
            died = date(year, month, day) - timedelta(days=days)
            if died.year >= 2014 and died <= doc.pub:
                p.values["death_date"] = died.isoformat()
                p.evidence["death_date"] = (start, end)


# --------------------------------------------------------------------------- output


def _mention(doc: Doc, p: Person) -> ExtractedMention:
    m = ExtractedMention()
    m.surname, m.first_name, m.patronymic = p.surname, p.first_name, p.patronymic
    m.full_name = " ".join(x for x in (p.surname, p.first_name, p.patronymic) if x)
    for key in ("birth_date", "death_date", "funeral_date", "age", "unit", "rank", "category", "category_raw",
                "region", "region_name", "region_raw", "settlement"):
        if key in p.values:
            setattr(m, key, p.values[key])
    if doc.pub is not None:
        m.reported_date = doc.pub.isoformat()
    original = doc.ct
    raw = _raw_text(original)
    for key, (s, e) in p.evidence.items():
        os_, oe = original.to_original(s), original.to_original(e)
        m.evidence[key] = {"start": os_, "end": oe, "text": raw[os_:oe]}
    return m


def _raw_text(ct: CleanText) -> str:
    return getattr(ct, "raw", ct.text)
