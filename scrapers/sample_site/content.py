"""The sample site's content: synthetic people, and the pages that mention them.

Every person here is invented. The pages imitate what nekrolog reads in the
wild — a regional news site (UTF-8, RSS + paginated listing), a second one in
windows-1251 reached through a sitemap index, a head of district's Telegram
channel, a district administration's VK wall and a 'book of memory' site —
so that several persons appear on two or three sources, as in real data.

``PERSONS`` is the ground truth; ``build_manifest()`` turns it and the pages
into ``manifest.json``, which tests and ``nekrolog demo`` check results against.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --------------------------------------------------------------------------- persons

#: The truth about every dead person on the site. ``region`` is the home region
#: (ISO 3166-2), ``category`` a nekrolog category code.
PERSONS: dict[str, dict] = {
    "P01": dict(surname="Кузнецов", first_name="Алексей", patronymic="Николаевич", birth_date="1987-04-12",
                death_date="2023-10-03", funeral_date="2023-10-14", region="RU-PER", category="mobilized"),
    "P02": dict(surname="Шилов", first_name="Дмитрий", patronymic="Сергеевич", birth_date="1995",
                death_date="2023-11-20", funeral_date="2023-12-02", region="RU-PER", category="contract"),
    "P03": dict(surname="Пономарёв", first_name="Евгений", patronymic="Викторович", birth_date="1979-08-30",
                death_date="2024-01-15", funeral_date="2024-01-27", region="RU-PER", category="volunteer"),
    "P04": dict(surname="Мехоношин", first_name="Игорь", patronymic="Павлович", birth_date="1991",
                death_date="2024-02", funeral_date="2024-03-05", region="RU-PER", category="mobilized"),
    "P05": dict(surname="Иванов", first_name="Сергей", patronymic="Александрович", birth_date="1984-02-11",
                death_date="2023-12-09", funeral_date="2023-12-16", region="RU-PER", category="mobilized"),
    "P06": dict(surname="Иванов", first_name="Сергей", patronymic="Александрович", birth_date="1992-07-23",
                death_date="2024-03-18", funeral_date="2024-03-29", region="RU-BA", category="contract"),
    "P07": dict(surname="Хабибуллин", first_name="Рамиль", patronymic="Ринатович", birth_date="1990-05-05",
                death_date="2023-09-14", funeral_date="2023-09-26", region="RU-BA", category="mobilized"),
    "P08": dict(surname="Гарипов", first_name="Айдар", patronymic="Фанилевич", birth_date="1998",
                death_date="2024-04-02", funeral_date="2024-04-12", region="RU-BA", category="contract"),
    "P09": dict(surname="Сафин", first_name="Ильдар", patronymic="Маратович", birth_date="1976-11-01",
                death_date="2023-08", funeral_date="2023-09-02", region="RU-BA", category="prisoner"),
    "P10": dict(surname="Баранов", first_name="Николай", patronymic="Игоревич", birth_date="1985",
                death_date="2023-05-20", funeral_date="2023-06-01", region="RU-PER", category="pmc"),
    "P11": dict(surname="Ожгибесов", first_name="Вадим", patronymic="Андреевич", birth_date="1993-03-03",
                death_date="2024-06-07", funeral_date="2024-06-15", region="RU-PER", category="volunteer"),
    "P12": dict(surname="Зубарев", first_name="Павел", patronymic="Олегович", birth_date="2003",
                death_date="2024-08-06", funeral_date="2024-08-17", region="RU-PER", category="conscript"),
    "P13": dict(surname="Чернышёв", first_name="Антон", patronymic="Валерьевич", birth_date="1988",
                death_date="2024-02-20", funeral_date="2024-03-01", region="RU-PER", category="mobilized"),
    "P14": dict(surname="Галиев", first_name="Руслан", patronymic="Азатович", birth_date="1996-09-09",
                death_date="2024-07", funeral_date="2024-07-30", region="RU-BA", category="contract"),
    "P15": dict(surname="Лобанов", first_name="Максим", patronymic="Юрьевич", birth_date="1982",
                death_date="2023-10-27", funeral_date="2023-11-08", region="RU-PER", category="mobilized"),
    "P16": dict(surname="Тетерин", first_name="Константин", patronymic="Евгеньевич", birth_date="1975-01-19",
                death_date="2024-09-12", funeral_date=None, region="RU-PER", category="volunteer"),
    "P17": dict(surname="Ахмадуллин", first_name="Тимур", patronymic="Ильгизович", birth_date="1999",
                death_date="2024-10-05", funeral_date="2024-10-15", region="RU-BA", category="contract"),
    "P18": dict(surname="Поздеев", first_name="Роман", patronymic="Александрович", birth_date="1986",
                death_date="2023-12-25", funeral_date="2024-01-09", region="RU-PER", category="mobilized"),
    "P19": dict(surname="Морозов", first_name="Андрей", patronymic="Викторович", birth_date="1989-11-02",
                death_date="2024-04", funeral_date="2024-04-20", region="RU-PER", category="mobilized"),
    "P20": dict(surname="Суслов", first_name="Виктор", patronymic="Геннадьевич", birth_date="1972",
                death_date="2024-11-03", funeral_date="2024-11-12", region="RU-PER", category="mobilized"),
    "P21": dict(surname="Юсупов", first_name="Ринат", patronymic="Ильдусович", birth_date="1994-12-01",
                death_date="2024-01-30", funeral_date=None, region="RU-BA", category="contract"),
}

#: Two different men with the same full name (different birth dates and regions):
#: matching must keep them apart.
NAMESAKES = [("P05", "P06")]

#: One man whom a Telegram post names without patronymic and with his home
#: district, and whose memorial card gives his birthplace in another region: the
#: two mentions agree on name and month only, so only a reviewer who reads both
#: can decide. The truth is that they are the same man.
HUMAN_ONLY_PAIRS = [
    {"person": "P19", "pages": ["/t/chaykovsky_glava/118", "/memorial/person/19.html"], "truth": "same"},
]


# --------------------------------------------------------------------------- pages


@dataclass
class Article:
    site: str  # 'news1' or 'news2'
    slug: str
    title: str
    published: str  # ISO datetime with offset
    paragraphs: list[str]
    persons: list[str] = field(default_factory=list)
    summary: str = ""

    @property
    def path(self) -> str:
        if self.site == "news1":
            return f"/news1/news/{self.published[:4]}/{self.published[5:7]}/{self.slug}.html"
        return f"/news2/articles/{self.slug}.html"


NEWS1 = [
    Article("news1", "chaykovskiy-prostitsya-s-kuznetsovym", "В Чайковском простятся с мобилизованным Алексеем Кузнецовым",
            "2023-10-13T09:15:00+05:00", [
                "Прощание с мобилизованным жителем Чайковского Алексеем Николаевичем Кузнецовым пройдёт 14 октября в 11:00 в ДК «Энергетик».",
                "Как сообщили в администрации округа, Алексей Кузнецов 1987 года рождения погиб 3 октября 2023 года в ходе специальной военной операции. Он был призван по частичной мобилизации осенью прошлого года.",
                "До мобилизации Алексей работал электромонтёром на Воткинской ГЭС. У него остались жена и двое детей.",
            ], ["P01"], "Алексей Кузнецов погиб в зоне СВО 3 октября."),
    Article("news1", "vechnaya-pamyat-dmitriy-shilov", "Вечная память: в зоне СВО погиб Дмитрий Шилов из Осы",
            "2023-11-30T14:40:00+05:00", [
                "В зоне специальной военной операции погиб 28-летний военнослужащий по контракту Дмитрий Сергеевич Шилов из Осы.",
                "Дмитрий 1995 года рождения окончил Осинский аграрный техникум, в 2022 году заключил контракт с Министерством обороны. Он погиб 20 ноября 2023 года.",
                "Похороны состоятся 2 декабря на городском кладбище Осы. Глава округа выразил соболезнования родным и близким.",
            ], ["P02"], "Контрактник из Осы погиб 20 ноября."),
    Article("news1", "v-kudymkare-prostilis-s-mehonoshinym", "В Кудымкаре простились с погибшим Игорем Мехоношиным",
            "2024-03-05T18:05:00+05:00", [
                "Сегодня, 5 марта, в Кудымкаре простились с Игорем Павловичем Мехоношиным, погибшим в феврале 2024 года в зоне СВО.",
                "Игорь родился в 1991 году в Кудымкаре, был мобилизован в сентябре 2022 года. Проводить земляка пришли сотни людей.",
            ], ["P04"], "Мобилизованный Игорь Мехоношин погиб в феврале."),
    Article("news1", "srochnik-zubarev-pogib-v-kurskoy-oblasti", "Срочник из Нытвы погиб в Курской области",
            "2024-08-15T10:30:00+05:00", [
                "Военнослужащий срочной службы Павел Олегович Зубарев из Нытвы погиб 6 августа 2024 года при отражении атаки ВСУ в Курской области.",
                "Павлу был 21 год. Он родился в 2003 году, окончил нытвенскую школу №1 и был призван на срочную службу весной 2023 года.",
                "Прощание пройдёт 17 августа в Нытве.",
            ], ["P12"], "Павлу Зубареву был 21 год."),
    Article("news1", "v-nytve-pohoronyat-maksima-lobanova", "В Нытве похоронят погибшего на СВО Максима Лобанова",
            "2023-11-07T08:00:00+05:00", [
                "Мобилизованный житель Нытвы Максим Юрьевич Лобанов (1982 г.р.) погиб 27 октября 2023 года в ходе специальной военной операции.",
                "Церемония прощания состоится 8 ноября в 12:00 в Нытвенском центре досуга.",
            ], ["P15"], "Максим Лобанов был мобилизован в 2022 году."),
    Article("news1", "pamyati-romana-pozdeeva", "Памяти Романа Поздеева: чайковцы простились с земляком",
            "2024-01-09T16:20:00+05:00", [
                "9 января в Чайковском простились с Романом Александровичем Поздеевым. Мобилизованный чайковец погиб 25 декабря 2023 года в зоне СВО.",
                "Роману было 37 лет, он родился в 1986 году. Его похоронили на Завокзальном кладбище.",
            ], ["P18"], "Роман Поздеев погиб 25 декабря."),
    Article("news1", "viktor-suslov-pogib-v-zone-svo", "В зоне СВО погиб 52-летний Виктор Суслов из Очёра",
            "2024-11-11T12:00:00+05:00", [
                "Мобилизованный Виктор Геннадьевич Суслов из Очёра погиб 3 ноября 2024 года. Ему было 52 года.",
                "Прощание с Виктором Сусловым пройдёт 12 ноября в 10:00 в Очёрском доме культуры.",
            ], ["P20"], "Виктор Суслов был мобилизован в 2022 году."),
    # Irrelevant pages: a civilian death the keyword filter lets through (extraction
    # must judge it irrelevant), and city news the keyword filter skips.
    Article("news1", "v-pozhare-pogib-pensioner", "В пожаре в Краснокамске погиб пенсионер",
            "2024-02-12T07:45:00+05:00", [
                "В ночь на 12 февраля в Краснокамске загорелся частный дом на улице Калинина. В пожаре погиб 74-летний хозяин дома.",
                "Причиной пожара, по предварительной версии, стала неисправная электропроводка.",
            ]),
    Article("news1", "remont-dorog-2024", "В Перми начался ремонт дорог по нацпроекту",
            "2024-05-14T11:00:00+05:00", [
                "В 2024 году в Перми отремонтируют 38 участков дорог. Работы начались на шоссе Космонавтов.",
            ]),
    Article("news1", "molot-pobeda", "«Молот» обыграл «Нефтяника» в овертайме",
            "2024-03-02T21:30:00+05:00", [
                "Пермский «Молот» в овертайме обыграл альметьевский «Нефтяник» со счётом 3:2.",
            ]),
    Article("news1", "den-pobedy-v-chaykovskom", "Как в Чайковском отметили День Победы",
            "2024-05-09T19:00:00+05:00", [
                "В Чайковском прошёл «Бессмертный полк». Жители вспомнили земляков, погибших в Великой Отечественной войне 1941–1945 годов.",
                "Почётный караул у Вечного огня несли школьники.",
            ]),
]

NEWS2 = [
    Article("news2", "2024-0328-ivanov", "В Стерлитамаке простились с Сергеем Ивановым",
            "2024-03-28T17:10:00+05:00", [
                "29 марта в Стерлитамаке простятся с Сергеем Александровичем Ивановым, 1992 года рождения, погибшим 18 марта 2024 года в ходе СВО.",
                "Сергей служил по контракту с 2023 года. Он окончил Стерлитамакский многопрофильный профессиональный колледж.",
            ], ["P06"], "Контрактник погиб 18 марта."),
    Article("news2", "2023-0925-habibullin", "Мобилизованный из Белебея Рамиль Хабибуллин погиб на Украине",
            "2023-09-25T09:00:00+05:00", [
                "В ходе специальной военной операции погиб мобилизованный житель Белебеевского района Рамиль Ринатович Хабибуллин.",
                "Рамиль родился 5 мая 1990 года. Он погиб 14 сентября 2023 года. Похороны пройдут 26 сентября в селе Аксаково.",
            ], ["P07"]),
    Article("news2", "2024-0411-garipov", "Айдар Гарипов погиб в зоне спецоперации",
            "2024-04-11T13:25:00+05:00", [
                "Военнослужащий по контракту Айдар Фанилевич Гарипов из Туймазинского района погиб 2 апреля 2024 года. Ему было 26 лет (1998 г.р.).",
                "Проводить Айдара в последний путь можно будет 12 апреля в Туймазах.",
            ], ["P08"]),
    Article("news2", "2023-0901-safin", "В Ишимбае похоронят бойца «Шторм Z» Ильдара Сафина",
            "2023-09-01T15:00:00+05:00", [
                "Ильдар Маратович Сафин, 1976 года рождения, погиб в августе 2023 года. Он отбывал наказание в исправительной колонии и заключил контракт, попав в отряд «Шторм Z».",
                "Прощание с Ильдаром Сафиным состоится 2 сентября в Ишимбае.",
            ], ["P09"]),
    Article("news2", "2024-0729-galiev", "В Нефтекамске простятся с Русланом Галиевым",
            "2024-07-29T10:00:00+05:00", [
                "30 июля в Нефтекамске простятся с контрактником Русланом Азатовичем Галиевым. Руслан погиб в июле 2024 года в зоне СВО.",
                "Он родился 9 сентября 1996 года, до службы работал на заводе.",
            ], ["P14"]),
    Article("news2", "2024-1014-ahmadullin", "Погиб уроженец Октябрьского Тимур Ахмадуллин",
            "2024-10-14T11:40:00+05:00", [
                "В ходе специальной военной операции 5 октября 2024 года погиб 25-летний Тимур Ильгизович Ахмадуллин из Октябрьского.",
                "Тимур служил по контракту. Похороны пройдут 15 октября.",
            ], ["P17"]),
    Article("news2", "2024-0603-dtp-sterlitamak", "ДТП под Стерлитамаком: погиб водитель легковушки",
            "2024-06-03T08:30:00+05:00", [
                "На трассе Стерлитамак — Салават столкнулись «Лада Гранта» и грузовик. Водитель легковушки погиб на месте.",
            ]),
    Article("news2", "2024-0520-remont-ufa", "В Уфе отремонтируют проспект Октября",
            "2024-05-20T12:00:00+05:00", [
                "Ремонт проспекта Октября в Уфе завершат к сентябрю, сообщили в мэрии.",
            ]),
]

#: Special news1 pages, linked from the listing: each exercises one failure mode.
BROKEN_NEWS1 = {
    "slow": "/news1/news/2024/06/medlennaya-stranitsa.html",
    "error": "/news1/news/2024/06/oshibka-servera.html",
    "oversized": "/news1/news/2024/06/ogromnaya-stranitsa.html",
    "malformed": "/news1/news/2024/06/slomannaya-stranitsa.html",
}
FORBIDDEN_PATH = "/news1/private/chernovik-1.html"

# --------------------------------------------------------------------------- telegram

TELEGRAM_CHANNEL = "chaykovsky_glava"
TELEGRAM_TITLE = "Глава Чайковского городского округа"

#: (post id, ISO datetime, text, persons). Newest last, as on t.me.
TELEGRAM_POSTS: list[tuple[int, str, str, list[str]]] = [
    (101, "2023-05-31T10:00:00+00:00",
     "С глубокой скорбью сообщаю, что в зоне специальной военной операции погиб наш земляк Баранов Николай Игоревич, 1985 года рождения. Николай воевал в составе ЧВК «Вагнер» и погиб 20 мая 2023 года под Бахмутом. Прощание состоится 1 июня. Выражаю искренние соболезнования родным и близким.", ["P10"]),
    (102, "2023-06-05T07:30:00+00:00", "Уважаемые жители! С 5 июня начинается плановое отключение горячей воды в микрорайоне Сайгатка. Графики на сайте администрации.", []),
    (103, "2023-07-14T12:00:00+00:00", "Поздравляю выпускников чайковских школ! 12 ребят получили медали «За особые успехи в учении».", []),
    (104, "2023-09-01T06:00:00+00:00", "С Днём знаний! Сегодня за парты сели 1 340 первоклассников округа.", []),
    (105, "2023-10-12T13:20:00+00:00",
     "Пришла горькая весть. В ходе СВО 3 октября погиб мобилизованный Кузнецов Алексей Николаевич. Алексею было 36 лет. Прощание пройдёт 14 октября в ДК «Энергетик». Вечная память герою.", ["P01"]),
    (106, "2023-11-15T09:00:00+00:00", "На набережной завершён первый этап благоустройства. Спасибо всем, кто голосовал за проект.", []),
    (107, "2023-12-15T11:45:00+00:00",
     "Скорбим. В зоне СВО 9 декабря погиб Иванов Сергей Александрович, 11.02.1984 г.р., мобилизованный. Прощание с Сергеем пройдёт 16 декабря в 12:00 в ритуальном зале на ул. Ленина. Соболезнования семье.", ["P05"]),
    (108, "2023-12-29T08:00:00+00:00", "С наступающим Новым годом, дорогие чайковцы!", []),
    (109, "2024-01-07T10:10:00+00:00",
     "В зоне специальной военной операции 25 декабря погиб мобилизованный Роман Александрович Поздеев, 1986 г.р. Прощание пройдёт 9 января. Светлая память.", ["P18"]),
    (110, "2024-01-20T07:00:00+00:00", "Из-за морозов занятия в школах 1–6 классов отменены.", []),
    (111, "2024-01-26T15:30:00+00:00",
     "С болью сообщаю о гибели нашего земляка-добровольца Пономарева Евгения Викторовича, 30.08.1979 г.р. Евгений погиб 15 января 2024 года. Прощание 27 января в 11:00.", ["P03"]),
    (112, "2024-02-10T09:00:00+00:00", "Лыжня России в Чайковском собрала более 3 тысяч участников!", []),
    (113, "2024-02-29T12:00:00+00:00",
     "Погиб мобилизованный Чернышёв Антон Валерьевич (1988 г.р.). Антон погиб 20 февраля 2024 года, выполняя боевую задачу. Прощание состоится 1 марта. Выражаю соболезнования родным.", ["P13"]),
    (114, "2024-03-15T10:00:00+00:00", "Напоминаю: 15–17 марта выборы Президента России. Участки открыты с 8 до 20 часов.", []),
    (115, "2024-03-30T08:00:00+00:00", "Субботник на набережной: приглашаем всех 20 апреля.", []),
    (116, "2024-04-10T06:00:00+00:00", "Паводок: уровень воды в Каме в норме, ситуация на контроле.", []),
    (117, "2024-04-15T11:00:00+00:00", "В центре «Огни Сайгатки» открылась выставка детского рисунка.", []),
    (118, "2024-04-19T14:00:00+00:00",
     "Тяжёлая утрата. В зоне СВО погиб Андрей Морозов, ему было 34 года. Андрей жил в Чайковском, был мобилизован осенью 2022 года. Прощание пройдёт 20 апреля в 11:00.", ["P19"]),
    (119, "2024-05-09T05:00:00+00:00", "С Днём Победы! Парад начнётся в 10:00 на площади Карла Маркса.", []),
    (120, "2024-06-01T08:00:00+00:00", "Сегодня стало известно о гибели ещё двоих наших земляков в зоне СВО. Имена будут названы после согласования с родственниками.", []),
    (121, "2024-06-12T07:00:00+00:00", "С Днём России!", []),
    (122, "2024-07-01T09:00:00+00:00", "Начался ремонт моста через Сайгатку, движение ограничено.", []),
]
TELEGRAM_PAGE_SIZE = 8

# --------------------------------------------------------------------------- VK

VK_OWNER_ID = -2001
VK_BLOCKED_OWNER_ID = -2002
VK_NAME = "Администрация Нытвенского городского округа"
VK_TOKEN = "sample-vk-token-0123456789abcdef"  # what the sample API accepts; a test secret

#: (post id, ISO datetime, text, persons). Newest first, as wall.get returns them.
VK_POSTS: list[tuple[int, str, str, list[str]]] = [
    (540, "2024-09-01T06:00:00+00:00", "Поздравляем школьников и учителей с Днём знаний!", []),
    (532, "2024-08-16T09:30:00+00:00",
     "Администрация округа с прискорбием сообщает, что 6 августа 2024 года в Курской области погиб военнослужащий срочной службы Зубарев Павел Олегович, 2003 года рождения. Прощание состоится 17 августа в 11:00 в Нытвенском центре досуга.", ["P12"]),
    (515, "2024-07-20T07:00:00+00:00", "Внимание! 22 июля плановое отключение электроэнергии на улицах Комсомольской и Карла Маркса.", []),
    (498, "2024-06-14T12:00:00+00:00",
     "В ходе специальной военной операции 7 июня погиб доброволец Ожгибесов Вадим Андреевич (03.03.1993 г.р.). Прощание пройдёт 15 июня в 12:00. Глава округа выражает глубокие соболезнования родным и близким.", ["P11"]),
    (460, "2024-03-02T08:00:00+00:00", "Итоги лыжного марафона «Нытвенская лыжня»: победители и призёры.", []),
    (401, "2023-11-06T10:00:00+00:00",
     "Скорбим вместе с семьёй. 27 октября 2023 года при выполнении задач СВО погиб мобилизованный Лобанов Максим Юрьевич, 1982 г.р. Прощание — 8 ноября в 12:00, Нытвенский центр досуга.", ["P15"]),
    (377, "2023-09-15T09:00:00+00:00", "Приглашаем на День города 16 сентября!", []),
    (322, "2023-06-01T11:00:00+00:00",
     "Сегодня простились с Николаем Игоревичем Барановым, бойцом ЧВК «Вагнер». Николай погиб 20 мая 2023 года. Светлая память.", ["P10"]),
]
VK_PAGE_SIZE = 3

# --------------------------------------------------------------------------- memorial

MEMORIAL_TITLE = "Книга памяти Прикамья и Башкирии"

#: Person cards: (card id, person, shown fields). The card shows its own spelling
#: of the dates (as such sites do), not ISO.
MEMORIAL_CARDS: list[tuple[int, str, dict[str, str]]] = [
    (1, "P01", {"Дата рождения": "12.04.1987", "Дата гибели": "03.10.2023", "Место рождения": "Пермский край, г. Чайковский",
                "Воинское звание": "рядовой", "Категория": "мобилизованный", "Дата похорон": "14.10.2023"}),
    (2, "P02", {"Дата рождения": "1995", "Дата гибели": "20.11.2023", "Место рождения": "Пермский край, г. Оса",
                "Воинское звание": "младший сержант", "Категория": "контрактник"}),
    (3, "P03", {"Дата рождения": "30.08.1979", "Дата гибели": "15.01.2024", "Место рождения": "Пермский край, г. Чайковский",
                "Воинское звание": "рядовой", "Категория": "доброволец", "Воинская часть": "отряд «Барс-11»"}),
    (5, "P05", {"Дата рождения": "11.02.1984", "Дата гибели": "09.12.2023", "Место рождения": "Пермский край, г. Чайковский",
                "Воинское звание": "ефрейтор", "Категория": "мобилизованный"}),
    (6, "P06", {"Дата рождения": "23.07.1992", "Дата гибели": "18.03.2024", "Место рождения": "Республика Башкортостан, г. Стерлитамак",
                "Воинское звание": "сержант", "Категория": "контрактник"}),
    (7, "P07", {"Дата рождения": "05.05.1990", "Дата гибели": "14.09.2023", "Место рождения": "Республика Башкортостан, Белебеевский район",
                "Воинское звание": "рядовой", "Категория": "мобилизованный"}),
    (11, "P11", {"Дата рождения": "03.03.1993", "Дата гибели": "07.06.2024", "Место рождения": "Пермский край, г. Нытва",
                 "Категория": "доброволец"}),
    (14, "P14", {"Дата рождения": "09.09.1996", "Дата гибели": "июль 2024", "Место рождения": "Республика Башкортостан, г. Нефтекамск",
                 "Воинское звание": "рядовой", "Категория": "контрактник"}),
    (16, "P16", {"Дата рождения": "19.01.1975", "Дата гибели": "12.09.2024", "Место рождения": "Пермский край, г. Краснокамск",
                 "Воинское звание": "старшина", "Категория": "доброволец"}),
    (17, "P17", {"Дата рождения": "1999", "Дата гибели": "05.10.2024", "Место рождения": "Республика Башкортостан, г. Октябрьский",
                 "Категория": "контрактник"}),
    (19, "P19", {"Дата рождения": "02.11.1989", "Дата гибели": "апрель 2024", "Место рождения": "Удмуртская Республика, г. Сарапул",
                 "Воинское звание": "рядовой", "Категория": "мобилизованный"}),
    (21, "P21", {"Дата рождения": "01.12.1994", "Дата гибели": "30.01.2024", "Место рождения": "Республика Башкортостан, г. Уфа",
                 "Воинское звание": "рядовой", "Категория": "контрактник"}),
]
MEMORIAL_PAGE_SIZE = 5

#: Names as a card spells them (Surname First Patronymic).
#: P19's card is deliberately the only source with his patronymic and birth date.


def memorial_card_path(card_id: int) -> str:
    return f"/memorial/person/{card_id}.html"


def telegram_post_path(post_id: int) -> str:
    return f"/t/{TELEGRAM_CHANNEL}/{post_id}"


def vk_post_url(post_id: int, owner_id: int = VK_OWNER_ID) -> str:
    # VK posts are stored under their public vk.com address, whatever API served them.
    return f"https://vk.com/wall{owner_id}_{post_id}"


# --------------------------------------------------------------------------- manifest


def _best_year(person: dict) -> int:
    for key in ("death_date", "funeral_date"):
        if person.get(key):
            return int(person[key][:4])
    raise ValueError("every sample person has a death or funeral date")


def build_manifest() -> dict:
    """The ground truth, as ``manifest.json`` states it (paths, not full URLs: the port varies)."""
    appearances: dict[str, list[str]] = {pid: [] for pid in PERSONS}
    relevant: list[str] = []
    irrelevant: list[str] = []
    for article in NEWS1 + NEWS2:
        (relevant if article.persons else irrelevant).append(article.path)
        for pid in article.persons:
            appearances[pid].append(article.path)
    for post_id, _when, _text, persons in TELEGRAM_POSTS:
        if persons:
            relevant.append(telegram_post_path(post_id))
        for pid in persons:
            appearances[pid].append(telegram_post_path(post_id))
    for post_id, _when, _text, persons in VK_POSTS:
        if persons:
            relevant.append(vk_post_url(post_id))
        for pid in persons:
            appearances[pid].append(vk_post_url(post_id))
    for card_id, pid, _fields in MEMORIAL_CARDS:
        relevant.append(memorial_card_path(card_id))
        appearances[pid].append(memorial_card_path(card_id))
    per_year: dict[str, int] = {}
    for person in PERSONS.values():
        year = str(_best_year(person))
        per_year[year] = per_year.get(year, 0) + 1
    return {
        "about": "Ground truth of nekrolog's sample site. Paths are relative to the server's base URL; "
        "VK posts are stored under their vk.com URL. Every person is invented.",
        "relevant_pages": relevant,
        "irrelevant_pages": [a.path for a in NEWS1 + NEWS2 if not a.persons]
        + [telegram_post_path(p[0]) for p in TELEGRAM_POSTS if not p[3]]
        + [vk_post_url(p[0]) for p in VK_POSTS if not p[3]],
        "unnamed_deaths_pages": [telegram_post_path(120)],
        "broken_pages": dict(BROKEN_NEWS1),
        "forbidden_paths": [FORBIDDEN_PATH],
        "persons": [
            {"id": pid, **{k: v for k, v in person.items()}, "pages": appearances[pid]}
            for pid, person in PERSONS.items()
        ],
        "namesakes": [list(pair) for pair in NAMESAKES],
        "human_only_pairs": HUMAN_ONLY_PAIRS,
        "distinct_persons": len(PERSONS),
        "per_year": dict(sorted(per_year.items())),
        "year_basis": "death date, else funeral date",
    }
