"""The dossier pages, one test per (page or action, role), and what they show.

Nancy's elected and technical referents and its contributor use the dossier; organisers may
read it; anyone else (another body's member, an outsider, a juror, a visitor) gets a 404, as
if it did not exist. Content assertions run in English (the language cookie), so that they do
not depend on the French catalogue; the numbers come from the scoring engine itself."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.dossiers.answering import answer_all_required
from tests.html import Page, count_queries
from tnl.dossiers import services
from tnl.dossiers.models import Answer
from tnl.dossiers.scoring import dossier_state
from tnl.referentials.engine import format_percent

MEMBERS = ["elected", "technical", "contributor"]
REFERENTS = ["elected", "technical"]
NO_ACCESS = ["other_member", "outsider", "juror", "visitor"]


@pytest.fixture
def as_(client, user_for):
    """A client logged in as `role`, reading English (or `language`)."""

    def _as(role, language="en"):
        user = user_for(role)
        if user is not None:
            client.force_login(user)
        client.cookies["django_language"] = language
        return client

    return _as


def detail_url(dossier):
    return reverse("dossiers:detail", args=[dossier.pk])


def axis_url(dossier, axis="STR"):
    return reverse("dossiers:axis", args=[dossier.pk, axis])


def example_value(question):
    """A valid answer for any kind (the first choice, a small number…)."""
    kind = question["kind"]
    if kind == "single":
        return question["choices"][-1]["code"]
    if kind == "multi":
        return [question["choices"][-1]["code"]]
    return {
        "yes_no": True,
        "number": 3,
        "percent": Decimal("62.5"),
        "url": "https://nancy.example.org/page",
        "text": "Un texte",
    }.get(kind)


def answer(dossier, user, count):
    """Answer the first `count` questions (not files) with example values and a link each."""
    state = dossier_state(dossier)
    codes = [code for code, q in state.questions.items() if q["kind"] != "file"][:count]
    for code in codes:
        if code in state.answers:
            continue
        services.save_answer(user, dossier, code, example_value(state.questions[code]))
        services.add_evidence_link(user, dossier, code, f"https://nancy.example.org/{code}")
    return codes


# Who sees what ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", NO_ACCESS)
def test_the_overview_and_axis_pages_are_404_without_access(role, dossier, as_):
    client = as_(role)
    assert client.get(detail_url(dossier)).status_code == 404
    assert client.get(axis_url(dossier)).status_code == 404


@pytest.mark.parametrize("role", NO_ACCESS)
def test_every_action_is_404_without_access(role, dossier, contributor, as_):
    link = services.add_evidence_link(contributor, dossier, "STR-01", "https://nancy.example.org/d.pdf")
    client = as_(role)
    posts = [
        (reverse("dossiers:save_answer", args=[dossier.pk, "STR-01"]), {"value": "true", "version": ""}),
        (reverse("dossiers:add_link", args=[dossier.pk, "STR-01"]), {"url": "https://nancy.example.org/"}),
        (reverse("dossiers:remove_evidence", args=[dossier.pk, link.pk]), {}),
        (reverse("dossiers:set_form", args=[dossier.pk]), {"form": "badge"}),
        (reverse("dossiers:submit", args=[dossier.pk]), {}),
        (reverse("dossiers:reopen", args=[dossier.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert dossier.answers.count() == 0
    assert dossier.evidence.count() == 1


@pytest.mark.parametrize("role", MEMBERS)
def test_members_see_and_edit_every_page(role, dossier, as_):
    client = as_(role)
    overview = client.get(detail_url(dossier))
    assert overview.status_code == 200
    for axis in ["STR", "INT", "LOG", "DON", "COM"]:
        page = client.get(axis_url(dossier, axis))
        assert page.status_code == 200
        assert b'class="answer-form"' in page.content
    assert b"Read only:" not in overview.content


def test_organisers_read_the_dossier_without_any_form(dossier, as_):
    client = as_("organiser")
    overview = Page(client.get(detail_url(dossier)))
    assert overview.texts("p", id="read-only-reason") == [
        "Read only: You can read this dossier but not change it: only the body's members can."
    ]
    page = client.get(axis_url(dossier))
    assert page.status_code == 200
    assert b"answer-form" not in page.content and b"link-form" not in page.content
    assert Page(page).texts("p", class_="answer-readonly")[0] == "Answer: no answer"


def test_organisers_cannot_change_anything(dossier, as_):
    client = as_("organiser")
    save = reverse("dossiers:save_answer", args=[dossier.pk, "STR-01"])
    assert client.post(save, {"value": "true", "version": ""}).status_code == 404
    assert client.post(reverse("dossiers:set_form", args=[dossier.pk]), {"form": "badge"}).status_code == 404
    assert client.post(reverse("dossiers:submit", args=[dossier.pk])).status_code == 404
    assert dossier.answers.count() == 0


def test_an_unknown_dossier_or_axis_is_404(dossier, as_):
    client = as_("elected")
    assert client.get(reverse("dossiers:detail", args=[dossier.pk + 1])).status_code == 404
    assert client.get(axis_url(dossier, "XYZ")).status_code == 404
    assert client.post(reverse("dossiers:save_answer", args=[dossier.pk, "XYZ-01"]), {}).status_code == 404


def test_my_dossiers_asks_visitors_to_log_in(client):
    response = client.get(reverse("dossiers:mine"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_my_dossiers_lists_my_bodies_with_their_dossier(dossier, as_):
    page = Page(as_("contributor").get(reverse("dossiers:mine")))
    assert page.texts("h2") == ["Nancy (54)"]
    assert page.texts("a", class_="button") == [f"Open our {dossier.edition.year} dossier"]


def test_my_dossiers_offers_to_start_when_there_is_none(edition, nancy, elected, as_):
    page = Page(as_("elected").get(reverse("dossiers:mine")))
    [button] = page.main.find_all("a", class_="button")
    assert button.text == f"Start our {edition.year} dossier"
    assert button.attrs["href"] == reverse("dossiers:apply", args=["commune", "54395"])


def test_my_dossiers_is_empty_for_an_outsider(edition, as_):
    page = Page(as_("outsider").get(reverse("dossiers:mine")))
    assert page.texts("h2") == []
    assert "You do not act for any public body yet." in page.main.text


# What the overview shows -----------------------------------------------------------------------


def test_the_overview_shows_the_engine_score_level_and_what_is_missing(dossier, contributor, as_):
    services.save_answer(contributor, dossier, "LOG-01", True)
    services.save_answer(contributor, dossier, "LOG-03", Decimal("62.5"))
    services.save_answer(contributor, dossier, "STR-02", "both")
    page = Page(as_("elected").get(detail_url(dossier)))
    with translation.override("en"):
        state = dossier_state(dossier)
        missing = state.missing_in_words()
        blockers = [message for _code, message in services.submission_blockers(state)]
    result = state.result
    assert page.texts("span", id="global-percent") == [f"{format_percent(result.global_percent)} %"]
    for code, axis in result.axes.items():
        assert page.texts("td", id=f"percent-{code}") == [f"{format_percent(axis.percent)} %"]
    # By hand, from tnl-default.yaml: STR-02 "both" 8 of STR's 100 points; LOG-01 yes 5 and LOG-03
    # 62.5 % (bracket "50 %": 11) of LOG's 125; globally (8 + 5 + 11) of 500 points.
    assert page.texts("span", id="global-percent") == ["4.8 %"]
    assert [page.texts("td", id=f"percent-{code}")[0] for code in ("STR", "INT", "LOG", "DON", "COM")] == [
        "8.0 %",
        "0.0 %",
        "12.8 %",
        "0.0 %",
        "0.0 %",
    ]
    # The same numbers on the French page use the French decimal comma (and a non-breaking space).
    french = Page(as_("elected", language="fr").get(detail_url(dossier)))
    assert french.texts("span", id="global-percent") == [
        format_percent(result.global_percent).replace(".", ",") + "\u00a0%"
    ]
    assert french.texts("span", id="global-percent") == ["4,8\u00a0%"]
    assert [french.texts("td", id=f"percent-{code}")[0] for code in ("STR", "INT", "LOG", "DON", "COM")] == [
        "8,0\u00a0%",
        "0,0\u00a0%",
        "12,8\u00a0%",
        "0,0\u00a0%",
        "0,0\u00a0%",
    ]
    assert page.texts("p", id="proposed-level") == ["Proposed level: level 1 – Discovery"]
    assert page.texts("h3", id="next-level") == ["To reach level 2 – Initiative"]
    assert [li.text for li in next(page.main.find_all("ul", id="missing-for-next-level")).find_all("li")] == missing
    assert (
        missing[0]
        == f"Level Initiative needs a global score of at least 30 %; yours is {format_percent(result.global_percent)} %."
    )
    assert missing[0] == "Level Initiative needs a global score of at least 30 %; yours is 4.8 %."
    assert "STR-01 is not answered." in blockers and "LOG-01 is not answered." not in blockers


def test_the_overview_shows_progress_in_words_and_bars(dossier, contributor, as_):
    services.save_answer(contributor, dossier, "STR-01", False)
    services.save_answer(contributor, dossier, "STR-02", "none")
    page = Page(as_("contributor").get(detail_url(dossier)))
    assert page.texts("span", id="progress-total-text") == ["2 of 57 questions answered"]
    assert page.texts("span", id="progress-STR-text") == ["2 of 11 questions answered"]
    [bar] = page.main.find_all("progress", id="progress-STR")
    assert (bar.attrs["value"], bar.attrs["max"]) == ("2", "11")
    rows = page.tables()[0][1]
    assert [row[0] for row in rows] == [
        "Strategy, governance and pooling",
        "Interoperability, accessibility and good digital practice",
        "Free software and systems",
        "Open data and public source code",
        "Communication, awareness and ecosystem",
    ]


def blocker_items(page):
    """[(axis heading, [(item text, link text, link)])] of the "what is missing" list."""
    blockers = next(page.main.find_all("div", id="blockers"))
    result = []
    for heading, items in zip(blockers.find_all("h3"), blockers.find_all("ul"), strict=True):
        rows = []
        for li in items.find_all("li"):
            link = next(li.find_all("a"))
            rows.append((li.text, link.text, link.attrs["href"]))
        result.append((heading.text, rows))
    return result


def test_what_is_missing_shows_each_question_by_axis_with_its_text_and_a_link(dossier, contributor, as_):
    services.save_answer(contributor, dossier, "STR-01", True)  # answered, but without its evidence
    groups = dict(blocker_items(Page(as_("elected").get(detail_url(dossier)))))
    assert list(groups) == [
        "Strategy, governance and pooling",
        "Interoperability, accessibility and good digital practice",
        "Free software and systems",
        "Open data and public source code",
        "Communication, awareness and ecosystem",
    ]
    assert groups["Strategy, governance and pooling"][:2] == [
        (
            "STR-01 Has the council or board formally adopted a text in favour of free software and open… "
            "— evidence missing (a link or a file)",
            "STR-01 Has the council or board formally adopted a text in favour of free software and open…",
            axis_url(dossier, "STR") + "#q-STR-01",
        ),
        (
            "STR-02 Who officially leads the free-software approach? — not answered",
            "STR-02 Who officially leads the free-software approach?",
            axis_url(dossier, "STR") + "#q-STR-02",
        ),
    ]
    assert groups["Interoperability, accessibility and good digital practice"][0] == (
        "INT-00 Does the body have its own website? — not answered",
        "INT-00 Does the body have its own website?",
        axis_url(dossier, "INT") + "#q-INT-00",
    )


def test_what_the_body_lacks_links_to_its_members_page(edition, nancy, elected, as_):
    dossier = services.create_dossier(elected, edition, nancy)
    groups = dict(blocker_items(Page(as_("elected").get(detail_url(dossier)))))
    members = reverse("territories:members", args=["commune", "54395"])
    assert groups["Your body"] == [
        (
            "The body needs a confirmed technical referent. Members and invitations of the body",
            "Members and invitations of the body",
            members,
        )
    ]


def test_only_referents_get_the_submit_button(dossier, contributor, as_):
    answer_all_required(dossier, contributor)
    assert b"Submit the dossier to the jury" in as_("technical").get(detail_url(dossier)).content
    page = Page(as_("contributor").get(detail_url(dossier)))
    assert "Submit the dossier to the jury" not in page.main.text
    assert "Only the body's referents (elected or technical) can submit the dossier." in page.main.text


def test_with_blockers_there_is_no_submit_button_but_an_explanation(dossier, as_):
    page = Page(as_("elected").get(detail_url(dossier)))
    assert "Submit the dossier to the jury" not in page.main.text
    assert "The dossier can be submitted once the following is done:" in page.main.text


# What an axis page shows -----------------------------------------------------------------------


def test_an_axis_page_shows_each_question_with_help_evidence_and_state(dossier, contributor, as_):
    services.save_answer(contributor, dossier, "STR-01", True)  # evidence required, none given
    services.save_answer(contributor, dossier, "STR-02", "technical")
    page = Page(as_("contributor").get(axis_url(dossier)))
    assert page.texts("h1") == ["Strategy, governance and pooling"]
    codes = [node.attrs["id"] for node in page.main.find_all("section", class_="question")]
    assert codes == [f"q-STR-{n:02}" for n in range(1, 12)]
    title = page.texts("h2", id="q-STR-01-title")[0]
    assert title.startswith("STR-01 Has the council or board formally adopted a text in favour of free software")
    assert page.texts("summary")[0] == "Help: what this question asks"
    assert page.texts("p", class_="question-expected")[0].startswith("Evidence required: Link to the resolution")
    states = {code: page.texts("div", id=f"q-{code}-state")[0] for code in ("STR-01", "STR-02", "STR-03")}
    assert states == {
        "STR-01": "evidence missing Evidence is missing: add a link or a file so that the answer counts (up to 15 points).",
        "STR-02": "counted Counted: 4 of 8 points.",
        "STR-03": "not answered Not answered yet: worth up to 12 points.",
    }
    assert page.checked("value") == ["true", "technical"]


def test_not_applicable_questions_say_why(dossier, contributor, as_):
    services.save_answer(contributor, dossier, "INT-00", False)  # no website of its own
    page = Page(as_("contributor").get(axis_url(dossier, "INT")))
    [state] = page.main.find_all("div", id="q-INT-01-state")
    assert state.attrs["data-status"] == "not_applicable"
    assert state.text == "not applicable Does not apply to your body, given your answer to INT-00."


def test_questions_for_a_body_without_schools_do_not_apply(edition, registry, as_, client):
    from tests.factories import member_of
    from tnl.territories.models import Territory

    epci = Territory.objects.filter(kind="epci").first()
    user = member_of(epci, "elected_referent", "elu@epci.example.org")
    dossier = services.create_dossier(user, edition, epci)
    client.force_login(user)
    client.cookies["django_language"] = "en"
    page = Page(client.get(axis_url(dossier, "LOG")))
    assert page.texts("div", id="q-LOG-10-state") == ["not applicable Does not apply to your body."]


def test_answers_and_the_version_they_were_loaded_with_are_in_the_forms(dossier, contributor, as_):
    services.save_answer(contributor, dossier, "LOG-03", Decimal("62.5"), comment="Sur 40 postes")
    page = Page(as_("technical").get(axis_url(dossier, "LOG")))
    form = next(page.main.find_all("div", id="q-LOG-03-answer"))
    values = {node.attrs["name"]: node.attrs.get("value") for node in form.find_all("input")}
    assert values["value"] == "62.5"
    assert values["version"] == "1"
    assert next(form.find_all("textarea")).text == "Sur 40 postes"
    assert f"by {contributor.full_name}." in next(form.find_all("span", class_="autosave-status")).text


def test_the_axis_summary_uses_the_engine(dossier, contributor, as_):
    services.save_answer(contributor, dossier, "LOG-01", True)
    page = Page(as_("contributor").get(axis_url(dossier, "LOG")))
    result = dossier_state(dossier).result
    assert page.facts()["Declared score of this axis"] == f"{format_percent(result.axes['LOG'].percent)} %"
    assert page.facts()["Declared global score"] == f"{format_percent(result.global_percent)} %"
    # By hand: LOG-01 yes is 5 of LOG's 125 points, and 5 of the referential's 500.
    assert (page.facts()["Declared score of this axis"], page.facts()["Declared global score"]) == ("4.0 %", "1.0 %")
    assert page.facts()["Proposed level"] == "level 1 – Discovery"


# Query counts ----------------------------------------------------------------------------------


def test_the_overview_and_axis_pages_do_not_query_per_question(dossier, contributor, as_):
    client = as_("elected")
    answer(dossier, contributor, 5)
    few = [count_queries(client, url) for url in (detail_url(dossier), axis_url(dossier, "LOG"))]
    answer_more = answer(dossier, contributor, 50)
    assert len(answer_more) == 50
    many = [count_queries(client, url) for url in (detail_url(dossier), axis_url(dossier, "LOG"))]
    assert many == few
    assert few[0] <= 12 and few[1] <= 12


def test_an_autosave_does_not_query_per_answer(dossier, contributor, as_):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, url = as_("elected"), reverse("dossiers:save_answer", args=[dossier.pk, "LOG-03"])

    def save(value):
        version = Answer.objects.filter(dossier=dossier, question="LOG-03").values_list("version", flat=True).first()
        data = {"value": value, "comment": "", "version": version or ""}
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200 and "data-conflict" not in response.content.decode()
        return len(queries)

    answer(dossier, contributor, 5)
    few = save("10")
    assert len(answer(dossier, contributor, 50)) == 50
    assert save("11") == few
    # The session, the person, the dossier with its answers and evidence, the person's role in the
    # body; then the save: a savepoint, the locked dossier, its answer, the answer and the dossier
    # written, the audit chain's head read, the entry and the head written, the savepoint
    # released. The answers are not read again after the save, nor the referential in it.
    assert few == 15
    assert Answer.objects.get(dossier=dossier, question="LOG-03").value == 11


def test_the_axis_page_loads_htmx_as_files_under_the_strict_csp(dossier, as_):
    response = as_("contributor").get(axis_url(dossier))
    scripts = list(Page(response).root.find_all("script"))
    assert [s.attrs.get("src") for s in scripts] == [
        "/static/tnl/site.js",
        "/static/django_htmx/htmx-2.min.js",
        "/static/tnl/dossier.js",
    ]
    assert all(s.text == "" for s in scripts)  # no inline code
    [config] = Page(response).root.find_all("meta", name="htmx-config")
    assert '"includeIndicatorStyles": false' in config.attrs["content"]  # htmx would inject a <style>
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_read_only_pages_load_no_script_but_the_site_one(dossier, as_):
    scripts = list(Page(as_("organiser").get(axis_url(dossier))).root.find_all("script"))
    assert [s.attrs.get("src") for s in scripts] == ["/static/tnl/site.js"]
