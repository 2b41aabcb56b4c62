"""Correct a person's data at their request (a data subject's right), from the inzage screen.

The fields, their checks as typed and the presentation-mode rules are those of
`SubjectEditDialog` (a typo fixed from the case file); what differs is that a correction on
request names the requester (required, chosen from the fixed list: the audit log records only
its code, never a name) and is written on the background worker through
`inzage.correct_subject`. A refused correction keeps the dialog open with everything typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QWidget

from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.model import Subject
from casustafel.domain.requesters import FIELD_ON_BEHALF_OF, Requester
from casustafel.i18n import _
from casustafel.services.inzage import correct_subject
from casustafel.ui.ops import CollectionOp, OpFailure
from casustafel.ui.session import AppSession
from casustafel.ui.widgets.requester_combo import RequesterCombo

from .subject_edit_dialog import SubjectEditDialog

__all__ = ["SubjectCorrectionDialog"]

# The base dialog records the case a typo was fixed from; a request is about the person,
# not one case, and this dialog's own save never passes a case on.
_NO_CASE = 0


class SubjectCorrectionDialog(SubjectEditDialog):
    """Correct one subject's data on someone's request; written on the worker.

    Signals:
        corrected(object): the correction was written; the tuple of changed field names.

    Args:
        session: the app session (must not be in presentation mode).
        subject: the subject as it is now.
        requester: on whose request (preselected; the user may change it, never empty).
        parent: Qt parent.
    """

    corrected = Signal(object)

    def __init__(
        self,
        session: AppSession,
        subject: Subject,
        requester: Requester | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, _NO_CASE, subject, parent)
        self.setWindowTitle(_("Corrigeren op verzoek"))
        self.busy = False
        self.requester = RequesterCombo(_("Kies op wiens verzoek…"), self)
        self.requester.set_requester(requester)
        self.add_row(_("Op verzoek &van:"), self.requester, FIELD_ON_BEHALF_OF)

    @property
    def subject_id(self) -> int:
        """The id of the subject being corrected."""
        return self._subject.id

    def _check(self) -> bool:
        if not super()._check():
            return False
        if self.requester.requester() is None:
            self.show_error(_("Vermeld op wiens verzoek de correctie is."), FIELD_ON_BEHALF_OF)
            return False
        return True

    @Slot()
    def _on_buttons_accepted(self) -> None:
        # Replaces the base's synchronous save: the dialog stays open until the worker
        # has written the correction, so a refusal keeps what was typed.
        if self.busy or not self._check():
            return
        subject_id = self._subject.id
        changes = self.changes()
        requester = self.requester.requester()
        if requester is None:  # `_check` refused it already; this keeps mypy exact
            return

        def job(vault: Any) -> tuple[str, ...]:
            return correct_subject(vault, subject_id, changes, on_behalf_of=requester)

        self.busy = True
        self.save_button.setEnabled(False)
        self.show_error("")
        # Open case tabs show the corrected name or address at once.
        notice = OpChanges.of(ChangeKind.SUBJECTS, subject_ids=[subject_id])
        CollectionOp(self, self._session, job, notice).success(self._on_task_succeeded).failure(
            self._on_write_failed
        ).run()

    @Slot(object)
    def _on_task_succeeded(self, changed: tuple[str, ...]) -> None:
        self.busy = False
        self.corrected.emit(changed)
        self.accept()

    def _on_write_failed(self, failure: OpFailure) -> None:
        self.busy = False
        self.save_button.setEnabled(not self._session.presentation_mode)
        self.show_error(failure.message, failure.field)
