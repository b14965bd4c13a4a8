"""The number of queries of the services a candidate calls most (autosave, submission): fixed
numbers, so that a lazy read of the dossier's edition, referential or body (one query more each
time) shows here. Counted on a locked dossier read with its edition, referential and body, without
the savepoints around each atomic block (the mutation runner's wrappers open one more)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.dossiers.answering import answer_all_required
from tnl.dossiers import services


def count(call, *args, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        call(*args, **kwargs)
    return len([query for query in queries if "SAVEPOINT" not in query["sql"]])


def test_saving_an_answer(dossier, contributor):
    assert count(services.save_answer, contributor, dossier, "STR-02", "both") == 8
    assert count(services.save_answer, contributor, dossier, "STR-02", "none", expected_version=1) == 7


def test_submitting(dossier, elected):
    answer_all_required(dossier, elected)
    assert count(services.submit_dossier, elected, dossier) == 9


def test_saving_reads_the_referential_only_when_the_caller_does_not_hold_it(dossier, contributor):
    """The locked dossier takes the referential its caller loaded with the edition; a dossier read
    without it, or with another referential than the edition's, has the edition's own read."""
    from tnl.dossiers.models import Answer, Dossier
    from tnl.referentials.models import Referential

    def read(*related):
        return Dossier.objects.select_related("territory", *related).get(pk=dossier.pk)

    services.save_answer(contributor, read("edition__referential"), "STR-02", "both")  # the role, read once
    held = count(services.save_answer, contributor, read("edition__referential"), "STR-02", "none", expected_version=1)
    assert count(services.save_answer, contributor, read("edition"), "STR-02", "both", expected_version=2) == held + 1
    other = read("edition")
    other.edition.referential = Referential(pk=-1, code="other", source='{"axes": []}')
    assert count(services.save_answer, contributor, other, "STR-02", "none", expected_version=3) == held + 1
    assert Answer.objects.get(dossier=dossier, question="STR-02").value == "none"
