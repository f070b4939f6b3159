"""Gazetteer additions of session 6: districts whose adjective leads to no town (Yakut uluses, Tuvan kozhuuns,
districts of the republics and the Far East), district names several regions share, and a form that is one
town's nominative and another town's genitive."""

from db.regions import district_region_code, region_for_settlement, settlement_name, settlement_regions


def test_listed_districts_name_their_region():
    assert district_region_code("Мегино-Кангалас") == (True, "RU-SA")
    assert district_region_code("Дзун-Хемчик") == (True, "RU-TY")
    assert district_region_code("Малопургин") == (True, "RU-UD")
    assert district_region_code("Маймин") == (True, "RU-AL")


def test_shared_district_names_name_no_region():
    assert district_region_code("Киров") == (True, None)
    assert district_region_code("Ленин") == (True, None)
    assert district_region_code("Холм") == (True, None)


def test_unlisted_district_is_unknown():
    assert district_region_code("Стерлитамак") == (False, None)


def test_oblique_form_of_a_town_that_is_another_towns_nominative():
    assert settlement_name("Печоры") == "Печоры"
    assert settlement_name("Печоры", oblique=True) == "Печора"
    assert region_for_settlement("Печора") == "RU-KO"
    # an indeclinable name is not read as a village's genitive
    assert settlement_name("Шали", oblique=True) == "Шали"


def test_rear_towns_of_the_dpr_and_lpr():
    assert settlement_regions("Краснодона") == ("UA-09",)
    assert settlement_regions("Амвросиевки") == ("UA-14",)
    assert region_for_settlement("Старобельск") == "UA-09"
