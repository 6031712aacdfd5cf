"""`make bench`: the site search over 50,000 resources, 10,000 discussions and 1,000 events (with two
sessions each), five fixed queries in each language.

The corpus is bulk-inserted once (PostgreSQL derives every stored search vector, generated columns, as
rows arrive), then VACUUM ANALYZE, as production tables would be, and every query reuses it. Each query
is timed in-process three ways: its one SQL statement alone, the search as the page runs it (total,
ranked first page with highlighted snippets, facets, the page's objects loaded: the goal's "query") and
the whole search page through the Django test client (template and middleware included).
The plan of one search is printed with the stored vectors' GIN indexes it uses.
Figures are printed, not asserted; what the search finds is (every query finds each kind).
"""

import datetime as dt
import random
import re
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from communities.models import Community, Thread, Visibility
from events.models import Event, Session
from search import queries
from tests.benchmarks import test_learning_bench as library
from tests.benchmarks.harness import goal, record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

RESOURCES, THREADS, EVENTS = 50_000, 10_000, 1_000
RUNS = 30
QUERIES = library.QUERIES
TOPICS_EN, TOPICS_FR = library.TOPICS_EN, library.TOPICS_FR
FILLER_EN, FILLER_FR = library.FILLER_EN, library.FILLER_FR
QUESTIONS_EN = [
    "How do you handle {a} when your team is spread over three regions?",
    "Looking for examples of {a} that worked with {b}.",
    "Our branch is starting on {a}: what would you do differently?",
]
QUESTIONS_FR = [
    "Comment abordez-vous {a} quand l'équipe est répartie dans trois régions?",
    "Je cherche des exemples de {a} qui ont fonctionné avec {b}.",
    "Notre direction commence {a} : que feriez-vous autrement?",
]
ANSWER_EN = (
    "We tried weekly check-ins and a shared board; the director joined every second meeting. "
    "It took a quarter before people trusted the process, and the feedback survey helped."
)
ANSWER_FR = (
    "Nous avons essayé des rencontres hebdomadaires et un tableau partagé; la directrice assistait à une "
    "rencontre sur deux. Il a fallu un trimestre avant que l'équipe fasse confiance à la démarche."
)
CITIES = [
    ("Vancouver, British Columbia", "Vancouver (Colombie-Britannique)", "America/Vancouver", "pacific"),
    ("Ottawa, Ontario", "Ottawa (Ontario)", "America/Toronto", "ncr"),
    ("Halifax, Nova Scotia", "Halifax (Nouvelle-Écosse)", "America/Halifax", "atlantic"),
    ("Montréal, Quebec", "Montréal (Québec)", "America/Toronto", "quebec"),
    ("Winnipeg, Manitoba", "Winnipeg (Manitoba)", "America/Winnipeg", "prairies"),
]


def build_discussions(count, rng):
    communities = [
        Community.objects.create(
            slug=f"bench-community-{n}",
            name_en=f"{TOPICS_EN[n].capitalize()} circle",
            name_fr=f"Cercle {TOPICS_FR[n]}",
            description_en="Managers who help each other.",
            description_fr="Des gestionnaires qui s'entraident.",
            visibility=Visibility.MEMBERS if n % 5 == 4 else Visibility.PUBLIC,
        )
        for n in range(10)
    ]
    authors = UserFactory.create_batch(20)
    rows = []
    for number in range(count):
        first, second = rng.sample(range(len(TOPICS_EN)), 2)
        french = rng.random() < 0.4
        topics, questions, answer = (
            (TOPICS_FR, QUESTIONS_FR, ANSWER_FR) if french else (TOPICS_EN, QUESTIONS_EN, ANSWER_EN)
        )
        question = rng.choice(questions).format(a=topics[first], b=topics[second])
        body = f"{question}\n\n{answer}" * rng.randint(1, 3)
        rows.append(
            Thread(
                community=communities[number % len(communities)],
                author=authors[number % len(authors)],
                title=f"{topics[first].capitalize()}: {number}",
                body=body,
                body_html=f"<p>{body}</p>",
                language="fr" if french else "en",
            )
        )
    Thread.objects.bulk_create(rows, batch_size=2000)
    return communities


def build_events(count, rng, communities):
    rows = []
    today = timezone.localdate()
    for number in range(count):
        first, second = rng.sample(range(len(TOPICS_EN)), 2)
        venue_en, venue_fr, zone, region = rng.choice(CITIES)
        online = rng.random() < 0.3
        start = today + dt.timedelta(days=rng.randint(-400, 400))
        rows.append(
            Event(
                slug=f"bench-event-{number}",
                title_en=f"{TOPICS_EN[first].capitalize()} learning day {number}",
                title_fr="" if rng.random() < 0.1 else f"Journée {TOPICS_FR[first]} {number}",
                description_en=f"A day on {TOPICS_EN[first]} and {TOPICS_EN[second]}. {FILLER_EN}",
                description_fr=f"Une journée sur {TOPICS_FR[first]} et {TOPICS_FR[second]}. {FILLER_FR}",
                kind=rng.choice(list(Event.Kind)),
                status=rng.choice(["published"] * 6 + ["completed"] * 3 + ["draft"]),
                region=region,
                timezone=zone,
                start_date=start,
                end_date=start,
                venue_en="" if online else venue_en,
                venue_fr="" if online else venue_fr,
                community=rng.choice(communities) if rng.random() < 0.3 else None,
            )
        )
    events = Event.objects.bulk_create(rows, batch_size=1000)
    sessions = []
    for event in events:
        morning = dt.datetime.combine(event.start_date, dt.time(16), tzinfo=dt.UTC)
        for slot in range(2):
            topic = rng.randrange(len(TOPICS_EN))
            sessions.append(
                Session(
                    event=event,
                    kind=rng.choice(["plenary", "panel", "workshop"]),
                    title_en=f"Workshop: {TOPICS_EN[topic]}",
                    title_fr=f"Atelier : {TOPICS_FR[topic]}",
                    description_en=FILLER_EN,
                    description_fr=FILLER_FR,
                    starts_at=morning + dt.timedelta(hours=2 * slot),
                    ends_at=morning + dt.timedelta(hours=2 * slot + 1),
                    language=rng.choice(["en", "fr", "bilingual"]),
                )
            )
    Session.objects.bulk_create(sessions, batch_size=2000)


@pytest.fixture
def corpus():
    """The whole corpus, built once for every query of the run; returns the seconds it took."""
    rng = random.Random(2026)
    started = time.perf_counter()
    library.build_corpus(RESOURCES)
    communities = build_discussions(THREADS, rng)
    build_events(EVENTS, rng, communities)
    with connection.cursor() as cursor:
        for table in ("communities_thread", "events_event", "events_session", "communities_community"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - started


def time_statement(text, language):
    """The one SQL statement alone (matches, page with snippets, facets): the database's share."""
    started = time.perf_counter()
    queries._run(AnonymousUser(), queries.Filters(q=text), language, offset=0, limit=queries.RESULTS_PER_PAGE)
    return time.perf_counter() - started


def plan(text, language):
    """EXPLAIN ANALYZE of the search statement: its time, and the stored vectors' indexes it scans."""
    sql, params = queries._statement(
        AnonymousUser(), queries.Filters(q=text), language, offset=0, limit=queries.RESULTS_PER_PAGE
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        lines = [row[0] for row in cursor.fetchall()]
    return lines, sorted(set(re.findall(r"Index Scan on (\w+_search)\b", "\n".join(lines))))


def test_site_search_latency_over_resources_discussions_and_events(corpus):
    counts = (Thread.objects.count(), Event.objects.count(), Session.objects.count())
    print(
        f"\nSite search over {RESOURCES:,} resources, {counts[0]:,} discussions, {counts[1]:,} events and "
        f"{counts[2]:,} sessions (loaded in {corpus:.1f} s)"
    )
    lines, indexes = plan("client experience", "en")
    print(f"EXPLAIN ANALYZE 'client experience': {lines[-1].strip()}; GIN indexes used: {', '.join(indexes)}")
    assert {"events_event_search", "communities_thread_search", "learning_resource_search"} <= set(indexes)
    header = ("language", "query", "matches", "events", "threads")
    header += ("SQL p95", "search p50", "search p95", "page p50", "page p95")
    print("{:<8} {:<26} {:>8} {:>7} {:>7} {:>9} {:>11} {:>11} {:>9} {:>9}".format(*header))
    client = Client()
    figures = {
        "resources": RESOURCES,
        "threads": counts[0],
        "events": counts[1],
        "sessions": counts[2],
        "load_s": round(corpus, 1),
        "gin_indexes_used": indexes,
    }
    goals = []
    for language, texts in QUERIES.items():
        with translation.override(language):
            url = reverse("search:search")
        all_statements, all_searches, all_pages = [], [], []
        for text in texts:
            library.time_search(text, language)  # warm the plan and the cache
            searches = [library.time_search(text, language) for _ in range(RUNS)]
            _elapsed, matches, page = searches[0]
            assert len(page) == min(matches, queries.RESULTS_PER_PAGE)
            types = queries.search_site(AnonymousUser(), queries.Filters(q=text), language=language).facets
            found = {value: n for value, _label, n in types["type"].options}
            assert found["resource"] and found["event"] and found["discussion"], (text, found)
            pages = [library.time_page(client, url, text) for _ in range(RUNS)]
            statements = [time_statement(text, language) for _ in range(RUNS)]
            all_statements += statements
            elapsed = [seconds for seconds, _total, _page in searches]
            all_searches += elapsed
            all_pages += pages
            s50, s95 = library.percentiles(elapsed)
            p50, p95 = library.percentiles(pages)
            sql95 = library.percentiles(statements)[1]
            figures[f"{language}: {text}"] = {
                "matches": matches,
                "statement_p95_ms": round(sql95, 1),
                "search_p50_ms": round(s50, 1),
                "search_p95_ms": round(s95, 1),
                "page_p50_ms": round(p50, 1),
                "page_p95_ms": round(p95, 1),
            }
            row = f"{sql95:>7.1f}ms {s50:>9.1f}ms {s95:>9.1f}ms {p50:>7.1f}ms {p95:>7.1f}ms"
            print(f"{language:<8} {text:<26} {matches:>8} {found['event']:>7} {found['discussion']:>7} {row}")
        figures[f"statement_p95_ms_{language}"] = round(library.percentiles(all_statements)[1], 1)
        search_p95 = library.percentiles(all_searches)[1]
        page_p95 = library.percentiles(all_pages)[1]
        figures[f"search_p95_ms_{language}"] = round(search_p95, 1)
        figures[f"page_p95_ms_{language}"] = round(page_p95, 1)
        goals += [
            goal(f"search query p95 ms ({language})", search_p95, 50, at_most=True),
            goal(f"search page p95 ms ({language})", page_p95, 100, at_most=True),
        ]
    print(flush=True)
    record("search", figures, goals)
