"""Relevance is decided by what the text says about the dead man, not by a keyword anywhere."""

import pytest

from scrapers.extract import extract

PUB = "2024-08-20T10:00:00+03:00"

RELEVANT = [
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
