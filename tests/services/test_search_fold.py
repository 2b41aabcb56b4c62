"""The search folding's fast path for ASCII gives exactly what the general path gives."""

from __future__ import annotations

import string
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from casustafel.services.search_index import fold_search_text


def _reference_fold(text: str) -> str:
    """The general path for every text: casefold, decompose, drop combining marks."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@given(st.text(alphabet=string.printable))
def test_ascii_text_folds_as_the_general_path(text: str) -> None:
    assert fold_search_text(text) == _reference_fold(text)


@given(st.text())
def test_any_text_folds_as_the_general_path(text: str) -> None:
    assert fold_search_text(text) == _reference_fold(text)


def test_folding_examples() -> None:
    assert fold_search_text("  Jan  de VRIES ") == "jan de vries"
    assert fold_search_text("Müller, Ëlla") == "muller, ella"
    assert fold_search_text("7811\tAB") == "7811 ab"
    assert fold_search_text("Straße") == "strasse"
