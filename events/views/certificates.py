"""Proof of attendance: a participant downloads their certificate, anyone checks a code, organizers
reissue one with a corrected name."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from nmc_portal.bilingual import current_language
from nmc_portal.errors import DomainError, add_to_form
from nmc_portal.submissions import submit_once

from ..certificate_pdf import certificate_pdf
from ..forms import ReissueCertificateForm
from ..models import Registration
from ..services.certificates import (
    attended_sessions,
    certificate_for,
    may_have_certificate,
    reissue_certificate,
    verify,
)
from .mixins import ManageEventMixin, MemberEventMixin


class CertificateView(MemberEventMixin, View):
    """My certificate as a PDF in the page's language; 404 for anyone who was not checked in."""

    def get(self, request):
        registration = self.my_registration()
        try:
            certificate = certificate_for(registration)
        except DomainError:
            raise Http404 from None
        language = current_language()
        body = certificate_pdf(certificate, attended_sessions(registration), language=language)
        response = HttpResponse(body, content_type="application/pdf")
        filename = "attestation" if language == "fr" else "certificate"
        response["Content-Disposition"] = f'attachment; filename="{self.event.slug}-{filename}.pdf"'
        return response


def lookup_certificate(request):
    """The code typed in the form: to its verification address (normalised), or the empty form."""
    code = "".join(ch for ch in request.GET.get("code", "").upper() if ch.isalnum())[:12]
    if len(code) == 12:
        return redirect("events:certificate_verify", code="-".join(code[i : i + 4] for i in range(0, 12, 4)))
    return render(
        request,
        "events/certificate_verify.html",
        {"asked": bool(code)},
        status=404 if code else 200,
    )


def verify_certificate(request, code):
    """Anyone may check a code: the name, the event and its dates, nothing else. Unknown codes are 404."""
    certificate = verify(code)
    if certificate is None:
        return render(request, "events/certificate_verify.html", {"asked": True}, status=404)
    return render(
        request,
        "events/certificate_verify.html",
        {"certificate": certificate, "event": certificate.registration.event},
    )


class ReissueCertificateView(ManageEventMixin, View):
    def registration(self, pk):
        registration = get_object_or_404(
            Registration.objects.select_related("user", "event"), event=self.event, pk=pk, user__isnull=False
        )
        if not may_have_certificate(registration):
            raise Http404
        return registration

    def context(self, registration, form):
        current = registration.certificates.filter(replaced_at__isnull=True).first()
        return {"registration": registration, "form": form, "current": current}

    def get(self, request, pk):
        registration = self.registration(pk)
        current = registration.certificates.filter(replaced_at__isnull=True).first()
        name = current.full_name if current else registration.user.full_name
        form = ReissueCertificateForm(initial={"full_name": name})
        return self.render("events/manage/certificate_reissue.html", self.context(registration, form))

    def post(self, request, pk):
        registration = self.registration(pk)
        form = ReissueCertificateForm(request.POST)
        if form.is_valid():
            try:
                outcome = submit_once(
                    form,
                    request.user,
                    lambda: reissue_certificate(
                        registration=registration, full_name=form.cleaned_data["full_name"]
                    ),
                    url=lambda _certificate: self.request.path,
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                if outcome.first:
                    messages.success(
                        request,
                        _("Certificate reissued with the code %(code)s. The previous code no longer works.")
                        % {"code": outcome.result.code},
                    )
                return redirect(outcome.url)
        return self.render(
            "events/manage/certificate_reissue.html", self.context(registration, form), status=400
        )
