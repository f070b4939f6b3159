"""Relevance is decided by what the text says about the dead man, not by a keyword anywhere."""

import pytest

from scrapers.extract import extract

PUB = "2024-08-20T10:00:00+03:00"

RELEVANT = [
    "В зоне СВО погиб сын жительницы Кяхты рядовой Баир Будаев. Прощание состоится в пятницу.",
    # words that only look like cues: an orchestra, years since school, no «СВО» written
    "Рядовой Илья Ступин погиб 9 марта под Бахмутом. Десять лет назад он окончил школу, 5 лет назад женился. "
    "На прощании играл духовой оркестр.",
    # a comrade who survived is not a denial of the death
    "Рядовой Олег Пахомов погиб 3 мая, прикрывая отход группы: благодаря ему сослуживец остался жив. "
    "Он жив, говорят врачи, только благодаря Олегу.",
    # the Ukrainian army as the enemy
    "Рядовой Андрей Николаевич Сомов из Кизела погиб 3 августа при отражении атаки ВСУ в Курской области.",
    "Младший сержант Олег Викторович Краснов погиб в бою с ВСУ под Покровском 10 июля. Ему было 34 года.",
    "Стрелок Руслан Ибрагимов уничтожил несколько единиц техники ВСУ, но 5 августа погиб от удара дрона.",
    "Ефрейтор Максим Лаптев погиб 1 августа: украинский беспилотник атаковал блиндаж, где находилось его отделение.",
    "Сержант Антон Ильин погиб 12 июля в зоне СВО, когда ВСУ обстреляли позиции его роты.",
]


@pytest.mark.parametrize("text", RELEVANT)
def test_enemy_named_as_vsu_is_still_a_russian_death(text):
    got = extract(text, PUB)
    assert got.relevant, got.reason
    assert len(got.mentions) == 1


NEGATIVE = [
    ("Загинув захисник України Андрій Петренко, воїн ЗСУ. Вічна пам'ять герою.", "ukrainian soldier"),
    ("В боях под Бахмутом погиб военнослужащий ВСУ Игорь Коваленко из Житомира. Ему было 27 лет.",
     "ukrainian soldier"),
    ("Под Харьковом погиб Тарас Мельник, который с 2015 года служил в рядах ВСУ.", "ukrainian soldier"),
    ("В больнице Кургана скончался от онкологического заболевания участник СВО Виктор Лукин, вернувшийся "
     "с фронта в 2023 году.", "unrelated"),
    ("Ветеран СВО Михаил Гаврилов скончался дома в Бийске от сердечного приступа спустя год после возвращения.",
     "unrelated"),
    ("При обстреле Белгорода 15 августа погибла местная жительница Нина Петровна Сухова, ей было 67 лет.",
     "unrelated"),
    ("Ефрейтор Иван Сушков из Мирного награждён медалью «За отвагу» за то, что уничтожил танк ВСУ.",
     "award to living"),
    ("Военнослужащий Сергей Петров, приехавший в отпуск из зоны СВО, погиб в ДТП на трассе под Чебоксарами.",
     "road accident"),
    # the headline speaks of a hero; the sentence naming him tells a collision
    ("ГЕРОЙ НЕ ДОЕХАЛ ДОМОЙ\n\n2 июня на трассе М-5 в столкновении с фурой погиб ефрейтор Олег Рудаков, "
     "участник СВО, приехавший в отпуск.", "road accident"),
    ("В Омске убит мобилизованный\n\nВо время ссоры во дворе 29-летний Кирилл Лапин, мобилизованный, получил "
     "удар ножом. Мужчина умер в больнице. Подозреваемый задержан.", "unrelated"),
    ("В сети сообщили, что в зоне СВО погиб уроженец Ишима Роман Титов. В военкомате заявили, что это не "
     "соответствует действительности: Роман жив.", "unrelated"),
    ("Вернулся с СВО и утонул\n\nНа озере под Тобольском утонул 38-летний Пётр Шарапов. Месяц назад он "
     "вернулся из зоны СВО.", "unrelated"),
    ("Во Львове похоронили Остапа Гнатюка, бойца 24-й бригады ВСУ, который погиб, отражая наступление "
     "российских войск.", "ukrainian soldier"),
    ("На акции «Бессмертный полк» несли портрет гвардии рядового Петра Ильича Сазонова, погибшего под Берлином.",
     "ww2"),
    ("Умер ветеран СВО Николай Павлович Глухов. После возвращения из зоны СВО он долго болел.", "unrelated"),
    ("Годовщина трагедии\n\nВ Грозном вспоминают бойцов, погибших при штурме 1995 года, среди них майор "
     "Игорь Сапунов.", "anniversary"),
]


@pytest.mark.parametrize(("text", "reason"), NEGATIVE)
def test_not_a_russian_war_death(text, reason):
    got = extract(text, PUB)
    assert not got.relevant
    assert got.reason == reason


def _names(text: str) -> list[str]:
    return [m.full_name for m in extract(text, PUB).mentions]


def test_rank_at_sentence_start_is_not_a_surname():
    assert _names("Рядовой Андрей Николаевич Сомов погиб 3 августа в зоне СВО.") == ["Сомов Андрей Николаевич"]
    assert _names("Гвардии сержант Ильдар Ринатович Галеев погиб под Работино.") == ["Галеев Ильдар Ринатович"]


def test_photo_and_text_credits_are_living():
    text = ("Фото: Анна Соколова. Мобилизованный Рамиль Хасанов погиб в зоне СВО 2 августа. "
            "Текст: Мария Кузнецова.")
    assert _names(text) == ["Хасанов Рамиль"]


def test_relative_killed_in_an_old_war_is_not_counted():
    text = "Сержант Антон Ильин погиб 12 июля в зоне СВО. Его прадед Фёдор Ильин погиб в 1943 году под Курском."
    assert _names(text) == ["Ильин Антон"]


def test_surname_that_is_a_dictionary_word_next_to_a_first_name():
    got = extract("Кирилл Лодочников (1999) и Павел Шутов (2001) погибли в начале мая. Оба служили по контракту.",
                  "2024-06-01T10:00:00+03:00").mentions
    assert [(m.full_name, m.birth_date) for m in got] == [("Лодочников Кирилл", "1999"), ("Шутов Павел", "2001")]


def test_caps_headline_is_the_only_name():
    text = "ЕГОР ВАСНЕЦОВ\n\nНаш выпускник. Погиб 3.02.2024. Ему было 20. Ушёл служить по призыву, потом подписал контракт."
    got = extract(text, "2024-02-20T10:00:00+03:00")
    assert got.relevant
    assert [(m.full_name, m.death_date, m.age) for m in got.mentions] == [("Васнецов Егор", "2024-02-03", 20)]


def test_district_named_after_a_town_gives_the_region():
    text = ("Администрация Стерлитамакского района с прискорбием сообщает о гибели в зоне СВО рядового "
            "Ильнура Фаритовича Гарипова. Прощание состоится в пятницу.")
    got = extract(text, PUB).mentions
    assert [(m.full_name, m.region, m.settlement) for m in got] == [("Гарипов Ильнур Фаритович", "RU-BA", None)]


def test_year_abbreviation_is_not_a_town():
    text = ("Сержант Канюков Олег Петрович, 1987 г.р., погиб 18 мая 2024 г.\n"
            "Рядовой Ветлугин Артур Олегович, 1999 г.р., г. Воркута, погиб 20 мая 2024 г.")
    got = {m.surname: m.settlement for m in extract(text, PUB).mentions}
    assert got == {"Канюков": None, "Ветлугин": "Воркута"}


def test_each_cue_belongs_to_the_person_it_describes_in_a_roundup():
    text = ("За неделю в области простились с тремя участниками СВО.\n"
            "В Шадринске похоронили контрактника Павла Дьячкова.\n"
            "В Кетово простились с мобилизованным Олегом Рябухиным.\n"
            "В Катайске похоронили добровольца Семёна Лузина.\n")
    got = {m.surname: m.category for m in extract(text, PUB).mentions}
    assert got == {"Дьячков": "contract", "Рябухин": "mobilized", "Лузин": "volunteer"}


def test_categories_resolved_with_the_project_precedence():
    # mobilised, then a contract: still mobilised (db.categories.resolve_category)
    text = "Мобилизованный в 2022 году Ринат Ильдарович Газизов позже подписал контракт и погиб 3 мая под Бахмутом."
    assert [m.category for m in extract(text, PUB).mentions] == ["mobilized"]


def test_names_joined_by_and_share_the_date_of_their_plural_verb():
    text = ("Тимур Бекоев, Алан Дзуцев и Сослан Кайтов служили в одной роте. Тимур и Алан погибли 12 сентября "
            "под Работино, Сослан — 15 сентября.")
    got = {m.surname: m.death_date for m in extract(text, "2024-09-30T10:00:00+03:00").mentions}
    assert got == {"Бекоев": "2024-09-12", "Дзуцев": "2024-09-12", "Кайтов": "2024-09-15"}


def test_death_notice_called_pokhoronka_is_not_a_funeral():
    text = ("Вчера семье пришла похоронка: в зоне СВО погиб Геннадий Лопатин, ему было 47 лет.\n"
            "Завтра в 11 утра прощание в доме культуры.")
    got = extract(text, "2025-03-10T10:00:00+03:00").mentions
    assert [(m.death_date, m.funeral_date) for m in got] == [(None, "2025-03-11")]


def test_two_first_names_share_a_plural_surname():
    text = ("В Буйнакске простились с братьями — Шамилем и Магомедом Алиевыми, погибшими 3 марта. "
            "Шамилю был 31 год, Магомеду — 26. Оба служили по контракту.")
    got = extract(text, "2025-03-10T10:00:00+03:00").mentions
    assert [(m.full_name, m.death_date, m.age) for m in got] == [
        ("Алиев Шамиль", "2025-03-03", 31), ("Алиев Магомед", "2025-03-03", 26)]


def test_plural_rank_before_a_row_of_names_and_navy_and_medical_ranks():
    text = ("В Ирбите похоронили рядовых Павла Ершова и Глеба Сутягина, погибших 4 апреля. "
            "Капитан 2 ранга Денис Кольцов погиб 5 апреля. Прапорщик медицинской службы Антон Мезенцев погиб 6 апреля.")
    got = {m.surname: m.rank for m in extract(text, "2024-04-20T10:00:00+03:00").mentions}
    assert got == {"Ершов": "рядовой", "Сутягин": "рядовой", "Кольцов": "капитан 2 ранга", "Мезенцев": "прапорщик"}


def test_fuller_rank_in_the_body_beats_the_headline():
    text = "Лейтенант Егор Шмаков\n\nГвардии лейтенант Егор Шмаков погиб 2 июня в зоне СВО."
    assert [m.rank for m in extract(text, PUB).mentions] == ["гвардии лейтенант"]


def test_living_people_told_by_what_they_do():
    text = ("Рядовой Никита Осипов погиб 3 мая под Часовым Яром. Его сослуживец по отряду Илья Рожков вернулся домой "
            "по окончании контракта. Житель Ишима Олег Берестов получил ранение и проходит лечение в госпитале. "
            "На похоронах присутствовал Герой России Михаил Латыпов. Прощание прошло в церкви Сурб Карапет.")
    assert _names(text) == ["Осипов Никита"]


def test_photo_caption_names_the_dead_and_wounded_bullet_is_living():
    text = ("В Муроме простились с земляком\n\nПогиб 2 марта под Авдеевкой, ему было 33 года.\n\n"
            "Фото: прощание с рядовым Денисом Ворониным в Муроме, 9 марта.")
    assert _names(text) == ["Воронин Денис"]
    text = ("Сводка за неделю\n🔹 Ранен и эвакуирован ефрейтор Павел Гущин, Инза.\n"
            "🔹 Погиб рядовой Артур Рамилевич Хайруллин (1999 г.р.), Ульяновск, 12.09.2025.")
    got = extract(text, "2025-09-20T10:00:00+03:00").mentions
    assert [(m.full_name, m.birth_date) for m in got] == [("Хайруллин Артур Рамилевич", "1999")]


def test_full_birth_date_before_gr_is_a_birth_and_a_funeral_set_yesterday_is_not_next_year():
    text = "Рядовой Лев Ганеев, 24.06.1995 г.р., погиб в зоне СВО. Тело доставили 14 апреля, прощание назначено."
    got = extract(text, "2024-04-15T10:00:00+03:00").mentions
    assert [(m.birth_date, m.funeral_date) for m in got] == [("1995-06-24", "2024-04-14")]


def test_surnames_only_after_a_plural_noun():
    text = ("В Кяхте простились с рядовыми Цыденжаповым, Будаевым и Аюшеевым, погибшими 18 февраля. "
            "Все трое ушли добровольцами.")
    got = extract(text, "2023-02-27T10:00:00+03:00").mentions
    assert [(m.surname, m.first_name, m.death_date, m.rank) for m in got] == [
        ("Цыденжапов", None, "2023-02-18", "рядовой"), ("Будаев", None, "2023-02-18", "рядовой"),
        ("Аюшеев", None, "2023-02-18", "рядовой")]


def test_institution_named_after_a_town_gives_the_region_and_a_hospital_town_does_not():
    text = ("Чебоксарский колледж скорбит о гибели выпускника Артёма Ильина (выпуск 2018 г.), погибшего в зоне СВО.")
    assert [(m.region, m.settlement) for m in extract(text, PUB).mentions] == [("RU-CU", None)]
    text = "В военном госпитале Ростова-на-Дону скончался от ран мобилизованный Олег Бармин. Похоронят его в пятницу."
    assert [m.region for m in extract(text, PUB).mentions] == [None]


def test_killed_together_share_the_death_date_and_the_subject_of_the_death_verb_is_dead():
    text = ("Санинструктор Ирина Павловна Ковалёва погибла 15 октября под Угледаром. "
            "Вместе с ней погибла её подруга, фельдшер Наталья Седых из Макеевки.")
    got = extract(text, "2024-10-20T10:00:00+03:00").mentions
    assert [(m.full_name, m.death_date) for m in got] == [
        ("Ковалёва Ирина Павловна", "2024-10-15"), ("Седых Наталья", "2024-10-15")]


def test_two_days_go_to_two_names_in_order():
    text = "Контрактники Денис Юрков и Тагир Салимов погибли 3 и 9 октября соответственно под Торецком."
    got = extract(text, "2024-10-20T10:00:00+03:00").mentions
    assert [(m.surname, m.death_date) for m in got] == [("Юрков", "2024-10-03"), ("Салимов", "2024-10-09")]


def test_common_noun_surnames_and_surname_given_alone():
    text = ("На доме, где жили гвардии рядовые Олег Скворец и Игорь Мороз, установили мемориальные доски. "
            "Друзья ушли добровольцами и погибли в одном бою 20 сентября.")
    assert _names(text) == ["Скворец Олег", "Мороз Игорь"]
    text = ("Вчера стало известно о гибели в зоне СВО бойца по фамилии Гимадеев. "
            "Он служил в батальоне «Алга» и погиб в начале августа.")
    got = extract(text, "2024-09-30T10:00:00+03:00").mentions
    assert [(m.surname, m.first_name, m.death_date) for m in got] == [("Гимадеев", None, "2024-08")]


def test_missing_then_identified_dies_in_the_month_he_went_missing():
    text = ("Мобилизованный Павел Лаптев пропал в июле прошлого года под Работино. Экспертиза подтвердила, "
            "что он погиб тогда же. Его сыновьям 5 и 7 лет.")
    got = extract(text, "2024-03-14T10:00:00+03:00").mentions
    assert [(m.death_date, m.age) for m in got] == [("2023-07", None)]


def test_unknown_given_names_and_double_surnames_in_oblique_cases():
    text = ("В Намцах открыли мемориальную доску выпускнику Эрчимэну Николаевичу Слепцову, погибшему в зоне СВО. "
            "Простились и с капитаном Глебом Воронцовым-Вельяминовым, погибшим под Курском.")
    assert _names(text) == ["Слепцов Эрчимэн Николаевич", "Воронцов-Вельяминов Глеб"]


def test_grew_up_in_is_home():
    text = "В зоне СВО погиб рядовой Михаил Кобзарев. Он родился и вырос в Великих Луках, работал водителем."
    assert [(m.settlement, m.region) for m in extract(text, PUB).mentions] == [("Великие Луки", "RU-PSK")]


def test_a_farewell_naming_nobody_belongs_to_the_dead_named_together_before_it():
    text = ("Администрация района скорбит о гибели Руслана Галиева и Дениса Мухина, жителей села Бакалы. "
            "Оба погибли 27 марта. Похороны состоятся в субботу.")
    got = extract(text, "2024-04-04T10:00:00+03:00").mentions
    assert [(m.surname, m.funeral_date) for m in got] == [("Галиев", "2024-04-06"), ("Мухин", "2024-04-06")]


def test_the_dead_man_described_by_others_stays_dead():
    text = ("Иван Сергеевич Лыков, как вспоминает его мать, с детства мечтал стать военным. "
            "Он погиб 4 мая под Часовым Яром. Командир роты Артём Ежов назвал его настоящим героем.")
    assert _names(text) == ["Лыков Иван Сергеевич"]
