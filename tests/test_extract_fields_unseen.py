"""Rank and unit on fresh sentences (session 4): plaque abbreviations, the unit at the time of death when an
earlier one is also named. Written for this file, not taken from gold."""

import pytest

from scrapers.extract import extract

PUB = "2024-09-20T12:00:00+03:00"

RANKS = [
    ("На мемориале появилась новая табличка:\nЕФР. КОРОЛЁВ ПАВЕЛ АНДРЕЕВИЧ 1999–2023", "Королёв", "ефрейтор"),
    ("Памяти земляков:\nСт. л-т Кудряшов Игорь Олегович (1990–2024)", "Кудряшов", "старший лейтенант"),
    ("Памяти земляков:\nМл. с-т Гаврилов Олег Петрович (1996–2023)", "Гаврилов", "младший сержант"),
    ("Памяти земляков:\nСт. с-т Лаптев Андрей Викторович (1985–2024)", "Лаптев", "старший сержант"),
    ("Памяти земляков:\nГв. ряд. Шарипов Ильдар Ринатович (2001–2024)", "Шарипов", "гвардии рядовой"),
    ("Погиб ефр. Дмитрий Осипов из Ливен. Прощание пройдёт в субботу.", "Осипов", "ефрейтор"),
]


@pytest.mark.parametrize(("text", "surname", "rank"), RANKS)
def test_rank_abbreviation(text, surname, rank):
    got = extract(text, PUB)
    assert got.relevant, got.reason
    m = next(m for m in got.mentions if m.surname == surname)
    assert m.rank == rank


UNITS = [
    ("До мобилизации Андрей Ветров проходил срочную службу в 76-й дивизии, а в 2023 году подписал контракт и "
     "погиб, служа в 331-м полку.", "Ветров", "331-й полк"),
    ("Сначала Олег Мухин воевал в «Шторме Z», затем продлил контракт и служил в 30-й мотострелковой бригаде. "
     "Погиб 4 мая под Авдеевкой.", "Мухин", "30-я мотострелковая бригада"),
    ("Сергей Пантелеев погиб 12 июня. Он служил в 138 ОМСБр.", "Пантелеев", "138 ОМСБр"),
]


@pytest.mark.parametrize(("text", "surname", "unit"), UNITS)
def test_unit_at_death(text, surname, unit):
    got = extract(text, PUB)
    assert got.relevant, got.reason
    m = next(m for m in got.mentions if m.surname == surname)
    assert m.unit == unit


MORE = [
    ("Рядовой Лев Зотов ушёл в «Барс-7» добровольцем и погиб 3 июня.", "Зотов", "unit", "«Барс-7»"),
    ("Карточка бойца\nКалиев Арман Серикович\nПодразделение: БАРС «Уральск»\nДата гибели: 2025", "Калиев", "unit",
     "БАРС «Уральск»"),
    ("в бою под Бахмутом 12 мая погиб Олег Сомов, ушёл в вагнер из колонии в январе", "Сомов", "unit",
     "ЧВК «Вагнер»"),
    ("Погиб боец интернациональной бригады «Пятнашка» Гурам Кварацхелия.", "Кварацхелия", "unit",
     "интернациональная бригада «Пятнашка»"),
    ("Погиб Эдуард Смирнов, служивший в 126-й бригаде береговой обороны.", "Смирнов", "unit",
     "126-я бригада береговой обороны"),
    ("Андрей Ларин служил в 40-й бригаде морской пехоты Тихоокеанского флота. Погиб 2 февраля.", "Ларин", "unit",
     "40-я бригада морской пехоты"),
    ("Погиб Игорь Бурцев. Он служил с 2019 года и прошёл путь от рядового до старшего сержанта.", "Бурцев", "rank",
     "старший сержант"),
]


@pytest.mark.parametrize(("text", "surname", "field", "value"), MORE)
def test_unit_and_rank_e_classes(text, surname, field, value):
    got = extract(text, PUB)
    assert got.relevant, got.reason
    m = next(m for m in got.mentions if m.surname == surname)
    assert getattr(m, field) == value


CATEGORIES = [
    ("Книга памяти\nСОКОЛОВ Антон Павлович\nПризван: Кирилловским военным комиссариатом, мобилизация (октябрь 2022)\n"
     "Дата гибели: 12.01.2023", "Соколов", "mobilized"),
    ("Погиб Кирилл Фомин. После школы он пошёл по призыву, а затем остался на контракте.", "Фомин", "contract"),
    ("Погиб прапорщик Олег Жданов. Он служил по контракту в войсках национальной гвардии.", "Жданов", "security"),
    ("Погиб Денис Рябцев. Добровольцем ушёл в отряд «БАРС-15», позже заключил контракт и воевал в 3-й бригаде.",
     "Рябцев", "contract"),
    ("Погиб Никита Рощин. Весной он пришёл в пункт отбора на контракт в Перми.", "Рощин", "contract"),
]


@pytest.mark.parametrize(("text", "surname", "category"), CATEGORIES)
def test_category_e_classes(text, surname, category):
    got = extract(text, PUB)
    assert got.relevant, got.reason
    m = next(m for m in got.mentions if m.surname == surname)
    assert m.category == category
