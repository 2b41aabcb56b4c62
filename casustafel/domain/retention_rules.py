"""Which retention rule applies to a closed case or a weighed signal: the rule follows the outcome.

DOMAIN.md, the CCV model protocol and the outcomes' own labels agree: what was *not taken up*
(geen actie, geen woonoverlast, onvoldoende informatie, ...) is kept 12 months, a case that was
worked on and closed 24 months after closing. The catalogue marks an outcome as not taken up by
giving it `destroy_after_months`; the months themselves come from the table's settings:

1. a term set in the settings for this very outcome (`RetentionPolicy.outcome_months`);
2. otherwise, for an outcome the catalogue marks as not taken up, the table's term for what was
   not taken up (`signal_not_taken_up_months`, default 12);
3. otherwise the table's term for a closed case (`closed_case_months`, default 24).

`RetentionRule.description` says which of these applied; the destruction list shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from casustafel.domain.catalogue import table_definition
from casustafel.domain.catalogue_model import Outcome
from casustafel.domain.model import TableCode
from casustafel.domain.settings import RetentionPolicy
from casustafel.i18n import _

__all__ = ["RetentionBasis", "RetentionRule", "not_taken_up_outcomes", "retention_rule"]


class RetentionBasis(StrEnum):
    """Where the months of a rule came from."""

    OUTCOME_SETTING = "uitkomst"  # a term set for this outcome
    NOT_TAKEN_UP = "niet_opgepakt"  # the table's term for what was not taken up
    CLOSED_CASE = "afgesloten"  # the table's term for closed cases


@dataclass(frozen=True, slots=True)
class RetentionRule:
    """The rule that applies: months, where they came from, and the outcome's label."""

    months: int
    basis: RetentionBasis
    outcome_label: str = ""

    @property
    def description(self) -> str:
        """Dutch text for the destruction list, e.g. "niet opgepakt (Geen actie): 12 maanden"."""
        kind = {
            RetentionBasis.OUTCOME_SETTING: _("termijn voor deze uitkomst"),
            RetentionBasis.NOT_TAKEN_UP: _("niet opgepakt"),
            RetentionBasis.CLOSED_CASE: _("afgesloten casus"),
        }[self.basis]
        outcome = f" ({self.outcome_label})" if self.outcome_label else ""
        return _("{kind}{outcome}: {months} maanden").format(
            kind=kind, outcome=outcome, months=self.months
        )


def _outcome(table: TableCode, code: str) -> Outcome | None:
    if not code:
        return None
    definition = table_definition(table)
    # A weighing outcome first: it carries the mark; a closing outcome of the same code
    # (MH's "geen mensenhandel, andere route") is the same decision recorded later.
    for outcome in (*definition.weighing_outcomes, *definition.closing_outcomes):
        if outcome.code == code:
            return outcome
    return None


def not_taken_up_outcomes(table: TableCode) -> tuple[Outcome, ...]:
    """The outcomes of `table` the catalogue marks as not taken up, in catalogue order."""
    definition = table_definition(table)
    return tuple(
        o
        for o in (*definition.weighing_outcomes, *definition.closing_outcomes)
        if o.destroy_after_months is not None
    )


def retention_rule(policy: RetentionPolicy, table: TableCode, outcome_code: str) -> RetentionRule:
    """The rule for a closed case or weighed signal of `table` with `outcome_code` ("" if none)."""
    outcome = _outcome(table, outcome_code)
    label = outcome.label if outcome else ""
    override = policy.outcome_months.get(outcome_code) if outcome_code else None
    if override:
        return RetentionRule(override, RetentionBasis.OUTCOME_SETTING, label)
    if outcome is not None and outcome.destroy_after_months is not None:
        return RetentionRule(policy.signal_not_taken_up_months, RetentionBasis.NOT_TAKEN_UP, label)
    return RetentionRule(policy.closed_case_months, RetentionBasis.CLOSED_CASE, label)
