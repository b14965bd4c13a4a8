"""Every check of the referential services, called directly: who (organisers, or the system for
the commands), which state (the edition's phase), which values (codes, texts). Each refusal is
asserted with its message (in English) and leaves the referential and the audit log as they were."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from tests.conftest import DATA
from tnl.core.models import AuditEntry
from tnl.editions.models import Edition
from tnl.referentials import services
from tnl.referentials.format import FormatError, dump_referential
from tnl.referentials.models import Referential

MINI = (DATA / "mini-referential.yaml").read_text()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def variant(referential, **changes):
    """The referential's file with some top-level keys changed."""
    document = dict(referential.document, **changes)
    return dump_referential(document)


def edition_in(referential, phase):
    now = timezone.now()
    fields = {
        "draft": {},
        "open": {"opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=1)},
        "published": {"published_at": now},
        "archived": {"published_at": now, "archived_at": now},
    }[phase]
    edition = Edition.objects.create(year=2030, referential=referential, **fields)
    assert edition.phase == phase
    return edition


def state(referential):
    referential = Referential.objects.get(pk=referential.pk)
    return referential.version, referential.document, AuditEntry.objects.count()


# import_referential ----------------------------------------------------------------------------


def test_import_is_for_organisers(outsider):
    with pytest.raises(PermissionDenied):
        services.import_referential(outsider, MINI, "mini.yaml")
    assert (Referential.objects.count(), AuditEntry.objects.count()) == (0, 0)


def test_an_organiser_imports_under_their_name_and_the_system_too(organiser):
    referential = services.import_referential(organiser, MINI, "mini.yaml")
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.summary) == (organiser, "referential.imported", "mini-2026 from mini.yaml")
    assert (referential.code, referential.version) == ("mini-2026", 1)


def test_a_second_import_of_a_code_needs_update(organiser, mini_referential):
    before = state(mini_referential)
    with pytest.raises(ValidationError) as error:
        services.import_referential(organiser, MINI, "again.yaml")
    assert error.value.messages == [
        "A referential with the code mini-2026 already exists; import it as an update to replace it."
    ]
    assert state(mini_referential) == before


def test_an_update_replaces_and_lists_the_changes(organiser, mini_referential):
    text = variant(mini_referential, title={"fr": "Mini", "en": "Mini"})
    replaced = services.import_referential(organiser, text, "new.yaml", update=True)
    assert (replaced.pk, replaced.version, replaced.title) == (mini_referential.pk, 2, {"fr": "Mini", "en": "Mini"})
    entry = AuditEntry.objects.latest("id")
    assert (entry.actor, entry.action, entry.summary, len(entry.data["changes"])) == (
        organiser,
        "referential.replaced",
        "mini-2026 v2 from new.yaml",
        2,
    )


def test_a_malformed_file_saves_nothing(organiser):
    with pytest.raises(FormatError):
        services.import_referential(organiser, "format: tnl-referential/1\ncode: x\n", "bad.yaml")
    assert (Referential.objects.count(), AuditEntry.objects.count()) == (0, 0)


# replace_referential ---------------------------------------------------------------------------


def test_replace_is_for_organisers(outsider, mini_referential):
    before = state(mini_referential)
    with pytest.raises(PermissionDenied):
        services.replace_referential(outsider, mini_referential, variant(mini_referential, title={"fr": "X"}), "x")
    assert state(mini_referential) == before


def test_replace_refuses_a_code_of_another_referential(organiser, mini_referential):
    other = services.copy_referential(organiser, mini_referential, "other-2026")
    before = state(other)
    with pytest.raises(ValidationError) as error:
        services.replace_referential(organiser, other, MINI, "mini.yaml")
    assert error.value.messages == ["The code mini-2026 is already used by another referential."]
    assert state(other) == before


def test_replace_with_its_own_code_works(organiser, mini_referential):
    replaced = services.replace_referential(
        organiser, mini_referential, variant(mini_referential, title={"fr": "Mini"}), "x.yaml"
    )
    assert (replaced.version, replaced.title) == (2, {"fr": "Mini"})


def test_a_malformed_replacement_is_refused_naming_its_file(organiser, mini_referential):
    before = state(mini_referential)
    with pytest.raises(FormatError) as error:
        services.replace_referential(organiser, mini_referential, variant(mini_referential, title="Mini"), "new.yaml")
    assert str(error.value) == 'new.yaml: title: a text by language, such as {fr: "…", en: "…"} (got "Mini")'
    assert state(mini_referential) == before


@pytest.mark.parametrize("phase", ["open", "published", "archived"])
def test_the_structure_is_locked_once_the_edition_leaves_draft(organiser, mini_referential, phase):
    edition = edition_in(mini_referential, phase)
    before = state(mini_referential)
    with pytest.raises(ValidationError) as error:
        services.replace_referential(organiser, mini_referential, variant(mini_referential, title={"fr": "X"}), "x")
    assert error.value.messages == [
        "The referential cannot be replaced: the edition 2030 is no longer in draft "
        f"(phase: {edition.get_phase_display()})."
    ]
    assert state(mini_referential) == before
    with pytest.raises(ValidationError):
        services.import_referential(organiser, MINI, "x.yaml", update=True)
    assert state(mini_referential) == before


def test_a_draft_edition_leaves_the_structure_open(organiser, mini_referential):
    edition_in(mini_referential, "draft")
    assert services.structure_locked_reason(mini_referential) is None
    assert services.replace_referential(organiser, mini_referential, MINI, "x").version == 2


def test_a_replacement_is_logged_with_its_source_and_the_changes_in_english(organiser, mini_referential):
    text = MINI + '  - {code: second-look, label: {fr: "Deuxième regard", en: "Second look"}}\n'

    services.replace_referential(organiser, mini_referential, text, "mini.yaml")

    found = AuditEntry.objects.get(action="referential.replaced")
    assert (found.summary, found.data) == (
        "mini-2026 v2 from mini.yaml",
        {"changes": ['Mention second-look added: "Second look"']},
    )


def test_a_replacement_logs_its_first_200_changes(organiser, mini_referential):
    text = MINI + "".join(f'  - {{code: m{number}, label: {{fr: "M{number}"}}}}\n' for number in range(201))

    services.replace_referential(organiser, mini_referential, text, "mini.yaml")

    changes = AuditEntry.objects.get(action="referential.replaced").data["changes"]
    assert (len(changes), changes[-1]) == (200, 'Mention m199 added: "M199"')


def test_replace_with_a_free_code_takes_it(organiser, mini_referential):
    replaced = services.replace_referential(
        organiser, mini_referential, MINI.replace("code: mini-2026", "code: mini-2027"), "mini.yaml"
    )

    assert (replaced.version, Referential.objects.get(pk=mini_referential.pk).code) == (2, "mini-2027")


# copy_referential ------------------------------------------------------------------------------


def test_copy_is_for_organisers(outsider, mini_referential):
    with pytest.raises(PermissionDenied):
        services.copy_referential(outsider, mini_referential, "copy-2027")
    assert Referential.objects.count() == 1


def test_copy_refuses_a_code_taken(organiser, mini_referential):
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        services.copy_referential(organiser, mini_referential, "mini-2026")
    assert error.value.messages == ["A referential with the code mini-2026 already exists."]
    assert (Referential.objects.count(), AuditEntry.objects.count()) == (1, entries)


def test_a_copy_under_an_invalid_code_is_refused_naming_the_code(organiser, mini_referential):
    entries = AuditEntry.objects.count()
    with pytest.raises(FormatError) as error:
        services.copy_referential(organiser, mini_referential, "Not a code")
    assert str(error.value) == (
        "Not a code: code: a code: letters, digits, '.', '_' or '-', starting with a letter or a digit "
        '(got "Not a code")'
    )
    assert (Referential.objects.count(), AuditEntry.objects.count()) == (1, entries)


def test_a_copy_keeps_the_title_unless_given_and_is_logged(organiser, mini_referential):
    copy = services.copy_referential(organiser, mini_referential, "copy-2027")
    assert (copy.code, copy.title, copy.copied_from) == ("copy-2027", mini_referential.title, mini_referential)
    entry = AuditEntry.objects.latest("id")
    assert (entry.actor, entry.action, entry.summary, entry.data) == (
        organiser,
        "referential.copied",
        "copy-2027 from mini-2026",
        {"source": "mini-2026"},
    )


# update_axis_texts -----------------------------------------------------------------------------


def test_texts_are_for_organisers(outsider, mini_referential):
    before = state(mini_referential)
    with pytest.raises(PermissionDenied):
        services.update_axis_texts(outsider, mini_referential, "STR", {("axis", "title", "fr"): "S"})
    assert state(mini_referential) == before


@pytest.mark.parametrize("phase", ["published", "archived"])
def test_texts_are_locked_once_published(organiser, mini_referential, phase):
    edition_in(mini_referential, phase)
    before = state(mini_referential)
    with pytest.raises(ValidationError) as error:
        services.update_axis_texts(organiser, mini_referential, "STR", {("axis", "title", "fr"): "S"})
    assert error.value.messages == ["The texts cannot be changed: the edition 2030 is published."]
    assert state(mini_referential) == before


@pytest.mark.parametrize("phase", ["draft", "open"])
def test_texts_change_until_publication(organiser, mini_referential, phase):
    edition_in(mini_referential, phase)
    referential, changes = services.update_axis_texts(
        organiser, mini_referential, "STR", {("axis", "title", "fr"): " Stratégie numérique "}
    )
    assert referential.document["axes"][0]["title"] == {"fr": "Stratégie numérique", "en": "Strategy"}
    assert (referential.version, len(changes)) == (2, 1)
    entry = AuditEntry.objects.latest("id")
    assert (entry.actor, entry.action, entry.summary) == (
        organiser,
        "referential.texts_changed",
        "mini-2026 v2: 1 text(s) of axis STR",
    )


@pytest.mark.parametrize(
    "axis, texts, message",
    [
        ("XXX", {("axis", "title", "fr"): "X"}, "Unknown axis XXX."),
        ("STR", {("axis", "text", "fr"): "X"}, "axis.text is not a text of this axis."),
        ("STR", {("STR-01", "title", "fr"): "X"}, "STR-01.title is not a text of this axis."),
        ("STR", {("DON-01", "text", "fr"): "X"}, "DON-01.text is not a text of this axis."),
    ],
)
def test_texts_of_another_axis_or_field_are_refused(organiser, mini_referential, axis, texts, message):
    before = state(mini_referential)
    with pytest.raises(ValidationError) as error:
        services.update_axis_texts(organiser, mini_referential, axis, texts)
    assert error.value.messages == [message]
    assert state(mini_referential) == before


def test_a_required_french_text_cannot_be_emptied(organiser, mini_referential):
    before = state(mini_referential)
    with pytest.raises(ValidationError) as error:
        services.update_axis_texts(organiser, mini_referential, "STR", {("STR-01", "text", "fr"): ""})
    assert error.value.messages == [
        "mini-2026: axes[0].questions[0].text.fr: missing: every text needs its French version (fr)"
    ]
    assert state(mini_referential) == before


def test_an_empty_text_removes_its_language_then_the_field(organiser, mini_referential):
    referential, _ = services.update_axis_texts(
        organiser,
        mini_referential,
        "STR",
        {("STR-01", "text", "en"): "  ", ("STR-01", "help", "fr"): None, ("STR-02", "help", "fr"): "Qui ?"},
    )
    str01, str02 = referential.document["axes"][0]["questions"]
    assert str01["text"] == {"fr": "Une délibération en faveur du logiciel libre a-t-elle été adoptée ?"}
    assert "help" not in str01
    assert str02["help"] == {"fr": "Qui ?"}


def test_emptying_a_text_that_does_not_exist_changes_nothing(organiser, mini_referential):
    str01, str02 = mini_referential.document["axes"][0]["questions"]
    assert (str01["help"], "help" in str02) == ({"fr": "Joignez la délibération."}, False)
    before = state(mini_referential)
    referential, changes = services.update_axis_texts(
        organiser, mini_referential, "STR", {("STR-01", "help", "en"): "", ("STR-02", "help", "fr"): " "}
    )
    assert (changes, state(referential)) == ([], before)


def test_the_audit_entry_lists_each_text_changed_in_english(organiser, mini_referential):
    with translation.override("fr"):
        services.update_axis_texts(
            organiser,
            mini_referential,
            "STR",
            {("axis", "title", "fr"): "Stratégie numérique", ("STR-02", "help", "fr"): "Qui ?"},
        )
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.data) == (
        "referential.texts_changed",
        {
            "changes": [
                'Axis STR: title.fr changed from "Stratégie" to "Stratégie numérique"',
                'Question STR-02: help.fr set to "Qui ?"',
            ]
        },
    )


def test_the_same_texts_again_change_nothing(organiser, mini_referential):
    before = state(mini_referential)
    referential, changes = services.update_axis_texts(
        organiser, mini_referential, "STR", {("axis", "title", "fr"): "Stratégie"}
    )
    assert (changes, state(referential)) == ([], before)


def test_an_export_is_canonical_yaml_unless_json_is_asked(mini_referential):
    yaml_text = services.export_referential(mini_referential)
    json_text = services.export_referential(mini_referential, fmt="json")

    assert yaml_text == dump_referential(mini_referential.document, fmt="yaml")
    assert json_text == dump_referential(mini_referential.document, fmt="json")
    assert json.loads(json_text)["code"] == mini_referential.code
