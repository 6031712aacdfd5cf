"""Revisions, restore and diff; uploads refused or accepted; useful votes; comments."""

import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from learning import services
from learning.diff import compare
from learning.models import Revision, UsefulVote
from learning.uploads import OLE_MAGIC, check_upload
from nmc_portal.errors import DomainError
from tests.factories import UserFactory

from .factories import make_resource

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def docm_bytes(part="word/vbaProject.bin", content_types="<Types/>"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", "<w:document/>")
        if part:
            archive.writestr(part, b"\xd0\xcf\x11\xe0 macro project")
    return buffer.getvalue()


MACRO_ENABLED = (
    '<Types><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
)


def ole_bytes(*storages):
    """A minimal legacy Office container (Compound File Binary v3) holding these storages."""
    free, end, fat_sector, none = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = OLE_MAGIC + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    fat = struct.pack("<II", fat_sector, end) + struct.pack("<I", free) * 126

    def entry(name="", kind=0, child=none, right=none):
        encoded = (name + "\x00").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBBIII", len(encoded), kind, 1 if name else 0, none, right, child)
            + b"\x00" * 36
            + struct.pack("<IQ", end if kind == 5 else 0, 0)
        )

    entries = [entry("Root Entry", 5, child=1 if storages else none)]
    entries += [
        entry(name, 1, right=n + 2 if n + 1 < len(storages) else none) for n, name in enumerate(storages)
    ]
    entries += [entry()] * (4 - len(entries))
    return header + fat + b"".join(entries)


def plain_zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", EXE)
    return buffer.getvalue()


# Revisions ---------------------------------------------------------------------------------


def test_each_edit_keeps_a_numbered_revision_with_note_and_author(organizer, event):
    resource = make_resource(author=organizer, event=event, body="First text.", change_note="Draft")
    editor = UserFactory(full_name="Eddie Editor")
    services.update_resource(resource=resource, author=editor, change_note="Second pass", body="Second text.")
    rows = list(
        Revision.objects.filter(resource=resource)
        .order_by("number")
        .values_list("number", "body", "change_note", "author__full_name")
    )
    assert rows == [
        (1, "First text.", "Draft", "Olivia Organizer"),
        (2, "Second text.", "Second pass", "Eddie Editor"),
    ]
    resource.refresh_from_db()
    assert (resource.revision_count, resource.body, resource.body_html) == (
        2,
        "Second text.",
        "<p>Second text.</p>",
    )


def test_an_edit_without_a_change_note_is_refused(organizer, event):
    resource = make_resource(author=organizer, event=event)
    with pytest.raises(DomainError):
        services.update_resource(resource=resource, author=organizer, change_note="  ", body="x")
    assert Revision.objects.filter(resource=resource).count() == 1


def test_restore_brings_back_old_content_as_a_new_revision(organizer, event):
    resource = make_resource(author=organizer, event=event, title_en="Guide", body="One.")
    services.update_resource(resource=resource, author=organizer, change_note="Two", body="Two.")
    services.update_resource(
        resource=resource, author=organizer, change_note="Three", title_en="Guide v3", body="Three."
    )
    revision = services.restore_revision(resource=resource, number=1, author=organizer)
    assert (revision.number, revision.restored_from, revision.change_note, revision.note) == (
        4,
        1,
        "",
        "Restored revision 1",
    )
    resource.refresh_from_db()
    assert (resource.title_en, resource.body, resource.revision_count) == ("Guide", "One.", 4)
    assert list(
        Revision.objects.filter(resource=resource).values_list("body", flat=True).order_by("number")
    ) == [
        "One.",
        "Two.",
        "Three.",
        "One.",
    ]


def test_restoring_the_current_revision_is_refused(organizer, event):
    resource = make_resource(author=organizer, event=event)
    with pytest.raises(DomainError):
        services.restore_revision(resource=resource, number=1, author=organizer)


def test_diff_marks_words_added_and_removed_and_shortens_unchanged_paragraphs(organizer, event):
    old_body = "Intro.\nKeep this.\nAlso this.\nAnd this.\nClients deserve good service.\nEnd."
    new_body = old_body.replace("good", "excellent") + "\nNew closing line."
    resource = make_resource(author=organizer, event=event, title_en="Playbook", body=old_body)
    services.update_resource(resource=resource, author=organizer, change_note="Wording", body=new_body)
    old, new = Revision.objects.filter(resource=resource).order_by("number")
    [body] = compare(old, new)
    assert str(body.label) == "Text"
    rows = [(row.kind, row.segments, row.skipped) for row in body.rows]
    assert rows == [
        ("skipped", [], 3),
        ("same", [("equal", "And this.")], 0),
        (
            "changed",
            [
                ("equal", "Clients deserve "),
                ("delete", "good"),
                ("insert", "excellent"),
                ("equal", " service."),
            ],
            0,
        ),
        ("same", [("equal", "End.")], 0),
        ("changed", [("insert", "New closing line.")], 0),
    ]


# Uploads ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("slides.pdf", PDF, ("slides.pdf", "application/pdf")),
        ("photo.png", PNG, ("photo.png", "image/png")),
        ("notes.txt", "Notes de l'atelier : équipe".encode(), ("notes.txt", "text/plain; charset=utf-8")),
        (
            "report.docx",
            docx_bytes(),
            ("report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ),
        ("old.xls", ole_bytes("Workbook"), ("old.xls", "application/vnd.ms-excel")),
        ("minutes.doc", ole_bytes("WordDocument"), ("minutes.doc", "application/msword")),
        ("renamed.doc", PNG, ("renamed.png", "image/png")),
    ],
)
def test_accepted_uploads_get_the_type_found_in_their_content(name, content, expected):
    checked = check_upload(SimpleUploadedFile(name, content))
    assert (checked.name, checked.content_type, checked.size) == (*expected, len(content))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.pdf", b"", "empty"),
        ("setup.pdf", EXE, "type"),
        ("archive.docx", plain_zip_bytes(), "type"),
        ("binary.txt", b"abc\x00\x01\x02def", "type"),
        ("budget.docx", docm_bytes(), "macros"),
        ("budget.xlsx", docm_bytes("xl/vbaProject.bin"), "macros"),
        ("renamed.docx", docm_bytes(part=None, content_types=MACRO_ENABLED), "macros"),
        ("deck.pptx", docm_bytes("ppt/VBAPROJECT.BIN"), "macros"),
        ("budget.xls", ole_bytes("Workbook", "_VBA_PROJECT_CUR"), "macros"),
        ("memo.doc", ole_bytes("WordDocument", "Macros"), "macros"),
        ("fake.xls", OLE_MAGIC + b"\x00" * 64, "type"),
    ],
)
def test_refused_uploads(name, content, code):
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, content))
    assert refused.value.code == code


def test_an_upload_over_the_size_limit_is_refused(settings):
    settings.LEARNING_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * 1024))
    assert refused.value.code == "too_large"
    assert check_upload(SimpleUploadedFile("small.pdf", PDF)).size == len(PDF)


# Votes and comments ------------------------------------------------------------------------


def test_a_member_votes_once_however_often_they_click():
    resource = make_resource()
    member = UserFactory()
    first = services.mark_useful(resource=resource, member=member)
    second = services.mark_useful(resource=resource, member=member)
    assert first.pk == second.pk
    assert UsefulVote.objects.filter(resource=resource).count() == 1
    services.unmark_useful(resource=resource, member=member)
    assert UsefulVote.objects.filter(resource=resource).count() == 0


def test_the_database_refuses_a_second_vote_row():
    resource = make_resource()
    member = UserFactory()
    UsefulVote.objects.create(resource=resource, member=member)
    with pytest.raises(IntegrityError):
        UsefulVote.objects.create(resource=resource, member=member)


def test_comments_are_sanitized():
    resource = make_resource()
    comment = services.post_comment(
        resource=resource,
        author=UserFactory(),
        body="**Useful**<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
    )
    assert comment.body_html == '<p><strong>Useful</strong> <a rel="nofollow noopener">x</a> </p>'
