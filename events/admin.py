from django.contrib import admin

from nmc_portal.admin import ReadOnlyAdmin

from .models import (
    CheckInHelper,
    Event,
    Partner,
    PreferenceRound,
    Registration,
    Room,
    Session,
    SessionSpeaker,
    Speaker,
    WaitlistOffer,
    WorkshopAttendance,
    WorkshopChoice,
)


class KeepSeatCountersMixin:
    """The seat counters are the services' (events.services.registration): shown, never written here,
    not even with the values read when the form was opened."""

    readonly_fields = ["confirmed_count", "waitlist_count"]

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        counters = {"confirmed_count", "waitlist_count"}
        fields = [
            f.attname for f in obj._meta.concrete_fields if not f.primary_key and f.name not in counters
        ]
        obj.save(update_fields=fields)
        return None


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


@admin.register(Event)
class EventAdmin(KeepSeatCountersMixin, admin.ModelAdmin):
    list_display = ["title_en", "kind", "status", "start_date", "region"]
    list_filter = ["status", "kind", "region"]
    search_fields = ["title_en", "title_fr", "slug"]
    filter_horizontal = ["organizers", "partners"]
    raw_id_fields = ["copied_from"]
    inlines = [RoomInline]


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    extra = 0
    raw_id_fields = ["speaker"]


@admin.register(Session)
class SessionAdmin(KeepSeatCountersMixin, admin.ModelAdmin):
    list_display = ["title_en", "event", "kind", "starts_at", "room"]
    list_filter = ["kind", "language"]
    search_fields = ["title_en", "title_fr"]
    list_select_related = ["event", "room"]
    raw_id_fields = ["event", "room"]
    inlines = [SessionSpeakerInline]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name_en", "acronym_en", "slug"]
    search_fields = ["name_en", "name_fr"]


class WorkshopChoiceInline(admin.TabularInline):
    model = WorkshopChoice
    extra = 0
    raw_id_fields = ["session"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "status", "waitlist_position", "checked_in_at"]
    list_filter = ["status", "event"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user", "checked_in_by"]
    inlines = [WorkshopChoiceInline]


@admin.register(WaitlistOffer)
class WaitlistOfferAdmin(ReadOnlyAdmin):
    """Read only: an offer holds a counted seat, so it changes through events.services.offers alone."""

    list_display = ["registration", "session", "status", "offered_at", "expires_at", "answered_at"]
    list_filter = ["status", "event"]
    raw_id_fields = ["event", "session", "registration"]


@admin.register(WorkshopAttendance)
class WorkshopAttendanceAdmin(ReadOnlyAdmin):
    list_display = ["registration", "session", "marked_at", "marked_by"]
    raw_id_fields = ["registration", "session", "marked_by"]


@admin.register(CheckInHelper)
class CheckInHelperAdmin(ReadOnlyAdmin):
    list_display = ["user", "event", "added_by", "created_at"]
    raw_id_fields = ["user", "event", "added_by"]


@admin.register(PreferenceRound)
class PreferenceRoundAdmin(ReadOnlyAdmin):
    """The round's seed, order and outcome, for an audit; the organizer's page re-runs the check."""

    list_display = ["event", "opens_at", "closes_at", "allocated_at"]
    raw_id_fields = ["event"]
