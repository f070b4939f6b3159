"""Gazetteer additions of session 8: plural names in -и decline, an unknown masculine noun after an adjective
declines, village names shared by many regions give no region alone, city-status towns no village list names."""

import pytest

from db import regions


@pytest.mark.parametrize(("form", "town", "code"), [
    ("Дюртюлей", "Дюртюли", "RU-BA"),        # a plural in -и after a soft consonant
    ("Дюртюлях", "Дюртюли", "RU-BA"),
    ("Нижних Серёг", "Нижние Серги", "RU-SVE"),  # a fleeting vowel pymorphy does not insert
    ("Нижнем Бестяхе", "Нижний Бестях", "RU-SA"),  # an unknown noun after a declined adjective
    ("Верхнего Бестяха", None, None),         # (no such town: nothing is guessed for it)
])
def test_oblique_forms_s8(form, town, code):
    assert regions.settlement_name(form, oblique=True) == town
    assert regions.region_for_settlement(form) == code


@pytest.mark.parametrize("name", ["Берёзовка", "Знаменка", "Успенка", "Романовка", "Дмитриевка", "Солнечный",
                                  "Подгорное", "Яковлевка", "Выселки", "Ленино"])
def test_common_village_names_need_a_hint_s8(name):
    codes = regions.settlement_regions(name)
    assert codes  # still known as a place …
    assert regions.region_for_settlement(name) is None  # … but alone it names no region
    assert regions.region_for_settlement(name, codes[0]) == codes[0]  # a hint in the text decides


@pytest.mark.parametrize(("name", "city"), [("Октябрьский", True), ("Шуя", True), ("Кинешма", True),
                                             ("Кижинга", False), ("Агинское", False), ("Забайкальск", False),
                                             ("Шафеево", False)])
def test_is_city_s8(name, city):
    assert regions.is_city(name) is city


@pytest.mark.parametrize(("word", "town", "code"), [("коломчанин", "Коломна", "RU-MOS"),
                                                    ("серпуховичи", "Серпухов", "RU-MOS"),
                                                    ("миасец", "Миасс", "RU-CHE")])
def test_demonyms_s8(word, town, code):
    assert regions.demonym_town(word) == (town, code)
