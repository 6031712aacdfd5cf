"""Upload checks: a size limit and the file's type read from its first bytes, not from its name.

An executable renamed report.pdf starts with "MZ", not "%PDF-": it is refused. Accepted files
are stored and served under the type found here, with an extension that matches it.
"""

import struct
import zipfile
from dataclasses import dataclass

import olefile
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office: .doc, .xls, .ppt
OOXML = {
    "word/": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt/": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
LEGACY_OFFICE = {
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}
TEXT_EXTENSIONS = {"txt", "md", "csv"}
SNIFF_BYTES = 8192


def max_upload_bytes():
    return getattr(settings, "LEARNING_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)


@dataclass(frozen=True)
class CheckedFile:
    name: str  # safe file name, with the extension of the sniffed type
    content_type: str
    size: int


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def sniff(head, upload, name):
    """(extension, MIME type) from the content's first bytes, or None when the type is not allowed."""
    if head.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg", "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif", "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp", "image/webp"
    if head.startswith(b"PK\x03\x04"):
        return sniff_ooxml(upload)
    if head.startswith(OLE_MAGIC):
        if not is_compound_file(upload):
            return None
        # The container is the same for the three; the name says which one (all are allowed).
        extension = extension_of(name)
        extension = extension if extension in LEGACY_OFFICE else "doc"
        return extension, LEGACY_OFFICE[extension]
    if is_plain_text(head):
        extension = extension_of(name)
        return (extension if extension in TEXT_EXTENSIONS else "txt"), "text/plain; charset=utf-8"
    return None


def sniff_ooxml(upload):
    """A Zip is an Office document only with [Content_Types].xml and a word/, xl/ or ppt/ part."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for prefix, found in OOXML.items():
        if any(name.startswith(prefix) for name in names):
            return found
    return None


OLE_MACRO_STORAGES = {"macros", "_vba_project_cur", "vba", "_vba_project"}


def is_compound_file(upload):
    """A legacy Office file is an OLE compound file that olefile can read; anything else is refused."""
    try:
        upload.seek(0)
        with olefile.OleFileIO(upload):
            return True
    except (OSError, ValueError, IndexError, struct.error):
        return False
    finally:
        upload.seek(0)


def ole_carries_macros(upload):
    """A legacy Office file (.doc, .xls) keeps its VBA project in a "Macros" or "_VBA_PROJECT_CUR"
    storage (a "VBA" one inside): refused, like the macro-enabled Open XML files."""
    try:
        upload.seek(0)
        with olefile.OleFileIO(upload) as ole:
            entries = ole.listdir(streams=True, storages=True)
    except (OSError, ValueError, IndexError, struct.error):
        return True
    finally:
        upload.seek(0)
    return any(part.lower() in OLE_MACRO_STORAGES for entry in entries for part in entry)


def carries_macros(upload):
    """An Office Open XML file with a VBA project (vbaProject.bin, vbaData.xml) or a macro-enabled
    content type (.docm, .xlsm, .pptm renamed .docx) runs code when opened: refused."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = [name.lower() for name in archive.namelist()]
            content_types = archive.read("[Content_Types].xml")[:1_000_000].lower()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return True  # unreadable past the first check: refuse rather than guess
    finally:
        upload.seek(0)
    parts = ("vbaproject.bin", "vbadata.xml")
    return any(name.endswith(parts) for name in names) or b"macroenabled" in content_types


def is_plain_text(head):
    """UTF-8 text without NUL bytes or other control characters (tabs and line ends aside)."""
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sniffed window may cut a multi-byte character in two at its end.
        if error.start < len(head) - 3:
            return False
        text = head[: error.start].decode("utf-8")
    return not any(ord(char) < 32 and char not in "\t\n\r\f" for char in text)


def check_upload(upload):
    """A CheckedFile for an uploaded file, or ValidationError saying why it is refused."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; files can be at most %(limit)s."),
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    found = sniff(head, upload, upload.name or "")
    if found is None:
        raise ValidationError(
            _(
                "This type of file is not accepted. Upload a PDF, an Office document (Word, Excel, "
                "PowerPoint), an image (PNG, JPEG, GIF, WebP) or plain text."
            ),
            code="type",
        )
    extension, content_type = found
    ooxml = extension in {found[0] for found in OOXML.values()}
    if (ooxml and carries_macros(upload)) or (extension in LEGACY_OFFICE and ole_carries_macros(upload)):
        raise ValidationError(
            _(
                "Office files that carry macros are not accepted: save it as a document without "
                "macros (.docx, .xlsx or .pptx) and upload that."
            ),
            code="macros",
        )
    return CheckedFile(name=f"{safe_stem(upload.name)}.{extension}", content_type=content_type, size=size)


def safe_stem(name):
    """The name without its extension, reduced to characters safe in a file name ('file' if none)."""
    stem = (name or "").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    try:
        return get_valid_filename(stem)[:120]
    except SuspiciousFileOperation:
        return "file"
