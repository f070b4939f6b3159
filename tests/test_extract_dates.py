"""Dates by role (death, funeral, birth), direction by tense, precision kept, non-dates ignored."""

import pytest

from scrapers.extract import extract, parse_date_value


def one(text, published):
    result = extract(text, published)
    assert result.relevant, result.reason
    assert len(result.mentions) == 1, [m.full_name for m in result.mentions]
    return result.mentions[0]


def test_death_funeral_birth_by_trigger():
    m = one(
        "Младший сержант Алдар Баирович Баиров родился 12 мая 1990 года в Улан-Удэ. В сентябре 2022 года был "
        "мобилизован. Погиб 20 февраля 2024 года в зоне СВО. Прощание состоится 16 марта в 10:00.",
        "2024-03-14T09:30:00+03:00",
    )
    assert (m.birth_date, m.death_date, m.funeral_date) == ("1990-05-12", "2024-02-20", "2024-03-16")
    assert m.evidence["death_date"]["text"] == "20 февраля 2024 года"


def test_yearless_dates_and_tense():
    # Monday 2022-10-31: the death is before publication, the future funeral after it.
    m = one(
        "Житель Магнитогорска Алексей Фёдорович Гусев, мобилизованный 27 сентября, погиб 24 октября в зоне СВО. "
        "Прощание пройдёт в Магнитогорске в пятницу.",
        "2022-10-31T17:00:00+03:00",
    )
    assert (m.death_date, m.funeral_date) == ("2022-10-24", "2022-11-04")


def test_past_weekday_and_year_boundary():
    m = one(
        "В Саратове в минувшую субботу простились с рядовым Дмитрием Лысенко, погибшим 29 декабря в зоне СВО.",
        "2023-01-09T14:00:00+03:00",
    )
    assert (m.death_date, m.funeral_date) == ("2022-12-29", "2023-01-07")


def test_relative_days():
    m = one("Сегодня в селе Цоци-Юрт простились с бойцом Исаевым Ахмедом Вахаевичем. Ахмед погиб вчера в зоне СВО.",
            "2024-01-19T10:00:00+03:00")
    assert (m.death_date, m.funeral_date) == ("2024-01-18", "2024-01-19")


def test_month_precision_is_kept():
    m = one("Житель Тюмени Фаррух Назаров погиб в зоне СВО в январе.", "2024-02-12T11:00:00+03:00")
    assert m.death_date == "2024-01"
    m = one("Рядовой Иван Петров погиб в зоне СВО в июле прошлого года.", "2024-02-12T11:00:00+03:00")
    assert m.death_date == "2023-07"


def test_night_before_and_lifespan():
    m = one("Сергей Николаевич Кравченко погиб в ночь на 21 февраля 2023 года под Угледаром.", "2023-04-03")
    assert m.death_date == "2023-02-21"
    m = one("Погиб в СВО старший сержант Мурадов Магомед Гаджиевич (17.04.1996 – 24.01.2025).", "2025-02-03")
    assert (m.birth_date, m.death_date) == ("1996-04-17", "2025-01-24")
    m = one("В зоне СВО погиб рядовой Шубин Алексей Петрович (1988–2025).", "2025-07-08")
    assert (m.birth_date, m.death_date) == ("1988", "2025")


def test_ages_times_and_counts_are_not_dates():
    m = one(
        "Погиб в зоне СВО рядовой Бондаренко Игорь Васильевич, 1972 г.р. Ему было 22 года. Дата гибели: 12.07.24. "
        "Прощание пройдёт 3 августа в 10:00 по адресу ул. Чернышевского, 88. У него остались дети, 5 и 7 лет.",
        "2024-08-02T09:15:00+03:00",
    )
    assert (m.birth_date, m.death_date, m.funeral_date, m.age) == ("1972", "2024-07-12", "2024-08-03", 22)


def test_mobilisation_and_notification_dates_are_not_death():
    m = one(
        "Колесников Сергей Иванович был призван по частичной мобилизации 3 октября 2022 года. Погиб, по данным "
        "родственников, 14 февраля в зоне СВО, однако извещение семья получила лишь 20 февраля.",
        "2023-03-02",
    )
    assert m.death_date == "2023-02-14"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-20", "2024-02-20"), ("20.02.2024", "2024-02-20"), ("20.02.24", "2024-02-20"),
        ("20 февраля 2024", "2024-02-20"), ("февраль 2024", "2024-02"), ("2024", "2024"), ("1992 г.р.", "1992"),
        ("20 февраля", "2024-02-20"), ("31.02.2024", None), ("22 года", None), ("не известно", None), ("", None),
    ],
)
def test_parse_date_value(value, expected):
    assert parse_date_value(value, published="2024-03-01") == expected


def test_more_date_forms():
    m = one("Рядовой Иван Петров погиб 20-го февраля в зоне СВО. Прощание прошло в конце февраля.", "2024-03-14")
    assert m.death_date == "2024-02-20"
    m = one("Рядовой Иван Петров погиб в зоне СВО в конце декабря.", "2024-01-10")
    assert m.death_date == "2023-12"
    # A funeral in the future tense lies after publication, across the new year.
    m = one("Рядовой Иван Петров погиб в зоне СВО 28 декабря. Похороны состоятся 3 января.", "2023-12-30")
    assert (m.death_date, m.funeral_date) == ("2023-12-28", "2024-01-03")
    # The notification, not the death, is "today"; the vague week stays unknown.
    m = one("Сегодня пришло известие о гибели в зоне СВО рядового Ивана Петрова. Похоронят его на этой неделе.",
            "2024-03-14")
    assert (m.death_date, m.funeral_date) == (None, None)
