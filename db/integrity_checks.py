"""The `verify` lines for the sealed audit log and the state record, in the user's words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from casustafel.i18n import _

from .audit_seal import SealReport

if TYPE_CHECKING:
    from .vault import CheckResult
    from .vault_state import Rollback


def seal_check(report: SealReport) -> CheckResult:
    """One line: proven, checked without proof, not sealed, or the first problem."""
    from .vault import CheckResult

    name = _("Zegels van het auditlog")
    if not report.ok:
        return CheckResult(name, False, report.problem)
    if not report.sealed:
        return CheckResult(
            name,
            True,
            _(
                "deze kluis is van vóór de verzegeling; wie het wachtwoord kent, kan het "
                "log herschrijven zonder dat verify het ziet"
            ),
            proven=False,
        )
    reach = report.reach_at.strftime("%d-%m-%Y %H:%M:%S") if report.reach_at else "-"
    if report.proven:
        return CheckResult(
            name,
            True,
            _(
                "bewezen met de verificatiesleutel: {n} zegels, het log is volledig en "
                "ongewijzigd t/m regel {id} ({at} UTC). Noteer de zegelstand {n}: een "
                "lagere stand bij een latere controle betekent een teruggezette kopie."
            ).format(n=report.seals, id=report.reach_id, at=reach),
        )
    return CheckResult(
        name,
        True,
        _(
            "{n} zegels passen bij het log t/m regel {id} ({at} UTC), maar zonder "
            "verificatiesleutel is niet bewezen dat ze echt zijn: wie het wachtwoord kent, "
            "kan het log herschrijven en opnieuw verzegelen. Geef --verificatiesleutel-bestand."
        ).format(n=report.seals, id=report.reach_id, at=reach),
        proven=False,
    )


def rollback_check(found: Rollback | None) -> CheckResult:
    """One line: is the database at least as new as the state last recorded here?"""
    from .vault import CheckResult

    name = _("Geen vastgelegde wijzigingen verloren")
    if found is None:
        return CheckResult(name, True, _("in orde (of geen eerdere stand op deze computer)"))
    return CheckResult(
        name,
        False,
        _(
            "de kluis staat op {found}, maar op deze computer is al stand {recorded} "
            "vastgelegd: er ontbreken wijzigingen (verloren WAL-bestand of oudere kopie)"
        ).format(found=found.found, recorded=found.recorded),
    )
