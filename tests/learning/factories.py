"""Library resources made the way the portal makes them: through learning.services."""

import itertools

from learning import services
from learning.indexing import search_fields
from learning.models import Resource
from tests.factories import UserFactory

_numbers = itertools.count(1)


def make_resource(*, author=None, tags=(), **fields):
    """A resource with its first revision and search text, like the "Add a resource" page makes."""
    number = next(_numbers)
    defaults = {
        "kind": "guide",
        "language": "en",
        "audience": "public",
        "title_en": f"Resource {number}",
        "title_fr": f"Ressource {number}",
    }
    return services.create_resource(author=author or UserFactory(), tags=tags, **{**defaults, **fields})


def bulk_resources(count, **fields):
    """Many plain resources at once (for query-count guards and benchmarks), search text included."""
    rows = []
    for _ in range(count):
        number = next(_numbers)
        content = {
            "title_en": f"Bulk guide {number}",
            "title_fr": f"Guide en lot {number}",
            "summary_en": "A guide for managers.",
            "summary_fr": "Un guide pour les gestionnaires.",
            "body": "",
            "language": "en",
        }
        content.update(fields)
        searchable = {
            key: content[key] for key in ("title_en", "title_fr", "summary_en", "summary_fr", "body")
        }
        rows.append(
            Resource(
                slug=f"bulk-{number}",
                kind=content.pop("kind", "guide"),
                revision_count=1,
                **content,
                **search_fields(**searchable, language=content["language"], tag_names=[]),
            )
        )
    return Resource.objects.bulk_create(rows)
