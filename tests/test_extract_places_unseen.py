"""Home region and settlement on fresh sentences (session 4): a town with its region after it, oblique cases,
place of death or burial elsewhere, school and district cues. Written for this file, not taken from gold."""

import pytest

from scrapers.extract import extract

PUB = "2024-09-20T12:00:00+03:00"

CASES = [
    # (text, surname, region, settlement)
    ("Прощание с рядовым Денисом Ушаковым, уроженцем г. Сальск Ростовской области, погибшим в зоне СВО, пройдёт "
     "в воскресенье.", "Ушаков", "RU-ROS", "Сальск"),
    ("Погиб житель Бугульмы Марат Шакиров. Он служил по контракту.", "Шакиров", "RU-TA", "Бугульма"),
    ("Уроженец села Кырен Тункинского района Баир Очиров погиб в зоне СВО.", "Очиров", "RU-BU", "Кырен"),
    ("Житель Ишима Кирилл Пестов погиб в Курской области.", "Пестов", "RU-TYU", "Ишим"),
    ("Погиб кузбассовец Антон Ершов, мобилизованный осенью 2022 года.", "Ершов", "RU-KEM", None),
    ("В Новом Уренгое простились с Андреем Кравцовым, погибшим в зоне СВО.", "Кравцов", "RU-YAN", "Новый Уренгой"),
    ("Мобилизованный из Старого Оскола Игорь Белоусов погиб под Кременной.", "Белоусов", "RU-BEL", "Старый Оскол"),
    ("Житель Шадринска Сергей Кутепов погиб в зоне СВО. Соболезнования семье выразил губернатор Курганской "
     "области Вадим Шумков.", "Кутепов", "RU-KGN", "Шадринск"),
    ("Житель Тынды Роман Бойко погиб под Купянском. Похоронят бойца на родине, в Хабаровском крае.", "Бойко",
     "RU-AMU", "Тында"),
    ("Погиб уроженец Кизильского района Сергей Валов.", "Валов", "RU-CHE", None),
    ("В станице Каневской простились с добровольцем Алексеем Гречко, погибшим в зоне СВО.", "Гречко", "RU-KDA",
     "Каневская"),
    ("Уроженец Шагонара Начын Ооржак погиб при выполнении боевой задачи.", "Ооржак", "RU-TY", "Шагонар"),
    ("Погиб житель Петровска-Забайкальского Артём Гусев.", "Гусев", "RU-ZAB", "Петровск-Забайкальский"),
    ("Житель Йошкар-Олы Павел Ямбаршев погиб в зоне СВО.", "Ямбаршев", "RU-ME", "Йошкар-Ола"),
    ("Уроженец Печор Псковской области Илья Сёмин погиб в зоне специальной военной операции.", "Сёмин", "RU-PSK",
     "Печоры"),
    ("Выпускник средней школы № 3 города Никольска Олег Лапин погиб в зоне СВО.", "Лапин", None, "Никольск"),
    # (two towns Никольск, in Vologda and Penza regions: no region without another cue)
    ("Житель Караидели Вадим Нуриев погиб в зоне СВО.", "Нуриев", "RU-BA", "Караидель"),
    ("Уроженец Старой Руссы Антон Ефимов погиб в бою под Авдеевкой.", "Ефимов", "RU-NGR", "Старая Русса"),
    ("Житель Переславля-Залесского Максим Зотов погиб в зоне СВО.", "Зотов", "RU-YAR", "Переславль-Залесский"),
    ("Мобилизованный Денис Рогов из Краснодарского края погиб под Кременной в ЛНР.", "Рогов", "RU-KDA", None),
    ("Погиб житель посёлка Приобье Октябрьского района Югры Степан Кулик.", "Кулик", "RU-KHM", "Приобье"),
]


@pytest.mark.parametrize(("text", "surname", "region", "settlement"), CASES)
def test_home_place(text, surname, region, settlement):
    got = extract(text, PUB)
    assert got.relevant, got.reason
    m = next(m for m in got.mentions if m.surname == surname)
    assert (m.region, m.settlement) == (region, settlement)


# Classes found on the e_* batch, each on a text written for this file.
MORE = [
    # a card field with the region after the town
    ("Книга памяти\nПОПОВ Игорь Сергеевич\nМесто жительства: г. Сальск Ростовской области\nПогиб: март 2024, "
     "Запорожская область", "Попов", "RU-ROS", "Сальск"),
    # the body brought home, the cemetery: the only place named
    ("Тело младшего сержанта Кирилла Зайцева, погибшего под Авдеевкой, доставили в Белорецк только через "
     "два месяца.", "Зайцев", "RU-BA", "Белорецк"),
    ("Спасибо всем, кто проводил нашего Мишу на кладбище в Кинешме. Михаил Гребнев погиб в зоне СВО 3 мая.",
     "Гребнев", "RU-IVA", "Кинешма"),
    # a town alone on a line heads the items under it
    ("Кого Удмуртия потеряла в марте\n\nСарапул\nАлексей Иванович Шутов, 41 год, мобилизованный, погиб 2 марта.\n\n"
     "Можга\nРоман Петрович Лекомцев, 27 лет, контрактник, погиб 11 марта.", "Лекомцев", "RU-UD", "Можга"),
    # the town that buries him beats the outlet's dateline
    ("Курган.\n\nВчера на кладбище «Рябково» похоронили Олега Шмакова, бойца СВО.\n\nА сегодня Шадринск простился "
     "с 40-летним Виктором Логиновым, погибшим в зоне СВО.", "Логинов", "RU-KGN", "Шадринск"),
]


@pytest.mark.parametrize(("text", "surname", "region", "settlement"), MORE)
def test_home_place_e_classes(text, surname, region, settlement):
    got = extract(text, PUB)
    assert got.relevant, got.reason
    m = next(m for m in got.mentions if m.surname == surname)
    assert (m.region, m.settlement) == (region, settlement)


MORE_E2 = [
    # an old war he went through is not his home; a region followed by the death verb is where he died
    ("Не стало нашего земляка Петра Горохова из Лихославля. Пётр прошёл Чечню, а в 2024 году подписал контракт. "
     "Погиб 3 мая под Угледаром.", "Горохов", "RU-TVE", "Лихославль"),
    ("Сегодня пришло известие: в Запорожской области погиб Ахмед Исаев из Гудермеса.", "Исаев", "RU-CE",
     "Гудермес"),
    # the region two words after the village, past its district
    ("Ислам Утебаев, уроженец села Джанай Красноярского района Астраханской области, погиб 2 июня. До армии он "
     "работал вахтой в Якутии.", "Утебаев", "RU-AST", "Джанай"),
    # the employer that calls him its worker; the school whose staff posts
    ("Коллектив Новочеркасского завода синтетических продуктов скорбит о гибели нашего сотрудника, оператора "
     "Ильи Гончарова, погибшего в зоне СВО.", "Гончаров", "RU-ROS", "Новочеркасск"),
    ("ПАМЯТЬ\n\nПедагогический коллектив Белохолуницкой средней школы № 1 скорбит: погиб выпускник 2012 года "
     "Артём Зорин.", "Зорин", "RU-KIR", "Белая Холуница"),
    # an official of another region speaks; the man named right after «жителя X» is X's
    ("Губернатор Курской области Алексей Смирнов выразил соболезнования семье погибшего жителя Белгорода Игоря "
     "Лунина.", "Лунин", "RU-BEL", "Белгород"),
    # a home the text names («родом из») beats the outlet's dateline, which still gives the region
    ("Вилюйск. Вчера простились с Николаем Егоровым, погибшим в зоне СВО. Николай был родом из села Тылгыны.",
     "Егоров", "RU-SA", "Тылгыны"),
    # a district written in lower case, as in a hurried post
    ("Сегодня похоронили нашего Артёма Лукина, погиб под Часовым Яром. прощание было в клубе села Ивановка "
     "чердаклинского района", "Лукин", "RU-ULY", "Ивановка"),
]


@pytest.mark.parametrize(("text", "surname", "region", "settlement"), MORE_E2)
def test_home_place_e2_classes(text, surname, region, settlement):
    got = extract(text, PUB)
    assert got.relevant, got.reason
    m = next(m for m in got.mentions if m.surname == surname)
    assert (m.region, m.settlement) == (region, settlement)
