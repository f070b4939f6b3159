"""A month name inside a longer word is a place or a name, not a date (fresh sentences, session 7)."""

import pytest

from scrapers.extract import extract

PUBLISHED = "2024-04-10"


@pytest.mark.parametrize("text", [
    "Прощание с рядовым Иваном Котовым, погибшим в зоне СВО, прошло в Октябрьском.",
    "В Майском простились с Алексеем Орловым, погибшим в зоне СВО.",
    "Похороны бойца Ильи Мартова, погибшего на СВО, прошли в Мартовском сельсовете.",
    "Житель посёлка Октябрьский Сергей Гусев погиб в зоне СВО. Похоронили его в Октябрьском.",
    "В селе Майское Кабардино-Балкарии похоронили сержанта Руслана Тлостанова, погибшего в зоне СВО.",
    "На Январском кладбище простились с ефрейтором Павлом Зиминым, погибшим в зоне специальной военной операции.",
])
def test_a_place_named_after_a_month_dates_nothing(text: str) -> None:
    result = extract(text, PUBLISHED)
    assert result.relevant
    (mention,) = result.mentions
    assert mention.funeral_date is None
    assert mention.death_date is None


@pytest.mark.parametrize(("text", "funeral"), [
    ("Рядового Ивана Котова, погибшего в зоне СВО, похоронили в Октябрьском в марте.", "2024-03"),
    ("В Майском в феврале простились с Алексеем Орловым, погибшим в зоне СВО.", "2024-02"),
    ("Ефрейтора Павла Зимина, погибшего в зоне СВО, похоронили в октябре прошлого года в Мартовском.", "2023-10"),
])
def test_the_month_word_beside_such_a_place_still_dates(text: str, funeral: str) -> None:
    (mention,) = extract(text, PUBLISHED).mentions
    assert mention.funeral_date == funeral
