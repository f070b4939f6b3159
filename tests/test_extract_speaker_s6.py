"""A verb of speaking after a name makes him a speaker only when he is not already the subject of a death verb
before him: «погиб рядовой Евгений Мухин, сообщили в администрации» is the news of his death, reported by others.
Fresh sentences written for this test; expected values written before the extractor was run on them."""

import pytest

from scrapers.extract import extract

DEAD_THEN_REPORTED = [
    "В зоне СВО погиб рядовой Евгений Мухин, сообщили в администрации.",
    "В ходе специальной военной операции погиб Артур Гайнуллин, сообщает пресс-служба района.",
    "В зоне СВО погиб наш земляк, ефрейтор Олег Ступин, сообщил глава района Андрей Котов.",
    "При выполнении боевой задачи погиб младший сержант Денис Ахмедов, рассказали в военкомате.",
]


@pytest.mark.parametrize("text", DEAD_THEN_REPORTED)
def test_the_subject_of_the_death_verb_is_not_the_speaker(text: str) -> None:
    result = extract(text, "2024-03-20").to_dict()
    assert result["relevant"], result["reason"]
    surnames = {m["surname"] for m in result["mentions"]}
    assert len(surnames) == 1
    assert surnames & {"Мухин", "Гайнуллин", "Ступин", "Ахмедов"}
    assert "Котов" not in surnames  # the head of the district who reported it is alive


def test_a_speaker_before_the_death_is_still_alive() -> None:
    text = ("Глава района Андрей Котов сообщил, что в зоне СВО погиб рядовой Олег Ступин. "
            "Андрей Котов, выступая на митинге, выразил соболезнования семье.")
    surnames = {m["surname"] for m in extract(text, "2024-03-20").to_dict()["mentions"]}
    assert surnames == {"Ступин"}


# «Житель Чечни» is a home region, not the Chechen wars; a death in Chechnya in 1995 still is.
@pytest.mark.parametrize(("text", "relevant"), [
    ("Житель Чечни Ахмед Далаев погиб в зоне СВО.", True),
    ("Уроженец Чечни рядовой Ахмед Далаев погиб в зоне СВО.", True),
    ("Глава Чечни выразил соболезнования: в зоне СВО погиб боец «Ахмата» Ислам Гериев.", True),
    ("В 1995 году в Чечне погиб рядовой Олег Сомов. В школе открыли мемориальную доску.", False),
])
def test_chechnya_as_a_home_region(text: str, relevant: bool) -> None:
    assert extract(text, "2024-03-20").relevant is relevant
