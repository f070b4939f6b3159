"""Interface labels. Russian is the default (the volunteers are Russian
speakers); English is chosen with the plugin setting ``language: en`` or
``nekrolog review --lang en``."""

from __future__ import annotations

from collections.abc import Callable

LANGUAGES = ("ru", "en")

LABELS: dict[str, dict[str, str]] = {
    "title": {"ru": "Проверка совпадений", "en": "Match review"},
    "login_title": {"ru": "Вход для проверяющих", "en": "Reviewer login"},
    "name": {"ru": "Имя пользователя", "en": "User name"},
    "password": {"ru": "Пароль", "en": "Password"},
    "log_in": {"ru": "Войти", "en": "Log in"},
    "log_out": {"ru": "Выйти", "en": "Log out"},
    "bad_login": {"ru": "Неверное имя или пароль.", "en": "Wrong name or password."},
    "rate_limited": {
        "ru": "Слишком много попыток входа. Попробуйте через {minutes} мин.",
        "en": "Too many login attempts. Try again in {minutes} min.",
    },
    "logged_in_as": {"ru": "Вы вошли как", "en": "Logged in as"},
    "admin": {"ru": "администратор", "en": "admin"},
    "volunteer": {"ru": "волонтёр", "en": "volunteer"},
    "queue_empty": {
        "ru": "Очередь пуста: сейчас нечего проверять. Спасибо!",
        "en": "The queue is empty: nothing to review right now. Thank you!",
    },
    "item": {"ru": "Задание", "en": "Item"},
    "pair_question": {
        "ru": "Это один и тот же человек?",
        "en": "Is this the same person?",
    },
    "cluster_question": {
        "ru": "Это всё один человек? Если нет, разложите записи по группам (одна группа — один человек).",
        "en": "Is this all one person? If not, put the records into groups (one group per person).",
    },
    "group": {"ru": "Группа", "en": "Group"},
    "record": {"ru": "Запись", "en": "Record"},
    "score": {"ru": "Оценка сходства", "en": "Match score"},
    "reasons": {"ru": "Доводы алгоритма", "en": "Matcher's reasons"},
    "reserved_until": {"ru": "Закреплено за вами до", "en": "Reserved for you until"},
    "escalated_note": {
        "ru": "Проверяющие разошлись во мнениях — нужно ваше решение.",
        "en": "Reviewers disagreed: your decision is needed.",
    },
    "same": {"ru": "Один человек", "en": "Same"},
    "different": {"ru": "Разные люди", "en": "Different"},
    "unsure": {"ru": "Не уверен", "en": "Not sure"},
    "all_same": {"ru": "Все — один человек", "en": "All the same person"},
    "split": {"ru": "Разделить по группам", "en": "Split by groups"},
    "skip": {"ru": "Пропустить", "en": "Skip"},
    "note": {"ru": "Примечание (необязательно)", "en": "Note (optional)"},
    "note_col": {"ru": "Примечание", "en": "Note"},
    "total": {"ru": "всего", "en": "total"},
    "today": {"ru": "сегодня", "en": "today"},
    "shortcuts": {
        "ru": "Клавиши: 1 — один человек, 2 — разные, 3 — не уверен, 4 — пропустить, N — примечание.",
        "en": "Keys: 1 same, 2 different, 3 not sure, 4 skip, N note.",
    },
    "source": {"ru": "Источник", "en": "Source"},
    "open_source": {"ru": "открыть источник", "en": "open source"},
    "no_link": {"ru": "ссылки нет", "en": "no link"},
    "evidence": {"ru": "Фрагмент текста", "en": "Evidence"},
    "no_evidence": {"ru": "фрагмента нет", "en": "no snippet"},
    "progress": {"ru": "Ход работы", "en": "Progress"},
    "open_items": {"ru": "В очереди", "en": "In the queue"},
    "escalated_items": {"ru": "У администраторов", "en": "With admins"},
    "decided_today": {"ru": "Решено сегодня", "en": "Decided today"},
    "my_votes": {"ru": "Мои решения (всего / сегодня)", "en": "My decisions (total / today)"},
    "per_reviewer": {"ru": "По проверяющим", "en": "Per reviewer"},
    "history": {"ru": "История решений", "en": "Decision history"},
    "revert": {"ru": "Отменить решение", "en": "Revert decision"},
    "revert_note": {"ru": "Причина отмены", "en": "Reason for reverting"},
    "when": {"ru": "Когда", "en": "When"},
    "who": {"ru": "Кто", "en": "Who"},
    "verdict": {"ru": "Решение", "en": "Verdict"},
    "binding": {"ru": "Окончательно", "en": "Binding"},
    "pair": {"ru": "Пара", "en": "Pair"},
    "yes": {"ru": "да", "en": "yes"},
    "no": {"ru": "нет", "en": "no"},
    "revert_v": {"ru": "отмена", "en": "revert"},
    "state": {"ru": "Состояние", "en": "State"},
    "back_to_review": {"ru": "К проверке", "en": "Back to review"},
    "admins_only": {"ru": "Только для администраторов.", "en": "Admins only."},
    # Outcomes of a decision
    "decided": {"ru": "Решение записано.", "en": "Decision recorded."},
    "vote_recorded": {
        "ru": "Голос записан; нужен ещё один согласный голос.",
        "en": "Vote recorded; one more agreeing vote is needed.",
    },
    "escalated": {
        "ru": "Голос записан; задание передано администратору.",
        "en": "Vote recorded; the item goes to an admin.",
    },
    "insufficient": {
        "ru": "Задание закрыто: данных недостаточно.",
        "en": "Item closed: not enough information.",
    },
    "skipped": {"ru": "Задание пропущено.", "en": "Item skipped."},
    "reopened": {"ru": "Решение отменено, задание снова в очереди.", "en": "Decision reverted; item reopened."},
    "lease_lost": {
        "ru": "Время на это задание истекло, и его взял другой проверяющий. Решение не записано.",
        "en": "Your reservation expired and another reviewer took the item. Nothing was recorded.",
    },
    "closed": {"ru": "Это задание уже закрыто.", "en": "This item is already closed."},
    "already_voted": {"ru": "Вы уже голосовали по этому заданию.", "en": "You already voted on this item."},
    "not_found": {"ru": "Задание не найдено.", "en": "Item not found."},
    "not_allowed": {"ru": "Недостаточно прав.", "en": "Not allowed."},
    "error": {"ru": "Решение не записано.", "en": "Nothing was recorded."},
    "bad_request": {"ru": "Неверный запрос.", "en": "Bad request."},
    # The matcher's reasons
    "reason_agree": {"ru": "совпадает", "en": "agree"},
    "reason_disagree": {"ru": "расходится", "en": "disagree"},
    "reason_missing": {"ru": "нет данных", "en": "missing"},
    "reason_logodds": {"ru": "лог-шансы", "en": "log-odds"},
    "reason_band": {"ru": "зона", "en": "band"},
    "reason_name_shared_by": {"ru": "людей с таким именем", "en": "people sharing the name"},
    "reason_conflict": {"ru": "конфликт", "en": "conflict"},
    "reason_pair": {"ru": "пара", "en": "pair"},
    "reason_persons": {"ru": "персоны", "en": "persons"},
    "level_agree": {"ru": "совпадает", "en": "agree"},
    "level_close": {"ru": "близко", "en": "close"},
    "level_near": {"ru": "рядом", "en": "near"},
    "level_differ": {"ru": "различается", "en": "differ"},
    "level_far": {"ru": "далеко", "en": "far"},
    "level_missing": {"ru": "нет данных", "en": "missing"},
    "band_uncertain": {"ru": "неуверенно", "en": "uncertain"},
    "band_insufficient": {"ru": "мало данных", "en": "insufficient"},
    "band_match": {"ru": "совпадение", "en": "match"},
    "band_nonmatch": {"ru": "не совпадение", "en": "non-match"},
    "field_birth": {"ru": "рождение", "en": "birth"},
    "field_death": {"ru": "гибель/похороны", "en": "death/funeral"},
    "field_reported": {"ru": "дата сообщения", "en": "reported"},
    # Field labels
    "full_name": {"ru": "ФИО", "en": "Full name"},
    "surname": {"ru": "Фамилия", "en": "Surname"},
    "first_name": {"ru": "Имя", "en": "First name"},
    "patronymic": {"ru": "Отчество", "en": "Patronymic"},
    "best_date": {"ru": "Дата для подсчёта", "en": "Counted date"},
    "death_date": {"ru": "Дата гибели", "en": "Date of death"},
    "funeral_date": {"ru": "Дата похорон", "en": "Funeral date"},
    "reported_date": {"ru": "Дата сообщения", "en": "Reported on"},
    "birth_date": {"ru": "Дата рождения", "en": "Birth date"},
    "age": {"ru": "Возраст", "en": "Age"},
    "birth_year": {"ru": "Год рождения (по возрасту)", "en": "Birth year (from age)"},
    "region": {"ru": "Регион", "en": "Region"},
    "settlement": {"ru": "Населённый пункт", "en": "Settlement"},
    "unit": {"ru": "Часть", "en": "Unit"},
    "rank": {"ru": "Звание", "en": "Rank"},
    "category": {"ru": "Категория", "en": "Category"},
    "basis_death": {"ru": "по дате гибели", "en": "by date of death"},
    "basis_funeral": {"ru": "по дате похорон", "en": "by funeral date"},
    "basis_reported": {"ru": "по дате сообщения", "en": "by report date"},
    "legend": {
        "ru": "Цвет: зелёный — совпадает, жёлтый — совместимо (разная точность), красный — расходится.",
        "en": "Colour: green agrees, yellow compatible (different precision), red disagrees.",
    },
}


def normalise_language(value: str | None) -> str:
    value = (value or "ru").strip().lower()[:2]
    return value if value in LANGUAGES else "ru"


def has_label(key: str) -> bool:
    return key in LABELS


def translator(language: str | None) -> Callable[..., str]:
    lang = normalise_language(language)

    def t(key: str, **params: object) -> str:
        entry = LABELS.get(key)
        text = entry[lang] if entry else key
        return text.format(**params) if params else text

    return t
