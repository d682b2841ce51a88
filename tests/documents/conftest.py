"""Fixtures of the documents tests: evidence files under the test's folder, the seeded types and templates,
and the PDF converter (LibreOffice) — tests that need it fail, not skip, when CI or
SANXIANG_REQUIRE_LIBREOFFICE is set and it is missing.
"""

from __future__ import annotations

import os

import pytest

from sanxiang.documents import converter

# Not the default ports, so a developer's running converter is left alone; overridable so two test runs
# on one machine (CI and a developer) do not share or stop each other's converter.
CONVERTER_PORT = int(os.environ.get("SANXIANG_TEST_CONVERTER_PORT", "2113"))
UNO_PORT = int(os.environ.get("SANXIANG_TEST_UNO_PORT", "2112"))


@pytest.fixture
def local_storage(local_storage, settings):
    """The shared local evidence storage (tests/conftest.py), with PDFs made only when a test asks."""
    settings.DOCUMENT_PDF = "0"
    return local_storage


@pytest.fixture
def seeded(db, local_storage):
    from sanxiang.documents.services import document_types_seed

    document_types_seed()


def libreoffice_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("SANXIANG_REQUIRE_LIBREOFFICE"))


@pytest.fixture(scope="session")
def pdf_converter():
    """A converter for the whole session on test ports; stopped at the end if this session started it."""
    os.environ["SANXIANG_DOCUMENT_CONVERTER_PORT"] = str(CONVERTER_PORT)
    os.environ["SANXIANG_DOCUMENT_UNO_PORT"] = str(UNO_PORT)
    if not converter.available():
        message = "LibreOffice（soffice）或 python3-uno 未安装：apt-get install libreoffice-writer-nogui python3-uno"
        if libreoffice_required():
            pytest.fail(message)
        pytest.skip(message)
    already = converter.is_running(CONVERTER_PORT)
    converter.ensure_running(CONVERTER_PORT)
    yield CONVERTER_PORT
    if not already:
        converter.stop(CONVERTER_PORT)
