"""`make bench`: library search over 50,000 resources, five fixed queries in each language.

The corpus is bulk-inserted with its accent-folded search text (PostgreSQL derives the tsvector,
a generated column, as rows arrive), then VACUUM ANALYZE, as a production table would be. Each
query is timed in-process, twice: the search itself (total, ranked first page with highlighted
snippets, facets; the demo data's events and discussions are searched too) and the whole search
page (template and middleware included).
Figures are printed, not asserted.
"""

import random
import statistics
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.utils import translation
from taggit.models import Tag, TaggedItem

from learning.indexing import search_fields
from learning.models import Resource
from search import queries

pytestmark = pytest.mark.django_db(transaction=True)

RESOURCES = 50_000
RUNS = 40
QUERIES = {
    "en": [
        "engagement",
        "client experience",
        "social media policy",
        "coaching conversations",
        "hybrid teams",
    ],
    "fr": ["engagements", "expérience client", "politiques", "equipe hybride", "conversations de coaching"],
}
TOPICS_EN = [
    "employee engagement", "client experience", "social media policy", "coaching conversations",
    "hybrid teams", "performance management", "onboarding", "mental health", "budget planning",
    "official languages", "risk management", "innovation", "service design", "data literacy",
    "procurement", "leadership", "values and ethics", "retention", "diversity and inclusion",
    "change management",
]  # fmt: skip
TOPICS_FR = [
    "mobilisation des employés", "expérience client", "politique sur les médias sociaux",
    "conversations de coaching", "équipes hybrides", "gestion du rendement", "intégration",
    "santé mentale", "planification budgétaire", "langues officielles", "gestion des risques",
    "innovation", "conception de services", "littératie des données", "approvisionnement",
    "leadership", "valeurs et éthique", "maintien en poste", "diversité et inclusion",
    "gestion du changement",
]  # fmt: skip
KINDS = ["guide", "playbook", "toolkit", "video", "link", "file", "news"]
FILLER_EN = (
    "Managers share what worked in their region, the pitfalls to avoid and the tools they used. "
    "The guide walks through each step with examples from federal departments."
)
FILLER_FR = (
    "Des gestionnaires racontent ce qui a fonctionné dans leur région, les pièges à éviter et les outils "
    "utilisés. Le guide présente chaque étape avec des exemples de ministères fédéraux."
)


def build_corpus(count, seed=2026):
    rng = random.Random(seed)
    tags = [
        Tag.objects.get_or_create(name=name, defaults={"slug": f"bench-{n}"})[0]
        for n, name in enumerate(TOPICS_EN)
    ]
    rows, topics = [], []
    for number in range(count):
        first, second = rng.sample(range(len(TOPICS_EN)), 2)
        topics.append(tags[first])
        language = rng.choice(["en", "fr", "bilingual"])
        content = {
            "title_en": f"{TOPICS_EN[first].capitalize()} for managers, part {number}",
            "title_fr": f"{TOPICS_FR[first].capitalize()} pour les gestionnaires, partie {number}",
            "summary_en": f"How {TOPICS_EN[first]} meets {TOPICS_EN[second]}. {FILLER_EN}",
            "summary_fr": f"Quand {TOPICS_FR[first]} rencontre {TOPICS_FR[second]}. {FILLER_FR}",
            "body": (FILLER_FR if language == "fr" else FILLER_EN) * rng.randint(1, 4),
        }
        rows.append(
            Resource(
                slug=f"bench-{number}",
                kind=rng.choice(KINDS),
                language=language,
                revision_count=1,
                **content,
                **search_fields(**content, language=language, tag_names=[tags[first].name]),
            )
        )
    started = time.perf_counter()
    created = Resource.objects.bulk_create(rows, batch_size=2000)
    content_type = ContentType.objects.get_for_model(Resource)
    TaggedItem.objects.bulk_create(
        [
            TaggedItem(tag=tag, content_type=content_type, object_id=r.pk)
            for r, tag in zip(created, topics, strict=True)
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE learning_resource")
        cursor.execute("VACUUM ANALYZE taggit_taggeditem")
    return time.perf_counter() - started


def percentiles(samples):
    samples = sorted(samples)
    return statistics.median(samples) * 1000, samples[max(0, int(len(samples) * 0.95) - 1)] * 1000


def time_search(text, language):
    """Total, facets and the first page of ranked results with their snippets, as the page runs them."""
    filters = queries.Filters(q=text)
    started = time.perf_counter()
    results = queries.search_site(AnonymousUser(), filters, language=language)
    page = queries.page_of_results(results.hits)
    return time.perf_counter() - started, results.total, page


def time_page(client, url, text):
    started = time.perf_counter()
    response = client.get(url, {"q": text})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return elapsed


def test_library_search_latency_over_50000_resources():
    loaded = build_corpus(RESOURCES)
    print(f"\nLibrary search over {Resource.objects.count():,} resources (loaded in {loaded:.1f} s)")
    header = ("language", "query", "matches", "search p50", "search p95", "page p50", "page p95")
    print("{:<8} {:<26} {:>8} {:>11} {:>11} {:>9} {:>9}".format(*header))
    client = Client()
    for language, texts in QUERIES.items():
        with translation.override(language):
            url = "/" + language + "/" + queries_url().split("/", 2)[2]
            for text in texts:
                time_search(text, language)  # warm the plan and the cache
                searches = [time_search(text, language) for _ in range(RUNS)]
                matches, page = searches[0][1], searches[0][2]
                assert len(page) == min(matches, queries.RESULTS_PER_PAGE)
                pages = [time_page(client, url, text) for _ in range(RUNS)]
                s50, s95 = percentiles([elapsed for elapsed, _total, _page in searches])
                p50, p95 = percentiles(pages)
                figures = f"{s50:>9.1f}ms {s95:>9.1f}ms {p50:>7.1f}ms {p95:>7.1f}ms"
                print(f"{language:<8} {text:<26} {matches:>8} {figures}")
    print(flush=True)


def queries_url():
    from django.urls import reverse

    return reverse("search:search")
