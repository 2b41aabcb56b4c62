"""Translation hook: every user-facing string goes through `_()`.

The product speaks Dutch; `_()` is gettext's identity today, so that the core can
produce the same strings for PDFs and the CLI as the Qt screens show, and a
translation catalogue can be added later without touching call sites.
"""

import gettext

_translation = gettext.NullTranslations()


def _(message: str) -> str:
    """Return the translated form of `message` (Dutch source text)."""
    return _translation.gettext(message)
