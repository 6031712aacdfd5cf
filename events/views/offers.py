"""A held waitlist offer, from the link in its email: see the deadline, accept or decline.

The link's token finds the offer; the member must be signed in as the person it was made to (anyone
else gets a 404, as for a page that does not exist). Thin: one service call per answer.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from nmc_portal.errors import DomainError

from ..models import WaitlistOffer
from ..queries.offers import offer_for
from ..services.offers import accept_offer, decline_offer
from .mixins import SignInFirstMixin


class OfferView(SignInFirstMixin, View):
    def load(self, token):
        offer = offer_for(token, self.request.user)
        if offer is None:
            raise Http404
        return offer

    def render(self, offer, error=None, status=None):
        expired = offer.status == WaitlistOffer.Status.EXPIRED or (
            offer.is_open and timezone.now() >= offer.expires_at
        )
        if status is None:  # an offer that can no longer be answered is gone; a refused answer a conflict
            gone = expired or offer.status == WaitlistOffer.Status.DECLINED
            status = 410 if gone else 409 if error else 200
        context = {"offer": offer, "event": offer.event, "expired": expired, "error": error}
        return render(self.request, "events/offer.html", context, status=status)

    def get(self, request, token):
        return self.render(self.load(token))

    def post(self, request, token):
        offer = self.load(token)
        answer = request.POST.get("answer")
        if answer not in ("accept", "decline"):
            return self.render(offer, error=_("Choose to accept or to decline the offer."), status=400)
        try:
            if answer == "accept":
                accept_offer(offer=offer)
            else:
                decline_offer(offer=offer)
        except DomainError as error:
            return self.render(self.load(token), error=error.message)
        if answer == "accept":
            messages.success(request, _("You accepted the offer: your place is confirmed."))
        else:
            messages.success(request, _("You declined the offer: the place goes to the next person waiting."))
        return redirect("events:offer", token=token)
