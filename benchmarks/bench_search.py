"""Search benchmark: index a synthetic archive of committee meetings and time ~20 queries.

Run by hand (not part of the test suite):

    python -m benchmarks.bench_search                   # quick: 1,000 meetings
    python -m benchmarks.bench_search --meetings 10000  # the issue's target size

It builds `Meeting` dataclasses directly from a seeded random generator (no
PDFs, no parser), indexes them through `minutebook.search.build_index_from`,
reports build time and index size on disk, then runs a fixed set of queries
(plain, phrase, fuzzy, filtered, date-sorted) many times through
`minutebook.search.search` and reports p50/p95 latency. The baseline, measured
in the same run over the same index, is the same parsed queries through a
bare Whoosh searcher (top 10, no grouping, facets, snippets or exempt mask),
so the ratio is what minutebook's extras cost. Target: p95 <= 50 ms.

Build cost is reported as CPU seconds (this process and any writer
processes) and peak RSS, which mean more than wall time on a busy machine.
`--commits N` also indexes the same archive the way `ingest` does, in N
commits of `update_index` (each with its merge policy), and reports the
slowest commit: with `--merge whoosh` Whoosh's own MERGE_SMALL, the policy
that once spent 243 CPU s on one merge at about 3,000 meetings.

`MINUTEBOOK_SCORER=whoosh` runs the searches through Whoosh's own matchers
instead of the numpy scorer (the contract test checks they agree).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from minutebook.models import Action, Item, Meeting, Page, ReportSection, Resolution

BODIES = [
    "Community Safety Partnership", "Health and Wellbeing Board", "Cabinet", "Planning Sub-Committee",
    "Overview and Scrutiny Committee", "Licensing Committee", "Audit Committee", "Corporate Parenting Panel",
    "Pensions Committee and Board", "Housing Scrutiny Panel", "Adults and Health Scrutiny Panel",
    "Children and Young People's Scrutiny Panel", "Environment and Community Safety Scrutiny Panel",
    "Standards Committee", "Full Council", "Alexandra Palace and Park Board", "Staffing and Remuneration Committee",
    "Board of Trustees", "City Council", "Board of Health",
]
FIRST = ["Treena", "Eubert", "Beverley", "Susan", "Laura", "Sandeep", "Joe", "Ann", "Will", "Sean", "Jessica",
         "Fatmir", "Eduardo", "Karina", "Julia", "Denise", "Manju", "Marc", "Zina", "Rachel", "Geoffrey", "Ian",
         "Mark", "Julia", "Andrew", "Sarah", "Nigel", "Tony", "Stephen", "Maria", "David", "Priya", "Omar",
         "Helen", "Grace", "Tom", "Aisha", "Peter", "Chloe", "Kwame"]
LAST = ["Fleming", "Malcolm", "Hendricks", "Otiti", "Wileman", "Broca", "Benmore", "Graham", "Maimaris",
        "McLaughlin", "Ralph", "Deda", "Araujo", "Kaur", "Terradot", "Gandy", "Lukhman", "Isaacs", "Etheridge",
        "Lissauer", "Ocen", "Thompson", "Blake", "Ogiehor", "Blight", "Hart", "Brookes", "Hartney", "McDonnell",
        "Okafor", "Patel", "Nowak", "Hussain", "Clarke", "Mensah", "Silva", "Byrne", "Kowalski", "Ahmed", "Evans"]
TOPICS = [
    ("knife crime", "young people", "gangs"), ("burglary", "campaign", "residents"),
    ("suicide prevention", "training", "mental health"), ("domestic abuse", "housing", "accreditation"),
    ("CCTV", "capital investment", "cameras"), ("anti-social behaviour", "enforcement", "estates"),
    ("hate crime", "reporting", "community groups"), ("violence against women and girls", "strategy", "refuge"),
    ("youth services", "funding", "outreach"), ("street lighting", "maintenance", "contract"),
    ("temporary accommodation", "homelessness", "families"), ("air quality", "monitoring", "schools"),
    ("budget", "savings", "medium term financial strategy"), ("pension fund", "investment", "valuation"),
    ("licensing", "late night premises", "objections"), ("planning application", "conservation area", "density"),
    ("exclusions", "education", "pupils"), ("modern slavery", "exploitation", "referrals"),
    ("drug and alcohol", "treatment", "recovery"), ("fly-tipping", "waste", "fines"),
    ("parking", "controlled zones", "permits"), ("adult social care", "care homes", "inspection"),
    ("childhood obesity", "healthy eating", "schools"), ("immunisation", "uptake", "clinics"),
    ("extremism", "Prevent", "referral pathway"), ("fire safety", "cladding", "tower blocks"),
    ("libraries", "opening hours", "volunteers"), ("cycling", "low traffic neighbourhoods", "consultation"),
    ("procurement", "social value", "contracts"), ("internal audit", "risk register", "assurance"),
]
VERBS = ["received a report on", "noted an update about", "discussed", "considered a briefing on",
         "was informed about progress on", "asked questions about", "welcomed the work on"]
FILLER = [
    "It was noted that the figures for {year} showed an increase of {n} per cent compared with the previous year.",
    "The Chair asked officers to bring a further report to the next meeting.",
    "Members raised concerns about the level of resources available in {place}.",
    "The officer explained that the service had engaged with {n} local organisations.",
    "It was agreed that partners would share data through the information sharing protocol.",
    "A member asked whether the pilot in {place} would be extended across the borough.",
    "The Partnership heard that {n} residents had responded to the consultation.",
    "Officers confirmed that the action plan would be refreshed in {month}.",
    "Concerns were raised about the waiting times reported by {org}.",
    "The Board welcomed the joint working between the Council, the police and {org}.",
]
PLACES = ["Wood Green", "Tottenham", "Hornsey", "Muswell Hill", "Northumberland Park", "Seven Sisters",
          "Bruce Grove", "Crouch End", "Highgate", "Harringay", "Noel Park", "White Hart Lane"]
ORGS = ["Homes for Haringey", "the Metropolitan Police", "Victim Support", "the CCG", "Mind in Haringey",
        "the London Fire Brigade", "the Bridge Renewal Trust", "One Support", "the Probation Service"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
BOILERPLATE = ["APOLOGIES", "DECLARATIONS OF INTEREST", "MINUTES", "URGENT BUSINESS", "DATES OF FUTURE MEETINGS"]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _sentence(rng: random.Random, topic: tuple[str, str, str], year: int) -> str:
    if rng.random() < 0.5:
        a, b, c = topic
        return f"The {rng.choice(['Partnership', 'Board', 'Committee', 'Panel'])} {rng.choice(VERBS)} {a} and {b}, " \
               f"including {c} in {rng.choice(PLACES)}."
    return rng.choice(FILLER).format(year=year, n=rng.randint(2, 400), place=rng.choice(PLACES),
                                     month=rng.choice(MONTHS), org=rng.choice(ORGS))


def random_meeting(rng: random.Random, mid: str, document_id: str) -> Meeting:
    """One meeting with 6-12 items, points, resolutions, actions and (agendas) report sections."""
    year = rng.randint(2000, 2025)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    kind = rng.choice(["minutes", "minutes", "agenda"])
    meeting = Meeting(body=rng.choice(BODIES), date=date, kind=kind, id=mid, document_id=document_id,
                      chair=_name(rng), pages=(1, 12))
    number = rng.randint(1, 120)
    page = 1
    for title in rng.sample(BOILERPLATE, 3):
        meeting.items.append(Item(number=str(number), title=title, page=page, id=f"{mid}.{number}",
                                  text="There were none." if kind == "minutes" else ""))
        number += 1
    for _ in range(rng.randint(3, 9)):
        topic = rng.choice(TOPICS)
        title = f"{topic[0]} {rng.choice(['update', 'strategy', 'review', 'annual report', 'action plan'])}".upper()
        iid = f"{mid}.{number}"
        item = Item(number=str(number), title=title, page=page, page_end=page + 1, id=iid,
                    exempt=rng.random() < 0.02)
        if kind == "minutes":
            item.text = " ".join(_sentence(rng, topic, year) for _ in range(rng.randint(3, 8)))
            item.points = [_sentence(rng, topic, year) for _ in range(rng.randint(0, 3))]
            item.resolutions = [Resolution(text=f"That the {topic[0]} {rng.choice(['update', 'report'])} be noted.",
                                           page=page + 1, id=f"{iid}.r")]
            for n in range(rng.choice([0, 0, 1, 2])):
                owner = _name(rng)
                item.actions.append(Action(text=f"{owner} to circulate the {topic[1]} figures to the partners.",
                                           page=page, owners=[owner], id=f"{iid}.a{n}"))
        else:
            item.description = _sentence(rng, topic, year)
            item.reports = [ReportSection(heading=h, text=" ".join(_sentence(rng, topic, year) for _ in range(3)),
                                          page=page + 2 + n)
                            for n, h in enumerate(rng.sample(["Purpose", "Recommendations", "Background"], 2))]
        meeting.items.append(item)
        number += 1
        page += 2
    return meeting


def synthetic_archive(n: int, seed: int = 2019) -> tuple[list[Meeting], list[tuple[str, Page]]]:
    """`n` meetings, plus one unrecognised single-page document per 50 meetings (indexed as pages)."""
    from minutebook.models import Line

    rng = random.Random(seed)
    meetings = [random_meeting(rng, f"m{i:05d}", f"d{i:05d}") for i in range(n)]
    pages = [(f"u{i:05d}", Page(index=1, label="1", lines=[Line(_sentence(rng, rng.choice(TOPICS), 2010))
                                                            for _ in range(12)]))
             for i in range(max(1, n // 50))]
    return meetings, pages


# (label, query, search() keyword arguments)
QUERIES: list[tuple[str, str, dict]] = [
    ("plain", "Zero Suicide training", {}),
    ("plain", "community flyer gangs knife crime", {}),
    ("plain", "burglary campaign", {}),
    ("plain", "DAHA accreditation Homes for Haringey", {}),
    ("plain", "air quality schools", {}),
    ("plain broad", "community", {}),
    ("plain", "pension fund valuation", {}),
    ("phrase", '"knife crime"', {}),
    ("phrase", '"temporary accommodation" families', {}),
    ("fuzzy", "burglery~", {}),
    ("fuzzy", "sucide~ prevention", {}),
    ("boolean", "cctv AND cameras NOT budget", {}),
    ("field", "owner:\"laura wileman\"", {}),
    ("filter body", "domestic abuse", {"body": "Community Safety Partnership"}),
    ("filter kind", "knife crime", {"kinds": ["action", "resolution"]}),
    ("filter date", "licensing objections", {"date_from": "2015", "date_to": "2016-06"}),
    ("filter owner", "figures", {"owner": "Eubert Malcolm"}),
    ("date sort", "hate crime", {"sort": "date"}),
    ("date sort", "budget savings", {"sort": "date", "date_from": "2020"}),
    ("no hits", "xylophone quartet", {}),
]


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _time(fn: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of `repeat` calls (CPU time shows the cost on a busy machine)."""
    fn()  # warm the OS page cache and Whoosh's stem cache so both sides are measured warm
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return wall, cpu


def _cpu() -> float:
    """CPU seconds of this process and its finished children (Whoosh's writer processes with --procs)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _peak_mb() -> float:
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


def ingest_path(home: Path, meetings: list, pages: list, commits: int, merge: str) -> None:
    """Index `meetings` in `commits` update_index calls, as ingest's batches do; print the slowest commit."""
    from whoosh.writing import MERGE_SMALL

    from minutebook.search import _index

    policy = MERGE_SMALL if merge == "whoosh" else None
    size = max(1, -(-len(meetings) // commits))
    per_commit = []
    for n in range(0, len(meetings), size):
        c0 = time.process_time()
        _index.update_index(home, meetings[n:n + size], pages if n == 0 else [], merge=policy)
        per_commit.append(time.process_time() - c0)
    ix = _index.open_index(home)
    with ix.reader() as reader:
        segments = len(list(reader.leaf_readers()))
    ix.close()
    worst = max(range(len(per_commit)), key=per_commit.__getitem__)
    ordered = sorted(per_commit)
    print(f"ingest path ({merge} merges): {len(per_commit)} commits, {sum(per_commit):.1f} CPU s in all, "
          f"median commit {ordered[len(ordered) // 2]:.2f} s, slowest {per_commit[worst]:.2f} s (commit "
          f"{worst + 1}), {segments} segments at the end")


def main(argv: list[str] | None = None) -> int:
    from minutebook.home import index_path
    from minutebook.search import build_index_from, index_status, search
    from minutebook.search._query import make_parser

    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_search", description=__doc__.split("\n")[0])
    ap.add_argument("--meetings", type=int, default=1000, help="meetings in the synthetic archive (default 1000)")
    ap.add_argument("--repeat", type=int, default=30, help="timed runs of each query (default 30)")
    ap.add_argument("--procs", type=int, default=1, help="Whoosh writer processes for the build (default 1)")
    ap.add_argument("--home", type=Path, help="keep the index here instead of a temporary folder")
    ap.add_argument("--reuse", action="store_true", help="with --home: search the index already there, skip the build")
    ap.add_argument("--commits", type=int, default=0,
                    help="also index the archive in this many update_index commits, as ingest does (default: no)")
    ap.add_argument("--merge", choices=("bounded", "whoosh"), default="bounded",
                    help="merge policy of those commits: minutebook's bounded_merge or Whoosh's MERGE_SMALL")
    ap.add_argument("--no-search", action="store_true", help="build only, time no queries")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="mb-bench-") as tmp:
        home = args.home or Path(tmp)
        if args.reuse and args.home and index_status(home).ok:
            print(f"reusing the index in {home}: {index_status(home).doc_count:,} documents, "
                  f"{_dir_size(index_path(home)) / 1e6:.1f} MB")
        else:
            t0 = time.perf_counter()
            meetings, pages = synthetic_archive(args.meetings)
            gen_s = time.perf_counter() - t0
            t0, c0, load0 = time.perf_counter(), _cpu(), os.getloadavg()[0]
            docs = build_index_from(home, meetings, pages, procs=args.procs)
            build_s, build_cpu = time.perf_counter() - t0, _cpu() - c0
            size_mb = _dir_size(index_path(home)) / 1e6
            print(f"archive: {len(meetings):,} meetings, {sum(len(m.items) for m in meetings):,} items, "
                  f"{docs:,} index documents (generated in {gen_s:.1f} s)")
            print(f"build:   {build_cpu:.1f} CPU s, {build_s:.1f} s wall ({docs / build_s:,.0f} docs/s), peak RSS "
                  f"{_peak_mb():.0f} MB, index size {size_mb:.1f} MB; load average {load0:.1f} -> "
                  f"{os.getloadavg()[0]:.1f}")
            if args.commits:
                with tempfile.TemporaryDirectory(prefix="mb-bench-ingest-") as other:
                    ingest_path(Path(other), meetings, pages, args.commits, args.merge)
            del meetings, pages
        if args.no_search:
            return 0

        from whoosh import index as windex

        ix = windex.open_dir(str(index_path(home)))
        parser = make_parser(ix.schema)  # the same parser, so the baseline runs the same queries
        rows = []
        totals: dict[str, list[float]] = {"ours": [], "ours_cpu": [], "base": [], "base_cpu": []}
        load_before = os.getloadavg()[0]
        with ix.searcher() as bare:
            for label, query, kwargs in QUERIES:
                result = search(home, query, **kwargs)
                ours, ours_cpu = _time(lambda q=query, kw=kwargs: search(home, q, **kw), args.repeat)
                parsed = parser.parse(query)
                base, base_cpu = _time(lambda p=parsed: bare.search(p, limit=10), args.repeat)
                for key, values in zip(totals, (ours, ours_cpu, base, base_cpu)):
                    totals[key] += values
                rows.append((label, query, kwargs, result.total, _percentile(ours, 50), _percentile(ours, 95),
                             _percentile(ours_cpu, 95), _percentile(base, 50), _percentile(base, 95)))
        ix.close()
        load_after = os.getloadavg()[0]

    print()
    print(f"{'kind':<12} {'query':<40} {'hits':>7} {'p50 ms':>7} {'p95 ms':>7} {'cpu p95':>7} "
          f"{'base p50':>8} {'base p95':>8}")
    for label, query, kwargs, total, p50, p95, c95, b50, b95 in rows:
        shown = query + (" " + " ".join(f"{k}={v}" for k, v in kwargs.items()) if kwargs else "")
        print(f"{label:<12} {shown[:40]:<40} {total:>7,} {p50:>7.1f} {p95:>7.1f} {c95:>7.1f} {b50:>8.1f} {b95:>8.1f}")
    o50, o95 = _percentile(totals["ours"], 50), _percentile(totals["ours"], 95)
    c50, c95 = _percentile(totals["ours_cpu"], 50), _percentile(totals["ours_cpu"], 95)
    b50, b95 = _percentile(totals["base"], 50), _percentile(totals["base"], 95)
    print(f"{'ALL':<12} {'':<40} {'':>7} {o50:>7.1f} {o95:>7.1f} {c95:>7.1f} {b50:>8.1f} {b95:>8.1f}")
    print(f"\nsearch(): p50 {o50:.1f} ms, p95 {o95:.1f} ms (CPU p50 {c50:.1f}, p95 {c95:.1f}); bare Whoosh top-10: "
          f"p50 {b50:.1f}, p95 {b95:.1f} ms; ratio p95 {o95 / b95:.1f}x")
    print(f"target p95 <= 50 ms: {'met' if o95 <= 50 else 'NOT met'}; load average {load_before:.1f} -> "
          f"{load_after:.1f} on {os.cpu_count()} CPUs (wall times on a busy machine overstate latency); "
          f"peak RSS {_peak_mb():.0f} MB; scorer {os.environ.get('MINUTEBOOK_SCORER') or 'numpy'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
