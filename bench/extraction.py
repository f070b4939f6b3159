"""Extraction benchmark: per-field precision/recall/F1 on the labelled gold sets, and speed.

    python bench/extraction.py                 # dev set, figures + speed
    python bench/extraction.py --set heldout   # the held-out set (report only; never tune on it)
    python bench/extraction.py --set dev --errors   # per-text differences (dev only)
    python bench/extraction.py --parts         # what the span finder, the role resolver and dateparser contribute

Mentions are matched between expected and predicted by folded name (case,
ё/е), surname + first name. A field counts as a true positive when a matched
mention has it equal to the expected value, a false positive when predicted
and wrong (or on an unmatched mention), a false negative when expected and
missed. Speed is measured on one core (the process pins itself) on generated
~1,500-character notices (deterministic by seed), with models loaded once: the
load time is reported apart, a warm-up is excluded, and each of --repeat runs
uses a new seed. Compare figures with the calibration printed next to them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapers.extract import extract  # noqa: E402
from scrapers.extract.morph import fold  # noqa: E402

GOLD = ROOT / "tests" / "gold"
FIELDS = ("name", "death_date", "funeral_date", "birth_date", "age", "region", "settlement", "unit", "rank",
          "category")


def load(which: str, pattern: str = "*.jsonl") -> list[dict]:
    rows = []
    for f in sorted((GOLD / which).glob(pattern)):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                row["_where"] = f"{f.name}:{n}"
                rows.append(row)
    return rows


def _key(m: dict) -> str:
    return fold(m.get("surname")) + "|" + fold(m.get("first_name"))


def _full(m: dict) -> tuple:
    return tuple(fold(m.get(k)) for k in ("surname", "first_name", "patronymic"))


def _value(m: dict, field: str):
    v = m.get(field)
    if isinstance(v, str):
        v = " ".join(v.split())
        if field in ("settlement", "unit"):
            v = fold(v)
    return v


def score(rows: list[dict], *, date_backend: str = "own", errors: bool = False) -> dict:
    counts = {f: [0, 0, 0] for f in FIELDS}  # tp, fp, fn
    rel = [0, 0, 0]  # tp, fp, fn on "relevant"
    neg_total = neg_rejected = 0
    unnamed_ok = 0
    for row in rows:
        exp = row["expected"]
        got = extract(row["text"], row["published"], date_backend=date_backend).to_dict()
        if exp["relevant"]:
            rel[0 if got["relevant"] else 2] += 1
        else:
            neg_total += 1
            if got["relevant"]:
                rel[1] += 1
            else:
                neg_rejected += 1
        unnamed_ok += int(got["unnamed"] == exp["unnamed"])
        pred = got["mentions"] if got["relevant"] else []
        exp_by = {_key(m): m for m in exp["mentions"]}
        pred_by = {_key(m): m for m in pred}
        diffs = []
        # names
        exp_full = {_full(m) for m in exp["mentions"]}
        pred_full = {_full(m) for m in pred}
        counts["name"][0] += len(exp_full & pred_full)
        counts["name"][1] += len(pred_full - exp_full)
        counts["name"][2] += len(exp_full - pred_full)
        if exp_full != pred_full:
            diffs.append(f"name: expected {sorted(exp_full - pred_full)} got {sorted(pred_full - exp_full)}")
        for f in FIELDS[1:]:
            for k in set(exp_by) | set(pred_by):
                e = _value(exp_by[k], f) if k in exp_by else None
                p = _value(pred_by[k], f) if k in pred_by else None
                if e is not None and p == e:
                    counts[f][0] += 1
                    continue
                if p is not None:
                    counts[f][1] += 1
                if e is not None:
                    counts[f][2] += 1
                if (e is not None or p is not None) and k in exp_by:
                    diffs.append(f"{k} {f}: expected {e!r} got {p!r}")
        if got["unnamed"] != exp["unnamed"]:
            diffs.append(f"unnamed: expected {exp['unnamed']} got {got['unnamed']}")
        if got["relevant"] != exp["relevant"]:
            diffs.append(f"relevant: expected {exp['relevant']} ({exp.get('reason')}) got {got['relevant']} ({got['reason']})")
        if errors and diffs:
            print(f"--- {row['id']} ({row['_where']})")
            for d in diffs:
                print("   ", d)
    out = {}
    for f, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        out[f] = (p, r, 2 * p * r / (p + r) if p + r else 0.0, tp + fn)
    tp, fp, fn = rel
    out["_relevance"] = (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)
    out["_negatives"] = (neg_rejected / neg_total if neg_total else 1.0, neg_total)
    out["_unnamed"] = unnamed_ok / len(rows) if rows else 1.0
    out["_texts"] = len(rows)
    return out


def report(name: str, res: dict) -> None:
    print(f"\n== {name}: {res['_texts']} texts")
    print(f"{'field':<14}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
    for f in FIELDS:
        p, r, f1, n = res[f]
        print(f"{f:<14}{p:7.3f}{r:7.3f}{f1:7.3f}{n:6d}")
    rp, rr = res["_relevance"]
    nr, nn = res["_negatives"]
    print(f"relevance      P {rp:.3f}  R {rr:.3f}")
    print(f"negatives rejected {nr:.3f} of {nn}")
    print(f"unnamed count exact {res['_unnamed']:.3f}")


# --------------------------------------------------------------------------- speed

_SURNAMES = ["Иванов", "Баиров", "Цыденов", "Кравченко", "Гладких", "Мусаев", "Ооржак", "Шевчук", "Бондарчук",
             "Сагындыков", "Хайруллин", "Петренко", "Лебедев", "Назаров", "Галиев", "Дашиев", "Черных", "Алиев"]
_FIRST = ["Алдар", "Сергей", "Охунжон", "Ильдар", "Игорь", "Баир", "Тимур", "Никита", "Андрей", "Ахмед", "Аюр",
          "Максим", "Евгений", "Радик", "Сылдыс", "Фаррух", "Магомед", "Денис"]
_PATR = ["Баирович", "Сергеевич", "Рустамович", "Ильдарович", "Петрович", "Николаевич", "Маратович", "Олегович"]
_TOWNS = ["Улан-Удэ", "Кызыле", "Копейске", "Саратове", "Казани", "Череповце", "Сургуте", "Магнитогорске"]
_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря"]
_STEMS = ["Бадм", "Цырен", "Жамс", "Дорж", "Кузн", "Смирн", "Лебед", "Гончар", "Кравч", "Мельнич", "Тарас",
          "Байбур", "Хуснутд", "Шайхутд", "Ооржак", "Монгуш", "Алиев", "Магомед", "Гаджи", "Рашид", "Ковал",
          "Бондар", "Шевч", "Ткач", "Белоус", "Черн", "Долг", "Сед", "Голуб", "Зайц", "Волк", "Медвед", "Соколь",
          "Орл", "Ястреб", "Карп", "Щук", "Лещ", "Сом", "Ерш", "Окун", "Сазон", "Тимоф", "Ефим", "Аким", "Нург"]
_ENDINGS = ["ов", "ев", "ин", "енко", "ук", "ых", "ян", "ский", "аев", "иев"]


def _surname(rnd: random.Random) -> str:
    # ~460 distinct surnames, so per-token caches see realistic variety.
    return rnd.choice(_STEMS) + rnd.choice(_ENDINGS)


_SYLLABLES = ["ба", "ги", "до", "ку", "ле", "ми", "на", "ро", "са", "ту", "фе", "ха", "це", "ша", "юр", "як", "зо",
              "вы", "пе", "гу", "ди", "мо", "ре", "ла"]


def _fresh_surname(rnd: random.Random) -> str:
    # ~41,000 made-up surnames: almost every one is new to the process, as in a real crawl,
    # where most texts bring surnames no earlier text had (each costs pymorphy3 look-ups).
    return "".join(rnd.choice(_SYLLABLES) for _ in range(3)).capitalize() + rnd.choice(["ов", "ев", "ин"])


_FILLER = [
    "Он окончил школу №{n}, занимался вольной борьбой, был призёром районных соревнований.",
    "До службы работал водителем на местном предприятии, его уважали коллеги и соседи.",
    "Проститься с героем пришли сотни людей: родные, друзья, одноклассники, сослуживцы.",
    "Глава района выразил соболезнования родным и близким погибшего и пообещал помощь семье.",
    "У него остались жена и двое детей, {a} и {b} лет. Семье окажут всю необходимую поддержку.",
    "В школе, где он учился, планируют открыть мемориальную доску и «Парту героя».",
    "«Он всегда был готов помочь, никогда не отказывал», — вспоминает классный руководитель.",
    "По словам родных, он мечтал вернуться домой и достроить дом, который начал ещё до войны.",
    "Администрация района напоминает, что семьи участников СВО могут обратиться за помощью в МФЦ.",
    "Церемония прошла в доме культуры, затем траурная процессия направилась на городское кладбище.",
    "В {y} году он окончил техникум по специальности «электромонтёр», затем отслужил в армии.",
    "Соболезнования родным выразили депутаты районного совета и руководство предприятия.",
]


def generated_corpus(n: int, seed: int = 1, fresh_names: bool = False) -> list[tuple[str, str]]:
    """Notices of ~1,500 characters: a headline, one to three dead (one in most),
    and the biography, quotes and condolences real notices are mostly made of
    (``fresh_names``: made-up surnames that earlier texts almost never had)."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        k = rnd.choice([1, 1, 1, 1, 2, 3])
        people = []
        for _ in range(k):
            s = _fresh_surname(rnd) if fresh_names else _surname(rnd)
            if not s.endswith(("ов", "ев", "ин")):
                s = rnd.choice(_SURNAMES)
            people.append((s, rnd.choice(_FIRST), rnd.choice(_PATR)))
        m = rnd.choice(_MONTHS)
        s0, f0, p0 = people[0]
        parts = [f"В {rnd.choice(_TOWNS)} простились с участником СВО {f0}ом {s0}ым"]
        for s, f, p in people:
            parts.append(
                f"В зоне специальной военной операции погиб {rnd.randint(20, 55)}-летний рядовой {f} {p} {s}, "
                f"{rnd.randint(1970, 2003)} г.р. Он был мобилизован в сентябре 2022 года и служил в "
                f"{rnd.randint(1, 200)}-й отдельной мотострелковой бригаде. Погиб {rnd.randint(1, 28)} {m}. "
                f"Прощание состоится {rnd.randint(1, 28)} {m} в 11:00."
            )
        while sum(len(x) for x in parts) < 1400:
            parts.append(rnd.choice(_FILLER).format(n=rnd.randint(1, 60), a=rnd.randint(3, 9),
                                                   b=rnd.randint(10, 15), y=rnd.randint(1995, 2015)))
        out.append(("\n\n".join(parts), f"2024-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}T10:00:00+03:00"))
    return out


def pin_one_core() -> str:
    """Pin this process to one core, so the speed figure is a one-core figure
    (the process is single-threaded, but pinning keeps the scheduler from
    migrating it between cores of a shared machine)."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity here)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def load_models() -> float:
    """Seconds the first call takes: pymorphy3's dictionaries, the gazetteer, compiled patterns
    (a category cue in the text: db.categories compiles its patterns on the first text that has one,
    ~0.2 s that would otherwise land in the warm-up and be reported nowhere)."""
    t0 = time.perf_counter()
    extract("Погиб мобилизованный рядовой Иван Иванов.", "2024-01-01")
    return time.perf_counter() - t0


def _calibration() -> float:
    # A fixed pure-Python loop, so figures from a slow or shared machine can be compared.
    c1 = time.process_time()
    sum(range(10_000_000))
    return time.process_time() - c1


def speed(n: int = 600, *, load_s: float, pinned: str, repeat: int = 3, fresh_names: bool = False) -> None:
    """Texts per CPU-second on generated notices. A warm-up of 50 texts (other seed,
    mostly other surnames) is excluded; each timed run uses a new seed, so its
    names still cost their first pymorphy3 look-ups, as new texts do."""
    for text, pub in generated_corpus(50, seed=1000):
        extract(text, pub)
    print(f"\n== speed: {n} generated texts a run{' (made-up surnames)' if fresh_names else ''}, one process, {pinned}; "
          f"model load (first call) {load_s:.2f} s, excluded")
    rates = []
    for r in range(repeat):
        corpus = generated_corpus(n, seed=1 + r, fresh_names=fresh_names)
        avg = sum(len(t) for t, _ in corpus) / len(corpus)
        t0, c0 = time.perf_counter(), time.process_time()
        for text, pub in corpus:
            extract(text, pub)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        rates.append(n / cpu)
        print(f"run {r + 1}: {n / cpu:.0f} texts per CPU-second ({cpu / n * 1000:.2f} ms CPU a text, "
              f"{avg:.0f} chars on average; wall {n / dt:.0f} texts/s); "
              f"calibration sum(range(1e7)) {_calibration():.2f} s CPU")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"median {sorted(rates)[len(rates) // 2]:.0f} texts per CPU-second; peak RSS {rss:.0f} MB")


# --------------------------------------------------------------------------- parts


def parts(rows: list[dict]) -> None:
    """Death-date accuracy: dateparser.search_dates alone vs span finder + role + own resolver vs
    span finder + role + dateparser as the resolver."""
    import dateparser
    from dateparser.search import search_dates

    from scrapers.extract.dates import parse_published

    def death_f1(predict) -> tuple[float, float]:
        tp = fp = fn = 0
        t0 = time.perf_counter()
        for row in rows:
            exp = {_key(m): m.get("death_date") for m in row["expected"]["mentions"]}
            got = predict(row)
            for k, e in exp.items():
                p = got.get(k)
                if e is not None and p == e:
                    tp += 1
                else:
                    fp += p is not None
                    fn += e is not None
        dt = time.perf_counter() - t0
        pr = tp / (tp + fp) if tp + fp else 1.0
        rc = tp / (tp + fn) if tp + fn else 1.0
        return (2 * pr * rc / (pr + rc) if pr + rc else 0.0), len(rows) / dt

    def ours(backend):
        def run(row):
            got = extract(row["text"], row["published"], date_backend=backend)
            return {_key(m.to_dict()): m.death_date for m in got.mentions}
        return run

    def dp_alone(row):
        # What dateparser does given the whole text: the first date it finds is taken as the death date.
        pub = parse_published(row["published"]).replace(tzinfo=None)
        found = search_dates(row["text"], languages=["ru"],
                             settings={"RELATIVE_BASE": pub, "PREFER_DATES_FROM": "past"}) or []
        first = found[0][1].date().isoformat() if found else None
        return {_key(m): first for m in row["expected"]["mentions"]}

    dateparser.parse("1 января 2020", languages=["ru"])
    print("\n== what each part contributes (death date F1, texts/second)")
    for name, fn in (("dateparser.search_dates on the whole text", dp_alone),
                     ("span finder + roles + dateparser per span", ours("dateparser")),
                     ("span finder + roles + own resolver (default)", ours("own"))):
        f1, tps = death_f1(fn)
        print(f"{name:<48} F1 {f1:.3f}  {tps:7.0f} texts/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=["dev", "heldout", "both"], default="dev")
    ap.add_argument("--errors", action="store_true", help="print per-text differences (dev only)")
    ap.add_argument("--parts", action="store_true", help="measure what each part contributes")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--glob", default="*.jsonl", help="only gold files matching this pattern (e.g. 'c_*.jsonl')")
    ap.add_argument("-n", type=int, default=600, help="generated texts for the speed run")
    ap.add_argument("--repeat", type=int, default=3, help="timed speed runs (each on a new seed)")
    ap.add_argument("--fresh-names", action="store_true",
                    help="speed on made-up surnames new to the process (a crawl's case: first look-ups in every text)")
    args = ap.parse_args()
    pinned = pin_one_core()
    load_s = load_models()
    sets = ["dev", "heldout"] if args.set == "both" else [args.set]
    for which in sets:
        rows = load(which, args.glob)
        if not rows:
            print(f"no gold texts in tests/gold/{which}")
            continue
        report(which, score(rows, errors=args.errors and which == "dev"))
        if args.parts:
            parts(rows)
    if not args.no_speed:
        speed(args.n, load_s=load_s, pinned=pinned, repeat=args.repeat, fresh_names=args.fresh_names)


if __name__ == "__main__":
    main()
