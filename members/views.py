import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .adapter import set_language_cookie
from .forms import DeleteAccountForm, ProfileForm
from .queries import calendar_addresses


@login_required
def dashboard(request):
    calendar_url, webcal_url = calendar_addresses(request.user)
    return render(
        request,
        "members/dashboard.html",
        {"member": request.user, "calendar_url": calendar_url, "webcal_url": webcal_url},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            before = form.initial.get("preferred_language")
            member = services.update_profile(member=request.user, form=form)
            if member.preferred_language == before:
                messages.success(request, _("Your profile was saved."))
                return redirect("members:dashboard")
            # "The portal and its emails will use this language": from this very answer on.
            with translation.override(member.preferred_language):
                messages.success(request, _("Your profile was saved."))
                response = redirect(reverse("members:dashboard"))
            set_language_cookie(response, member.preferred_language)
            return response
        return render(request, "members/profile_form.html", {"form": form}, status=400)
    return render(request, "members/profile_form.html", {"form": form})


@login_required
@require_http_methods(["POST"])
def reset_calendar(request):
    services.reset_calendar_token(member=request.user)
    messages.success(request, _("Your calendar has a new address. The old address no longer works."))
    return redirect(reverse("members:dashboard") + "#my-calendar")


@login_required
def export_data(request):
    data = services.export_member_data(member=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="nmc-portal-my-data-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            services.delete_account(request=request, member=request.user)
            messages.success(request, _("Your account was deleted."))
            return redirect("home")
        return render(request, "members/delete_account.html", {"form": form}, status=400)
    return render(request, "members/delete_account.html", {"form": form})
