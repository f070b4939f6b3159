"""A small threaded HTTP server for the sample site, on 127.0.0.1 only.

One server plays every host, each under its own path prefix (``/news1/``,
``/news2/``, ``/t/s/<channel>``, ``/memorial/``, ``/vk/method/wall.get``).
It answers conditional requests (ETag / If-None-Match, Last-Modified /
If-Modified-Since) like a real site, and logs every request so tests can prove
what a crawl did and did not fetch.
"""

from __future__ import annotations

import hashlib
import html
import json
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from scrapers.sample_site import content as C

OVERSIZED_BYTES = 12 * 1024 * 1024


@dataclass
class LoggedRequest:
    method: str
    path: str  # path and query, as sent
    status: int
    headers: dict[str, str]
    body: str = ""
    at: float = field(default_factory=time.monotonic)


@dataclass
class Reply:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    last_modified: datetime | None = None
    etag: bool = True
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


# --------------------------------------------------------------------------- rendering


def _news1_article(a: C.Article) -> str:
    body = "".join(f"<p>{_esc(p)}</p>" for p in a.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8">
<title>{_esc(a.title)} — Прикамские вести</title>
<meta property="og:title" content="{_esc(a.title)}">
<meta property="article:published_time" content="{a.published}">
<link rel="canonical" href="{a.path}">
</head><body>
<header><a href="/news1/">Прикамские вести</a> <nav><a href="/news1/news/">Новости</a></nav></header>
<main><article>
<h1>{_esc(a.title)}</h1>
<div class="meta"><time datetime="{a.published}">{a.published[8:10]}.{a.published[5:7]}.{a.published[:4]}</time></div>
<div class="article-text">{body}</div>
</article>
<aside><h3>Читайте также</h3><a href="/news1/news/?page=1">Все новости</a></aside></main>
<footer>© «Прикамские вести». Все права защищены.</footer>
</body></html>"""


def _news2_article(a: C.Article) -> str:
    body = "".join(f"<p>{_esc(p)}</p>" for p in a.paragraphs)
    ld = json.dumps(
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title, "datePublished": a.published},
        ensure_ascii=False,
    )
    return f"""<!DOCTYPE html>
<html lang="ru"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>{_esc(a.title)} | Уфимский вестник</title>
<script type="application/ld+json">{ld}</script>
</head><body>
<div id="top"><a href="/news2/">Уфимский вестник</a> | <a href="/news2/search?q=%D0%A1%D0%92%D0%9E">Поиск</a></div>
<div class="content"><h1 class="headline">{_esc(a.title)}</h1>
<span class="date">{a.published[8:10]}.{a.published[5:7]}.{a.published[:4]}</span>
<div class="text">{body}</div></div>
<div id="bottom">Уфимский вестник, 18+</div>
</body></html>"""


def _listing(title: str, links: list[tuple[str, str]], page: int, pages: int, base: str) -> str:
    items = "".join(f'<li class="news-item"><a href="{_esc(href)}">{_esc(text)}</a></li>' for href, text in links)
    nav = ""
    if page > 1:
        nav += f'<a rel="prev" href="{base}?page={page - 1}">← Назад</a> '
    if page < pages:
        nav += f'<a rel="next" class="next" href="{base}?page={page + 1}">Дальше →</a>'
    return (
        f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{_esc(title)}</title></head>'
        f"<body><h1>{_esc(title)}</h1><ul class=\"news-list\">{items}</ul><div class=\"pager\">{nav}</div></body></html>"
    )


def _rss(title: str, items: list[tuple[str, str, str, str]], base_url: str) -> str:
    out = []
    for path, item_title, summary, published in items:
        when = format_datetime(datetime.fromisoformat(published))
        out.append(
            f"<item><title>{_esc(item_title)}</title><link>{base_url}{path}</link>"
            f"<description>{_esc(summary)}</description><pubDate>{when}</pubDate><guid>{base_url}{path}</guid></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{_esc(title)}</title><link>{base_url}/news1/</link>{''.join(out)}</channel></rss>"
    )


def _news1_index() -> list[tuple[str, str, str, str]]:
    """(path, title, summary, published), newest first, with the special pages mixed in."""
    items = [(a.path, a.title, a.summary, a.published) for a in C.NEWS1]
    specials = [
        (C.BROKEN_NEWS1["slow"], "Открытие памятника героям СВО", "", "2024-06-20T10:00:00+05:00"),
        (C.BROKEN_NEWS1["error"], "Список погибших земляков обновлён", "", "2024-06-19T10:00:00+05:00"),
        (C.BROKEN_NEWS1["oversized"], "Фоторепортаж с прощания", "", "2024-06-18T10:00:00+05:00"),
        (C.BROKEN_NEWS1["malformed"], "Прощание с героем: подробности", "", "2024-06-17T10:00:00+05:00"),
        (C.FORBIDDEN_PATH, "Черновик: погиб (не публиковать)", "служебное", "2024-06-16T10:00:00+05:00"),
    ]
    return sorted(items + specials, key=lambda t: t[3], reverse=True)


def _telegram_page(base_url: str, before: int | None) -> str:
    posts = [p for p in C.TELEGRAM_POSTS if before is None or p[0] < before]
    shown = posts[-C.TELEGRAM_PAGE_SIZE:]
    parts = []
    if shown and shown[0][0] > C.TELEGRAM_POSTS[0][0]:
        parts.append(
            f'<a class="tme_messages_more js-messages_more" data-before="{shown[0][0]}" '
            f'href="/t/s/{C.TELEGRAM_CHANNEL}?before={shown[0][0]}"></a>'
        )
    for post_id, when, text, _persons in shown:
        parts.append(
            '<div class="tgme_widget_message_wrap js-widget_message_wrap">'
            f'<div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="{C.TELEGRAM_CHANNEL}/{post_id}">'
            f'<div class="tgme_widget_message_bubble"><div class="tgme_widget_message_author"><span>{_esc(C.TELEGRAM_TITLE)}</span></div>'
            f'<div class="tgme_widget_message_text js-message_text" dir="auto">{_esc(text)}</div>'
            '<div class="tgme_widget_message_footer"><span class="tgme_widget_message_views">1.2K</span>'
            f'<a class="tgme_widget_message_date" href="{base_url}{C.telegram_post_path(post_id)}">'
            f'<time datetime="{when}" class="time">{when[11:16]}</time></a></div></div></div></div>'
        )
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_esc(C.TELEGRAM_TITLE)} – Telegram</title></head>'
        f'<body><section class="tgme_channel_history js-message_history">{"".join(parts)}</section></body></html>'
    )


def _memorial_card(card_id: int, pid: str, fields: dict[str, str]) -> str:
    p = C.PERSONS[pid]
    name = f"{p['surname']} {p['first_name']} {p['patronymic']}"
    rows = "".join(f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in fields.items())
    return f"""<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<title>{_esc(name)} — {_esc(C.MEMORIAL_TITLE)}</title></head><body>
<nav><a href="/memorial/list?page=1">Все герои</a></nav>
<div class="person-card" id="card-{card_id}">
<h1 class="person-name">{_esc(name)}</h1>
<dl class="fields">{rows}</dl>
<div class="bio"><p>Вечная память герою. Информация предоставлена родственниками.</p></div>
</div></body></html>"""


def _memorial_list(page: int) -> str:
    cards = C.MEMORIAL_CARDS
    pages = (len(cards) + C.MEMORIAL_PAGE_SIZE - 1) // C.MEMORIAL_PAGE_SIZE
    chunk = cards[(page - 1) * C.MEMORIAL_PAGE_SIZE: page * C.MEMORIAL_PAGE_SIZE]
    items = "".join(
        f'<div class="hero"><a class="person-link" href="{C.memorial_card_path(cid)}">'
        f"{_esc(C.PERSONS[pid]['surname'])} {_esc(C.PERSONS[pid]['first_name'])}</a></div>"
        for cid, pid, _ in chunk
    )
    nav = f'<a class="next" href="/memorial/list?page={page + 1}">Следующая</a>' if page < pages else ""
    return (
        f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{_esc(C.MEMORIAL_TITLE)}</title></head>'
        f"<body><h1>{_esc(C.MEMORIAL_TITLE)}</h1><div class=\"heroes\">{items}</div>{nav}</body></html>"
    )


# --------------------------------------------------------------------------- bulk pages (benchmark)

_BULK_SURNAMES = ["Смирнов", "Попов", "Васильев", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков",
                  "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов"]
_BULK_FIRST = ["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл", "Михаил"]
_BULK_PATR = ["Александрович", "Дмитриевич", "Сергеевич", "Андреевич", "Алексеевич", "Игоревич", "Олегович"]
_BULK_TOWNS = ["Чайковского", "Кунгура", "Лысьвы", "Соликамска", "Березников", "Чусового", "Осы"]
_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря"]
BULK_PAGE_SIZE = 50


def _bulk_article(n: int, seed: int) -> str:
    rng = random.Random(seed * 1_000_003 + n)
    surname, first, patr = rng.choice(_BULK_SURNAMES), rng.choice(_BULK_FIRST), rng.choice(_BULK_PATR)
    town = rng.choice(_BULK_TOWNS)
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.choice([2023, 2024])
    born = year - rng.randint(20, 50)
    relevant = rng.random() < 0.6
    if relevant:
        title = f"Житель {town} {first} {surname} погиб в зоне СВО"
        paras = [
            f"Мобилизованный житель {town} {surname} {first} {patr}, {born} года рождения, погиб "
            f"{day} {_MONTHS[month - 1]} {year} года в ходе специальной военной операции.",
            f"Прощание состоится в местном доме культуры. Глава округа выразил соболезнования родным. Материал №{n}.",
        ]
    else:
        title = f"В {town[:-1]}е обсудили благоустройство дворов (№{n})"
        paras = [f"На публичных слушаниях жители {town} выбрали {rng.randint(3, 20)} дворов для ремонта в {year} году."]
    published = f"{year}-{month:02d}-{day:02d}T10:00:00+05:00"
    return _news1_article(C.Article("news1", f"bulk-{n}", title, published, paras))


# --------------------------------------------------------------------------- server


class SampleServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str, port: int, *, slow_seconds: float, article_delay: float,
                 bulk_articles: int, seed: int) -> None:
        super().__init__((host, port), _Handler)
        self.slow_seconds = slow_seconds
        self.article_delay = article_delay
        self.bulk_articles = bulk_articles
        self.seed = seed
        self.log: list[LoggedRequest] = []
        self.log_lock = threading.Lock()
        self.vk_rate_limited_once = False
        self.flaky_served = False
        #: path → extra paragraph appended to that page (a test edits an article with it).
        self.edits: dict[str, str] = {}
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> SampleServer:
        self._thread = threading.Thread(target=self.serve_forever, name="sample-site", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def __enter__(self) -> SampleServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def handle_error(self, request, client_address) -> None:
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a client that hung up (killed crawl, size limit): nothing to report
        super().handle_error(request, client_address)

    def requested_paths(self) -> list[str]:
        with self.log_lock:
            return [r.path for r in self.log]

    def clear_log(self) -> None:
        with self.log_lock:
            self.log.clear()

    # ----------------------------------------------------------------- routing

    def route(self, method: str, path: str, query: dict[str, list[str]], form: dict[str, list[str]]) -> Reply:
        base = self.base_url
        q = {k: v[0] for k, v in query.items()}
        if path == "/robots.txt":
            return Reply(200, (
                "User-agent: *\n"
                "Disallow: /news1/private/\n"
                "Disallow: /news2/search\n"
                f"Sitemap: {base}/news2/sitemap.xml\n"
            ).encode(), "text/plain; charset=utf-8", etag=False)
        if path in ("/", "/index.html"):
            links = ["/news1/", "/news2/", f"/t/s/{C.TELEGRAM_CHANNEL}", "/memorial/list?page=1"]
            body = "".join(f'<li><a href="{p}">{p}</a></li>' for p in links)
            return Reply(200, f'<html><head><meta charset="utf-8"><title>nekrolog sample site</title></head><body><ul>{body}</ul></body></html>'.encode())
        # -- news1
        if path in ("/news1/", "/news1"):
            return Reply(200, _listing("Прикамские вести", [(p, t) for p, t, _, _ in _news1_index()[:6]], 1, 1, "/news1/news/").encode())
        if path == "/news1/rss.xml":
            items = _news1_index()[:12]
            return Reply(200, _rss("Прикамские вести", items, base).encode(), "application/rss+xml; charset=utf-8", etag=False)
        if path == "/news1/news/":
            index = _news1_index()
            per_page = 4
            pages = (len(index) + per_page - 1) // per_page
            page = max(1, min(int(q.get("page", "1") or 1), pages))
            chunk = index[(page - 1) * per_page: page * per_page]
            return Reply(200, _listing("Новости — Прикамские вести", [(p, t) for p, t, _, _ in chunk], page, pages, "/news1/news/").encode(), etag=False)
        if path == C.BROKEN_NEWS1["slow"]:
            text = _news1_article(C.Article("news1", "slow", "Почему долго грузится сайт", "2024-06-20T10:00:00+05:00",
                                            ["Редакция приносит извинения за медленную работу сайта: идут технические работы."]))
            return Reply(200, text.encode(), delay=self.slow_seconds)
        if path == C.BROKEN_NEWS1["error"]:
            return Reply(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>", etag=False)
        if path == C.BROKEN_NEWS1["oversized"]:
            return Reply(200, b"", headers={"X-Oversized": "1"}, etag=False)
        if path == C.BROKEN_NEWS1["malformed"]:
            return Reply(200, b"<html><head><title>\xff\xfe\x00\x00</title><body><div class=\"article-text\"><p>\x00\x01\x02"
                              b"<<<<script>>></div></p></html", etag=False)
        if path.startswith("/news1/private/"):
            return Reply(200, b"<html><body>draft, never to be crawled</body></html>")
        for article in C.NEWS1:
            if path == article.path:
                return self._article(article, _news1_article(article), "utf-8")
        # -- news2 (windows-1251)
        if path in ("/news2/", "/news2"):
            links = "".join(f'<li><a href="{a.path}">{_esc(a.title)}</a></li>' for a in C.NEWS2)
            return Reply(200, f'<html><head><meta charset="windows-1251"><title>Уфимский вестник</title></head><body><ul>{links}</ul></body></html>'.encode("cp1251"), "text/html; charset=windows-1251")
        if path == "/news2/sitemap.xml":
            body = ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"<sitemap><loc>{base}/news2/sitemap-news.xml</loc></sitemap>"
                    f"<sitemap><loc>{base}/news2/sitemap-2023.xml</loc></sitemap></sitemapindex>")
            return Reply(200, body.encode(), "application/xml", etag=False)
        if path == "/news2/sitemap-news.xml":
            urls = "".join(
                f"<url><loc>{base}{a.path}</loc><news:news><news:publication><news:name>Уфимский вестник</news:name>"
                f"<news:language>ru</news:language></news:publication><news:publication_date>{a.published}</news:publication_date>"
                f"<news:title>{_esc(a.title)}</news:title></news:news></url>"
                for a in C.NEWS2 if a.published.startswith("2024")
            )
            body = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                    f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>')
            return Reply(200, body.encode(), "application/xml", etag=False)
        if path == "/news2/sitemap-2023.xml":
            urls = "".join(f"<url><loc>{base}{a.path}</loc><lastmod>{a.published[:10]}</lastmod></url>"
                           for a in C.NEWS2 if a.published.startswith("2023"))
            body = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            return Reply(200, body.encode(), "application/xml", etag=False)
        if path.startswith("/news2/search"):
            return Reply(200, b"<html><body>search results, never to be crawled</body></html>")
        for article in C.NEWS2:
            if path == article.path:
                return self._article(article, _news2_article(article), "cp1251")
        # -- telegram
        if path == f"/t/s/{C.TELEGRAM_CHANNEL}":
            before = int(q["before"]) if q.get("before", "").isdigit() else None
            return Reply(200, _telegram_page(base, before).encode(), etag=False)
        for post_id, when, text, _ in C.TELEGRAM_POSTS:
            if path == C.telegram_post_path(post_id):
                body = f'<html><head><meta charset="utf-8"><meta property="og:description" content="{_esc(text)}"></head><body><p>{_esc(text)}</p></body></html>'
                return Reply(200, body.encode(), last_modified=datetime.fromisoformat(when))
        # -- memorial
        if path == "/memorial/list" or path in ("/memorial/", "/memorial"):
            pages = (len(C.MEMORIAL_CARDS) + C.MEMORIAL_PAGE_SIZE - 1) // C.MEMORIAL_PAGE_SIZE
            page = max(1, min(int(q.get("page", "1") or 1), pages))
            return Reply(200, _memorial_list(page).encode(), etag=False)
        for card_id, pid, fields in C.MEMORIAL_CARDS:
            if path == C.memorial_card_path(card_id):
                body = _memorial_card(card_id, pid, fields).replace(
                    '<div class="bio">', self.edits.get(path, "") + '<div class="bio">')
                return Reply(200, body.encode(), delay=self.article_delay)
        # -- VK API
        if path == "/vk/method/wall.get":
            return self._vk(q, {k: v[0] for k, v in form.items()})
        # -- a site under load: its article answers 429 (Retry-After: 1) the first time
        if path == "/flaky/list":
            return Reply(200, _listing("Нагрузка", [("/flaky/a.html", "Памяти земляка")], 1, 1, "/flaky/list").encode(),
                         etag=False)
        if path == "/flaky/a.html":
            with self.log_lock:
                first = not self.flaky_served
                self.flaky_served = True
            if first:
                return Reply(429, b"<html><body>Too Many Requests</body></html>", etag=False,
                             headers={"Retry-After": "1"})
            return Reply(200, _news1_article(C.NEWS1[0]).encode())
        # -- bulk (benchmark)
        if path == "/bulk/list":
            pages = max(1, (self.bulk_articles + BULK_PAGE_SIZE - 1) // BULK_PAGE_SIZE)
            page = max(1, min(int(q.get("page", "1") or 1), pages))
            numbers = range((page - 1) * BULK_PAGE_SIZE, min(page * BULK_PAGE_SIZE, self.bulk_articles))
            return Reply(200, _listing("Архив", [(f"/bulk/a/{n}.html", f"Материал {n}") for n in numbers], page, pages, "/bulk/list").encode(), etag=False)
        if path.startswith("/bulk/a/") and path.endswith(".html"):
            number = path[len("/bulk/a/"):-5]
            if number.isdigit() and int(number) < self.bulk_articles:
                return Reply(200, _bulk_article(int(number), self.seed).encode(), etag=False)
        return Reply(404, b"<html><body><h1>404 Not Found</h1></body></html>", etag=False)

    def _article(self, article: C.Article, page: str, encoding: str) -> Reply:
        extra = self.edits.get(article.path)
        if extra:
            page = page.replace("</div>\n</article>", f"<p>{_esc(extra)}</p></div>\n</article>").replace(
                '</div></div>\n<div id="bottom">', f'<p>{_esc(extra)}</p></div></div>\n<div id="bottom">')
        content_type = "text/html; charset=utf-8" if encoding == "utf-8" else "text/html; charset=windows-1251"
        return Reply(200, page.encode(encoding), content_type,
                     last_modified=datetime.fromisoformat(article.published), delay=self.article_delay)

    def _vk(self, query: dict[str, str], form: dict[str, str]) -> Reply:
        params = {**query, **form}
        request_params = [{"key": k, "value": v} for k, v in params.items() if k != "access_token"]

        def error(code: int, message: str) -> Reply:
            body = {"error": {"error_code": code, "error_msg": message, "request_params": request_params}}
            return Reply(200, json.dumps(body, ensure_ascii=False).encode(), "application/json; charset=utf-8", etag=False)

        if params.get("access_token") != C.VK_TOKEN:
            return error(5, "User authorization failed: invalid access_token (4).")
        try:
            owner_id = int(params.get("owner_id", "0"))
            offset = int(params.get("offset", "0"))
            count = min(int(params.get("count", "20")), 100)
        except ValueError:
            return error(100, "One of the parameters specified was missing or invalid")
        if owner_id == C.VK_BLOCKED_OWNER_ID:
            return error(15, "Access denied: this wall available only for community members")
        if owner_id != C.VK_OWNER_ID:
            return error(100, "One of the parameters specified was missing or invalid: owner_id is undefined")
        if offset > 0 and not self.vk_rate_limited_once:
            # Like the real API under load: the first follow-up call is refused once.
            self.vk_rate_limited_once = True
            return error(6, "Too many requests per second")
        items = [
            {"id": pid, "owner_id": owner_id, "from_id": owner_id, "date": int(datetime.fromisoformat(when).timestamp()),
             "post_type": "post", "text": text, "comments": {"count": 0}, "likes": {"count": 12}}
            for pid, when, text, _ in C.VK_POSTS[offset: offset + count]
        ]
        body = {"response": {"count": len(C.VK_POSTS), "items": items}}
        return Reply(200, json.dumps(body, ensure_ascii=False).encode(), "application/json; charset=utf-8", etag=False)


class _Handler(BaseHTTPRequestHandler):
    server: SampleServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - BaseHTTPRequestHandler's signature
        pass  # the server keeps its own structured log

    def do_GET(self) -> None:  # noqa: N802
        self._handle("GET", b"")

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle("HEAD", b"")

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        self._handle("POST", self.rfile.read(length) if length else b"")

    def _handle(self, method: str, body: bytes) -> None:
        parts = urlsplit(self.path)
        form = parse_qs(body.decode("utf-8", "replace")) if body else {}
        reply = self.server.route(method, parts.path, parse_qs(parts.query), form)
        etag = None
        if reply.status == 200 and reply.etag and reply.body:
            etag = '"' + hashlib.sha1(reply.body).hexdigest()[:20] + '"'  # noqa: S324 - a cache validator, not security
        status = reply.status
        if status == 200 and self._not_modified(etag, reply.last_modified):
            status = 304
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("user-agent", "if-none-match", "if-modified-since")}
        with self.server.log_lock:
            self.server.log.append(LoggedRequest(method, self.path, status, headers, body.decode("utf-8", "replace")))
        if reply.delay:
            time.sleep(reply.delay)
        try:
            if reply.headers.get("X-Oversized"):
                self._send_oversized()
                return
            self.send_response(status)
            self.send_header("Content-Type", reply.content_type)
            if etag:
                self.send_header("ETag", etag)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.last_modified:
                self.send_header("Last-Modified", _http_date(reply.last_modified))
            payload = b"" if status == 304 or method == "HEAD" else reply.body
            self.send_header("Content-Length", str(len(reply.body) if method == "HEAD" and status != 304 else len(payload)))
            self.end_headers()
            if payload:
                self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout or a size limit): expected for the special pages

    def _not_modified(self, etag: str | None, last_modified: datetime | None) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match and etag:
            return etag in [t.strip() for t in if_none_match.split(",")]
        since = self.headers.get("If-Modified-Since")
        if since and last_modified:
            try:
                return last_modified.replace(microsecond=0) <= parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False
        return False

    def _send_oversized(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(OVERSIZED_BYTES))
        self.end_headers()
        chunk = b"<p>" + b"x" * 65_530 + b"</p>"
        sent = 0
        while sent < OVERSIZED_BYTES:
            self.wfile.write(chunk)
            sent += len(chunk)


def _http_date(when: datetime) -> str:
    from datetime import UTC

    return format_datetime(when.astimezone(UTC), usegmt=True)
