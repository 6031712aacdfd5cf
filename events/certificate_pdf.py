"""A certificate of attendance as a one-page PDF (reportlab), in one language, with its verification
code, address and a QR code of that address."""

import io
from xml.sax.saxutils import escape

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph

from nmc_portal.bilingual import localized
from nmc_portal.dates import format_date, format_date_range

NAVY = colors.HexColor("#26374a")


def verification_url(certificate, language):
    with translation.override(language):
        return settings.SITE_URL + reverse("events:certificate_verify", kwargs={"code": certificate.code})


def event_dates(event):
    return format_date_range(event.start_date, event.end_date, event)


def certificate_pdf(certificate, sessions, *, language):
    """The PDF bytes of `certificate` in `language`: name, event, dates, venue, hosting partners,
    sessions attended and hours of learning."""
    registration = certificate.registration
    event = registration.event
    with translation.override(language):
        buffer = io.BytesIO()

        title = _("Certificate of attendance")
        pdf = Canvas(
            buffer,
            pagesize=landscape(LETTER),
            pageCompression=0,
            lang="fr-CA" if language == "fr" else "en-CA",
        )
        pdf.setTitle(f"{title} – {certificate.full_name}")
        pdf.setAuthor(_("National Managers' Community"))
        pdf.setSubject(localized(event, "title", language)[0])
        width, height = landscape(LETTER)

        pdf.setStrokeColor(NAVY)
        pdf.setLineWidth(3)
        pdf.rect(1.2 * cm, 1.2 * cm, width - 2.4 * cm, height - 2.4 * cm)

        def style(name, size, bold=False, space=6):
            return ParagraphStyle(
                name,
                fontName="Helvetica-Bold" if bold else "Helvetica",
                fontSize=size,
                leading=size * 1.25,
                alignment=TA_CENTER,
                textColor=NAVY,
                spaceAfter=space,
            )

        partners = ", ".join(localized(partner, "name", language)[0] for partner in event.partners.all())
        details = [event_dates(event), localized(event, "venue", language)[0] or _("Online")]
        if partners:
            details.append(_("Hosting partners: %(partners)s") % {"partners": partners})
        hours = formats.number_format(certificate.hours.normalize(), use_l10n=True)
        attended = " · ".join(escape(localized(session, "title", language)[0]) for session in sessions)
        story = [
            Paragraph(escape(_("National Managers' Community")), style("org", 14, space=10)),
            Paragraph(escape(title), style("title", 28, bold=True, space=14)),
            Paragraph(escape(_("This certifies that")), style("lead", 13)),
            Paragraph(escape(certificate.full_name), style("name", 24, bold=True, space=10)),
            Paragraph(escape(_("took part in")), style("lead2", 13)),
            Paragraph(escape(localized(event, "title", language)[0]), style("event", 18, bold=True, space=8)),
            Paragraph(escape(" · ".join(details)), style("details", 11, space=14)),
            Paragraph(
                escape(_("Hours of learning: %(hours)s") % {"hours": hours}), style("hours", 11, bold=True)
            ),
            Paragraph(f"{escape(_('Sessions attended:'))} {attended or '—'}", style("sessions", 10)),
        ]
        Frame(3 * cm, 5.2 * cm, width - 6 * cm, height - 7.4 * cm, showBoundary=0).addFromList(story, pdf)

        url = verification_url(certificate, language)
        qr = io.BytesIO()
        segno.make(url, error="m").save(qr, kind="png", scale=4, border=1)
        qr.seek(0)
        pdf.drawImage(ImageReader(qr), width - 5.2 * cm, 1.8 * cm, 3 * cm, 3 * cm)
        pdf.setFont("Helvetica", 9)
        pdf.setFillColor(colors.black)
        issued = format_date(certificate.issued_at, event)
        pdf.drawString(2 * cm, 3.4 * cm, _("Issued %(date)s") % {"date": issued})
        pdf.drawString(2 * cm, 2.8 * cm, _("Verification code: %(code)s") % {"code": certificate.code})
        pdf.drawString(2 * cm, 2.2 * cm, _("Check that it is genuine: %(url)s") % {"url": url})
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()
