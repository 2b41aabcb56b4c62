"""Presentation-mode masking of free text: names and addresses a note or reason happens to hold.

Structured fields are masked by `AppSession.show`. Free text (a reason, a note, a signal's
description) may mention the very people of the case; while the screen is projected, every
mention the one identifiers rule (`casustafel.domain.identifiers`) finds is replaced: a
subject's name by its initials, a BSN, birth date, postcode, address, phone number or e-mail
address by "•••". The distributed print check uses the same rule, so what the projector hides
is exactly what a distributed copy refuses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from casustafel.domain.identifiers import IdentifierRule, identity_of
from casustafel.domain.model import CaseSubject
from casustafel.ui.session import AppSession

__all__ = ["make_masker"]


def make_masker(session: AppSession, subjects: Iterable[CaseSubject]) -> Callable[[str], str]:
    """Return a function that masks the subjects' data in free text while presenting.

    Outside presentation mode the function returns the text unchanged; the check is
    made on every call, so one masker serves both modes.
    """
    rule = IdentifierRule(identity_of(case_subject.subject) for case_subject in subjects)

    def mask(text: str) -> str:
        if not session.presentation_mode or not text:
            return text
        return rule.mask(text)

    return mask
