"""The search page: read the form, run one search, render a page of results."""

from django.core.paginator import Paginator
from django.shortcuts import render

from nmc_portal.bilingual import current_language

from . import queries
from .forms import SearchForm

SEARCH_FIELDS = ("q", "type", "kind", "tag", "language", "community")


def search(request):
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = queries.Filters(**{name: (data.get(name) or "").strip() for name in SEARCH_FIELDS})
    number = request.GET.get("page")
    results = queries.search_site(request.user, filters, language=current_language(), page=number)
    page = Paginator(results, queries.RESULTS_PER_PAGE).get_page(number)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "results": queries.page_of_results(page.object_list),
            "facets": results.facets,
            "query_string": query_string.urlencode(),
        },
    )
