"""Person matching in the open: what was typed beside the known subject it matches.

Before a form saves subjects (a new case, a signal, a betrokkene added to a case),
`resolve_subjects` asks the vault (a `QueryOp`) which typed subjects are already known.
Without matches, or with exact ones only (nothing typed differs from the known subject,
so linking loses nothing), the save goes on at once. Otherwise `SubjectMatchDialog` shows each match
side by side, field by field, differing fields marked, and the user chooses per match:

- the known subject, ticking which differing typed fields to take over (a BSN conflict
  takes over nothing unless ticked: the known person's name stays);
- a new, other person (not offered when the BSN is the known person's);
- or to correct the input: the dialog closes and the form's field gets the message.

A BSN that belongs to someone with another name or birth date is marked as a conflict
and never linked without this choice (the services refuse it too).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casustafel.domain.matching import (
    ADDRESS_FIELDS,
    FIELD_LABELS,
    PERSON_FIELDS,
    MatchBasis,
    SubjectMatch,
    field_value,
)
from casustafel.domain.model import NewSubject, SubjectKind
from casustafel.i18n import _
from casustafel.services.subject_matching import match_subjects
from casustafel.ui.ops import QueryOp
from casustafel.ui.session import HIDDEN, AppSession
from casustafel.ui.widgets.error_banner import ErrorBanner

__all__ = ["SubjectMatchDialog", "resolve_subjects"]

_KNOWN, _NEW, _CORRECT = 0, 1, 2
_BASIS_TEXT = {
    MatchBasis.BSN: _("zelfde BSN"),
    MatchBasis.NAME_AND_BIRTH_DATE: _("zelfde naam en geboortedatum"),
    MatchBasis.ADDRESS: _("zelfde postcode en huisnummer"),
    MatchBasis.ORGANISATION: _("zelfde naam"),
}


def _fields_of(match: SubjectMatch) -> tuple[str, ...]:
    if match.typed.kind is SubjectKind.PERSOON:
        return PERSON_FIELDS + ADDRESS_FIELDS
    if match.typed.kind is SubjectKind.ADRES:
        return ADDRESS_FIELDS
    return ("organisation_name", *ADDRESS_FIELDS)


class _MatchBox(QGroupBox):
    """One match: the side-by-side table and the choice."""

    def __init__(self, match: SubjectMatch, presenting: bool, parent: QWidget) -> None:
        title = _("Betrokkene {n}: bekend ({basis})").format(
            n=match.index + 1, basis=_BASIS_TEXT[match.basis]
        )
        super().__init__(title, parent)
        self.match = match
        layout = QVBoxLayout(self)
        if match.is_conflict:
            warning = ErrorBanner(self)
            names = ", ".join(FIELD_LABELS[f] for f in match.conflicts)
            warning.say(
                _(
                    "Conflict: dit BSN hoort bij een bekende persoon met een andere {fields}. "
                    "Kies de bekende persoon of verbeter de invoer."
                ).format(fields=names)
            )
            layout.addWidget(warning)
        fields = _fields_of(match)
        shown = [f for f in fields if field_value(match.typed, f) or field_value(match.known, f)]
        self.table = QTableWidget(len(shown), 3, self)
        self.table.setHorizontalHeaderLabels([_("Veld"), _("Ingevoerd"), _("Bekend")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.take_over: dict[str, QCheckBox] = {}
        marked = set(match.differing) | set(match.conflicts)
        for row, name in enumerate(shown):
            typed, known = field_value(match.typed, name), field_value(match.known, name)
            cells = [FIELD_LABELS[name], typed, known]
            if presenting:
                cells[1:] = [HIDDEN if typed else "", HIDDEN if known else ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if name in marked:
                    item.setBackground(QColor("#fde8e8" if name in match.conflicts else "#fff4d6"))
                self.table.setItem(row, column, item)
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 5)
        layout.addWidget(self.table)

        self.known_radio = QRadioButton(_("De &bekende betrokkene gebruiken"), self)
        self.new_radio = QRadioButton(_("Een &andere, nieuwe persoon"), self)
        self.correct_radio = QRadioButton(_("Invoer &verbeteren"), self)
        self.group = QButtonGroup(self)
        for button, ident in (
            (self.known_radio, _KNOWN),
            (self.new_radio, _NEW),
            (self.correct_radio, _CORRECT),
        ):
            self.group.addButton(button, ident)
            layout.addWidget(button)
        # The same BSN is the same person: "another person" would duplicate a BSN.
        self.new_radio.setVisible(
            match.typed.kind is SubjectKind.PERSOON and match.basis is not MatchBasis.BSN
        )
        takeable = [f for f in match.differing if f != "bsn"]
        if takeable:
            hint = QLabel(_("Overnemen van wat is ingevoerd:"), self)
            layout.addWidget(hint)
            for name in takeable:
                box = QCheckBox(FIELD_LABELS[name], self)
                # Identity fields of a conflict stay as known unless the user ticks them.
                box.setChecked(name not in match.conflicts)
                self.take_over[name] = box
                layout.addWidget(box)
        (self.correct_radio if match.is_conflict else self.known_radio).setChecked(True)
        self.group.idToggled.connect(self._on_group_id_toggled)
        self._on_group_id_toggled(self.group.checkedId(), True)

    @Slot(int, bool)
    def _on_group_id_toggled(self, _ident: int, _checked: bool) -> None:
        for box in self.take_over.values():
            box.setEnabled(self.group.checkedId() == _KNOWN)

    @property
    def choice(self) -> int:
        return self.group.checkedId()

    def resolved(self, original: NewSubject) -> NewSubject:
        """`original` with the user's choice (known id and fields, or a new person)."""
        if self.choice == _NEW:
            return replace(original, new_person=True)
        chosen = tuple(name for name, box in self.take_over.items() if box.isChecked())
        return replace(original, known_id=self.match.known.id, take_over=chosen)


class SubjectMatchDialog(QDialog):
    """The matches of the typed subjects, each with its choice (see the module docstring).

    After `accepted`, `correct` holds the first match the user wants to correct (or None)
    and `resolved(subjects)` the subjects with the choices applied.
    """

    def __init__(
        self, matches: Sequence[SubjectMatch], presenting: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Bekende betrokkene gevonden"))
        self.setModal(True)
        intro = QLabel(
            _(
                "Wat u invoerde lijkt op een betrokkene die al bekend is. Vergelijk en kies "
                "per betrokkene; er wordt niets gekoppeld zonder uw keuze."
            ),
            self,
        )
        intro.setWordWrap(True)
        inner = QWidget(self)
        column = QVBoxLayout(inner)
        self.boxes = [_MatchBox(match, presenting, inner) for match in matches]
        for box in self.boxes:
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        buttons = QDialogButtonBox(self)
        self.go_button = buttons.addButton(_("&Doorgaan"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Terug naar het formulier"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().horizontalAdvance("m") * 60, 560)

    @property
    def correct(self) -> SubjectMatch | None:
        return next((b.match for b in self.boxes if b.choice == _CORRECT), None)

    def resolved(self, subjects: Sequence[NewSubject]) -> tuple[NewSubject, ...]:
        result = list(subjects)
        for box in self.boxes:
            result[box.match.index] = box.resolved(result[box.match.index])
        return tuple(result)


def resolve_subjects(
    parent: QWidget,
    session: AppSession,
    subjects: Sequence[NewSubject],
    proceed: Callable[[tuple[NewSubject, ...]], None],
    correct: Callable[[SubjectMatch], None],
) -> None:
    """Find matches on the worker; ask when there are any; then `proceed` or `correct`.

    `proceed(subjects)` gets the subjects with the user's choices; `correct(match)` is
    called when the user wants to fix the input (the form marks the field).
    """
    typed = tuple(subjects)
    if not typed:
        proceed(typed)
        return

    def on_matches(found: tuple[SubjectMatch, ...]) -> None:
        # An exact match (nothing typed differs) links without asking: nothing is lost.
        matches = [m for m in found if not m.is_exact]
        if not matches:
            proceed(typed)
            return
        dialog = SubjectMatchDialog(matches, session.presentation_mode, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        session.locked.connect(dialog.reject)

        def on_finished(result: int) -> None:
            if result != QDialog.DialogCode.Accepted:
                return
            wrong = dialog.correct
            if wrong is not None:
                correct(wrong)
            else:
                proceed(dialog.resolved(typed))

        dialog.finished.connect(on_finished)
        dialog.open()

    QueryOp(parent, session, lambda vault: match_subjects(vault, typed)).success(on_matches).run()
