"""Lists flattened into text with column separators."""

from scrapers.extract import extract
from scrapers.extract.tables import table_rows

TABLE = """Список погибших земляков (обновлено)
№ | ФИО | Год рождения | Населённый пункт | Дата гибели
1 | Кравчук Олег Игоревич | 1990 | Павловск | 05.01.2024
2 | Черных Максим Алексеевич | 2001 | Лиски | 19.02.2024
Все — уроженцы Воронежской области, погибли в зоне СВО."""


def test_rows_are_read_by_their_header():
    rows = table_rows(TABLE)
    assert [{k: v[0] for k, v in row.items()} for _, _, row in rows] == [
        {"name": "Кравчук Олег Игоревич", "birth_date": "1990", "settlement": "Павловск", "death_date": "05.01.2024"},
        {"name": "Черных Максим Алексеевич", "birth_date": "2001", "settlement": "Лиски", "death_date": "19.02.2024"},
    ]
    assert table_rows("Погиб 3 мая. Иван | Пётр") == []  # no header, no table


def test_each_row_fills_its_person():
    got = extract(TABLE, "2024-04-20T10:00:00+03:00").mentions
    assert [(m.full_name, m.birth_date, m.death_date, m.settlement, m.region) for m in got] == [
        ("Кравчук Олег Игоревич", "1990", "2024-01-05", "Павловск", "RU-VOR"),
        ("Черных Максим Алексеевич", "2001", "2024-02-19", "Лиски", "RU-VOR"),
    ]
    assert got[0].evidence["death_date"]["text"] == "05.01.2024"


def test_memorial_card_labels_fill_the_one_dead_person():
    text = ("Дата гибели: 14.11.2023\nФИО: Сыромятников Павел Игоревич\nВозраст: 27 лет\nОткуда: Вольск\n"
            "Прощание с Павлом состоится 20 ноября в 12:00.")
    got = extract(text, "2023-11-18T10:00:00+03:00").mentions
    assert [(m.full_name, m.death_date, m.age, m.settlement, m.funeral_date) for m in got] == [
        ("Сыромятников Павел Игоревич", "2023-11-14", 27, "Вольск", "2023-11-20")]
    assert got[0].evidence["age"]["text"] == "27"


def test_category_cues_skip_only_sentences_that_hold_no_cue():
    # category_cues scans only the sentences that contain a cue stem; the result must be
    # what reading every sentence would give (cues are read sentence by sentence so that
    # «позже … подписал контракт» of one man does not replace his brother's service).
    from db.categories import find_categories
    from scrapers.extract.fields import category_cues
    from scrapers.extract.textnorm import sentences

    text = ("Погиб Иван Петров. Он был мобилизован в 2022 году. Его брат служил в Росгвардии. "
            "Позже Иван подписал контракт с Минобороны. Отбывал наказание в ИК-5 его земляк. "
            "На прощание пришли одноклассники.")
    every_sentence = [(s.start + h.start, s.start + h.end, h.code, h.text)
                      for s in sentences(text) for h in find_categories(text[s.start:s.end])]
    assert [code for _, _, code, _ in every_sentence] == ["mobilized", "security", "contract", "prisoner", "prisoner"]
    assert category_cues(text, sentences(text)) == every_sentence
