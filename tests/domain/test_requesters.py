"""The fixed list of requesters: codes, labels, and turning what a user typed into a code."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casustafel.domain.requesters import (
    REQUESTER_LABELS,
    Requester,
    is_requester_code,
    requester_choices,
    requester_from,
    requester_label,
    required_requester,
)
from casustafel.errors import ValidationError

EXPECTED_CODES = [
    "betrokkene",
    "wettelijk_vertegenwoordiger",
    "gemachtigde",
    "privacyfunctionaris",
    "toezichthouder",
    "rechter",
    "eigen_besluit",
]


def _refusal(text: str) -> str:
    with pytest.raises(ValidationError) as refused:
        requester_from(text)
    assert refused.value.field == "on_behalf_of"
    return refused.value.message


def test_the_codes_are_a_public_list_each_with_a_distinct_dutch_label() -> None:
    # The codes are stored in audit logs that are kept for years: never rename one.
    assert [r.value for r in Requester] == EXPECTED_CODES
    assert set(REQUESTER_LABELS) == set(Requester)
    labels = [r.label for r in Requester]
    assert len(set(labels)) == len(labels) and all(labels)
    assert Requester.TOEZICHTHOUDER.label == "Toezichthouder (Autoriteit Persoonsgegevens)"
    for code in EXPECTED_CODES:
        assert code in requester_choices()


@pytest.mark.parametrize("requester", list(Requester))
def test_code_label_and_their_typed_variants_give_the_requester(requester: Requester) -> None:
    for typed in (
        requester.value,
        requester.value.upper(),
        f"  {requester.value.replace('_', '-')} ",
        requester.value.replace("_", " "),
        requester.label,
        requester.label.lower(),
    ):
        assert requester_from(typed) is requester, typed
    assert requester_from(requester) is requester
    assert requester_label(requester.value) == requester.label
    assert is_requester_code(requester.value)


def test_empty_is_no_requester_and_required_says_what_is_missing() -> None:
    assert requester_from("") is None and requester_from("   ") is None
    with pytest.raises(ValidationError) as refused:
        required_requester(" ", "Vermeld op wiens verzoek.")
    assert (refused.value.message, refused.value.field) == (
        "Vermeld op wiens verzoek.",
        "on_behalf_of",
    )
    assert required_requester("rechter", "x") is Requester.RECHTER


def test_only_exact_codes_pass_the_audit_check() -> None:
    assert not is_requester_code("")
    assert not is_requester_code("Betrokkene")  # a label or variant is input, not a code
    assert not is_requester_code(Requester.BETROKKENE.label)


def test_a_stored_free_text_from_before_the_list_is_shown_as_it_is() -> None:
    assert requester_label("") == ""
    assert requester_label("iets van vroeger") == "iets van vroeger"


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


_TYPED = st.one_of(
    st.text(max_size=40),
    st.sampled_from([*EXPECTED_CODES, *(r.label for r in Requester)]).map(
        lambda t: t.replace("_", " ")
    ),
)


@given(_TYPED)
def test_anything_else_is_refused_with_one_message_that_never_repeats_the_input(
    text: str,
) -> None:
    # The refusal is the same whatever was typed, so a typed name cannot leak through it.
    try:
        found = requester_from(text)
    except ValidationError as exc:
        assert exc.message == _refusal("Mr. Jansen, advocaat")
        return
    if found is None:
        assert not text.strip()
    else:
        assert _letters(text) in {_letters(found.value), _letters(found.label)}
