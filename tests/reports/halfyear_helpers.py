"""Shared pieces of the half-year report tests: canary subjects and a scan for small figures."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pypdf import PdfReader

from casustafel.db.vault import Vault
from casustafel.domain.model import (
    Address,
    NewSubject,
    Person,
    SubjectKind,
    SubjectRole,
    TableCode,
)
from tests.builders import build_case

CANARIES = {
    "surname": "Wolkenkrabbertsma",
    "given": "Ermengarde",
    "bsn": "123456782",
    "street": "Zilverreigerhof",
    "postcode": "7822 ZK",
}
BIRTH = dt.date(1968, 11, 29)
BIRTH_TEXTS = ("29-11-1968", "1968-11-29", "29 november 1968")

# A number standing alone (not part of a date, a decimal, `<5`, a percentage or a word).
_FIGURE = re.compile(r"(?<![\w<+\-\u2212:/])(?<!\d[.,])(\d+)(?![\w%\-:/])(?![.,]\d)")
# Catalogue labels that start with a step number ("1 Onderzoek"), and the page numbers.
_LABEL_NUMBER = re.compile(r"\b\d+ (?=[A-Z])")
_PAGE = re.compile(r"pagina \d+ van \d+")
# Section numbers ("2. Woonoverlast") and the rule's own wording ("van 1 tot k").
_NOT_FIGURES = re.compile(r"(?m)^\d+\. |van 1 tot k\b")


def canary_case(vault: Vault, table: TableCode, day: dt.date) -> int:
    """Register a case whose one subject has distinctive personal data."""
    subject = NewSubject(
        kind=SubjectKind.PERSOON,
        role=SubjectRole.VEROORZAKER,
        person=Person(
            surname=CANARIES["surname"],
            given_names=CANARIES["given"],
            birth_date=BIRTH,
            bsn=CANARIES["bsn"],
        ),
        address=Address(CANARIES["street"], "41", CANARIES["postcode"], "Emmen"),
    )
    return build_case(vault, subject, table=table, registered_on=day)


def pdf_text(path: Path) -> tuple[str, str]:
    """(text of every page, every metadata value) of a PDF, read back with pypdf."""
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    return text, meta


def small_figures(text: str, k: int) -> list[int]:
    """Every number in `text` that reads as a figure from 1 to k−1."""
    cleaned = _LABEL_NUMBER.sub("", _NOT_FIGURES.sub("", _PAGE.sub("", text)))
    return [int(m) for m in _FIGURE.findall(cleaned) if 0 < int(m) < k]
