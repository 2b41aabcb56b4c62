"""On whose request something was done: a fixed list of requester codes with Dutch labels.

The audit log records on whose behalf an access request, a correction, an erasure or a
retention hold was carried out (AVG art. 15-17, NEN 7513). Free text there ("mr. Jansen,
advocaat") would put personal data in a log that outlives every erasure, so the log holds
only one of these codes; the screens and PDFs show the Dutch label.

`requester_from` and `required_requester` turn what a user chose or typed (a code or a
label, in any case) into a code, with one Dutch message that never repeats the input: the
input may be a name. `is_requester_code` is the check the audit log itself applies.
"""

from __future__ import annotations

from enum import StrEnum

from casustafel.errors import ValidationError
from casustafel.i18n import _

__all__ = [
    "FIELD_ON_BEHALF_OF",
    "REQUESTER_LABELS",
    "Requester",
    "is_requester_code",
    "requester_choices",
    "requester_from",
    "requester_label",
    "required_requester",
]

FIELD_ON_BEHALF_OF = "on_behalf_of"
"""The form field (and audit column) the requester's messages belong to."""


class Requester(StrEnum):
    """Who asked for an action on a subject's data; the value is what the audit log stores."""

    BETROKKENE = "betrokkene"
    WETTELIJK_VERTEGENWOORDIGER = "wettelijk_vertegenwoordiger"
    GEMACHTIGDE = "gemachtigde"
    PRIVACYFUNCTIONARIS = "privacyfunctionaris"
    TOEZICHTHOUDER = "toezichthouder"
    RECHTER = "rechter"
    EIGEN_BESLUIT = "eigen_besluit"

    @property
    def label(self) -> str:
        """The Dutch label shown in screens, the CLI's help and PDFs."""
        return REQUESTER_LABELS[self]


REQUESTER_LABELS: dict[Requester, str] = {
    Requester.BETROKKENE: _("De betrokkene zelf"),
    Requester.WETTELIJK_VERTEGENWOORDIGER: _("Wettelijk vertegenwoordiger"),
    Requester.GEMACHTIGDE: _("Advocaat of andere gemachtigde"),
    Requester.PRIVACYFUNCTIONARIS: _("Privacyfunctionaris (FG)"),
    Requester.TOEZICHTHOUDER: _("Toezichthouder (Autoriteit Persoonsgegevens)"),
    Requester.RECHTER: _("Rechterlijke uitspraak"),
    Requester.EIGEN_BESLUIT: _("Ambtshalve (eigen besluit van de organisatie)"),
}

_CODES = frozenset(str(r) for r in Requester)


def _key(text: str) -> str:
    # People type "Wettelijk vertegenwoordiger" or "eigen-besluit" for the same code.
    return "_".join(text.casefold().replace("-", " ").split())


_BY_KEY: dict[str, Requester] = {
    **{_key(label): r for r, label in REQUESTER_LABELS.items()},
    **{_key(str(r)): r for r in Requester},
}


def is_requester_code(value: str) -> bool:
    """True when `value` is exactly one of the codes (what the audit log accepts)."""
    return value in _CODES


def requester_choices() -> str:
    """The codes with their labels as one Dutch line, for help texts and messages."""
    return "; ".join(f"{r.value} = {r.label}" for r in Requester)


def requester_label(code: str) -> str:
    """The label for a stored code; empty for none, the stored text itself if it is no code.

    Entries written before the list existed may hold free text; the log cannot be changed
    without breaking its chain, so they are shown as they are.
    """
    if is_requester_code(code):
        return Requester(code).label
    return code


def requester_from(value: Requester | str) -> Requester | None:
    """What a user chose or typed as a requester; None when it is empty.

    Args:
        value: a `Requester`, a code or a label, in any case, with spaces or hyphens.

    Raises:
        ValidationError: `value` is neither empty nor a known requester (the message lists
            the codes and never repeats `value`, which may be a name).
    """
    if isinstance(value, Requester):
        return value
    if not value.strip():
        return None
    found = _BY_KEY.get(_key(value))
    if found is None:
        raise ValidationError(
            _("Kies op wiens verzoek uit de vaste lijst: {choices}.").format(
                choices=requester_choices()
            ),
            field=FIELD_ON_BEHALF_OF,
        )
    return found


def required_requester(value: Requester | str, missing: str) -> Requester:
    """Like `requester_from`, but an empty value is refused with the message `missing`.

    Raises:
        ValidationError: empty (`missing`) or not a known requester.
    """
    found = requester_from(value)
    if found is None:
        raise ValidationError(missing, field=FIELD_ON_BEHALF_OF)
    return found
