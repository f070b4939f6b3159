"""The gazetteer of towns and district centres (db/data/towns_source.txt): coverage, case
forms, and the namesakes that must not give a region without another cue."""

import pytest

from db.regions import (
    REGIONS,
    find_regions,
    lookup_region,
    region_for_settlement,
    settlement_name,
    settlement_regions,
)


def test_every_town_of_russia_is_there():
    towns = {t for r in REGIONS.values() for t in r.towns}
    # Russia has ~1,120 towns with city status; the annexed regions add a few dozen.
    assert len(towns) >= 1_100
    for town in ("Ковылкино", "Камышлов", "Кяхта", "Лиски", "Шумерля", "Бабушкин", "Закаменск", "Гусиноозёрск",
                 "Шагонар", "Чадан", "Буйнакск", "Хасавюрт", "Избербаш", "Урус-Мартан", "Гудермес", "Шали",
                 "Туймазы", "Белорецк", "Сибай", "Бугульма", "Чистополь", "Нурлат"):
        assert town in towns, town


@pytest.mark.parametrize(("form", "nominative", "code"), [
    ("в Кяхте", "Кяхта", "RU-BU"),
    ("из Шумерли", "Шумерля", "RU-CU"),
    ("Ковылкина", "Ковылкино", "RU-MO"),
    ("Мухоршибирью", "Мухоршибирь", "RU-BU"),
    ("в Кызыл-Мажалыке", "Кызыл-Мажалык", "RU-TY"),
    ("из Верхней Хавы", "Верхняя Хава", "RU-VOR"),
    ("в Лисках", "Лиски", "RU-VOR"),
    ("из Валуек", "Валуйки", "RU-BEL"),
    ("в Агинском", "Агинское", "RU-ZAB"),
    ("в Урус-Мартане", "Урус-Мартан", "RU-CE"),
    ("Кущёвской", "Кущёвская", "RU-KDA"),
])
def test_case_forms_give_the_nominative_and_region(form, nominative, code):
    assert settlement_name(form) == nominative
    assert region_for_settlement(form) == code


@pytest.mark.parametrize("name", ["Давыдовка", "Каменка", "Михайловка", "Карабаш", "Советский", "Никольск"])
def test_namesakes_need_a_hint(name):
    assert settlement_regions(name)
    assert region_for_settlement(name) is None
    assert lookup_region(name) is None
    assert not [h for h in find_regions(f"Он жил в {name}е, потом переехал.") if h.kind == "settlement"]


def test_a_hint_picks_the_namesake():
    assert region_for_settlement("Давыдовка", "Воронежская область") == "RU-VOR"
    assert region_for_settlement("Карабаше", "RU-TA") == "RU-TA"
    assert region_for_settlement("Карабаше", "RU-CHE") == "RU-CHE"


def test_a_case_form_shared_by_two_names_goes_to_the_nominative_or_the_town():
    # «Азова» is Азов (Rostov) — not the Omsk village Азово; «Знаменском» is the town Знаменск.
    assert region_for_settlement("Азова") == "RU-ROS"
    assert settlement_name("Знаменском") == "Знаменск"


def test_villages_found_in_free_text_with_lower_strength():
    hits = find_regions("Прощание прошло в селе Мухоршибирь, а похоронили его в Кяхте.")
    assert [(h.text, h.code, h.strength) for h in hits] == [("Мухоршибирь", "RU-BU", 0.7), ("Кяхте", "RU-BU", 0.8)]


def test_region_adjective_is_not_shadowed_by_a_village():
    # «Ленинградская», «Кировское» are left out: the region adjective keeps its meaning.
    assert lookup_region("Ленинградская область").code == "RU-LEN"
    assert settlement_regions("Ленинградская") == ()
