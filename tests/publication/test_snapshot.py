"""What publishing copies: the answers in words and the jury's names."""

from tests.factories import UserFactory
from tnl.editions.enums import JuryRole
from tnl.editions.models import JuryMember
from tnl.publication.snapshot import _answer_words, edition_facts


def test_numbers_are_written_as_each_language_writes_them():
    assert _answer_words({"kind": "number"}, 12.5) == {"fr": "12,5", "en": "12.5"}
    assert _answer_words({"kind": "percent"}, 40) == {"fr": "40,0\u00a0%", "en": "40.0 %"}
    assert _answer_words({"kind": "yes_no"}, True) == {"fr": "Oui", "en": "Yes"}
    assert _answer_words({"kind": "yes_no"}, False) == {"fr": "Non", "en": "No"}
    assert _answer_words({"kind": "file"}, ["evidence.pdf"]) is None  # evidence stays private
    assert _answer_words({"kind": "text"}, "") is None


def test_the_jury_is_published_by_name_never_by_address(edition, juror):
    nameless = UserFactory(email="sans.nom@example.org", full_name="")
    JuryMember.objects.create(edition=edition, user=nameless, role=JuryRole.JUROR)
    expert = UserFactory(email="experte@example.org", full_name="Emma Experte")
    JuryMember.objects.create(edition=edition, user=expert, role=JuryRole.EXPERT)
    assert edition_facts(edition, 3)["jury"] == ["Jules Juré"]
