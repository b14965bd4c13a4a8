"""The candidate's dossier pages in headless Chromium: 0 axe violations in French and English,
answers saved as they are typed (htmx under the strict CSP), and a yes/no answered by keyboard."""

import contextlib
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, axe_violations, log_in, screenshot
from tnl.dossiers import services
from tnl.dossiers.models import Answer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def use_language(page, live_server, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])


def csp_errors(page):
    """The page's CSP errors (htmx runs under script-src and style-src 'self'). Playwright's full-page
    screenshots inject a style of their own: with TNL_SCREENSHOTS set, nothing is collected."""
    errors = []
    if not SCREENSHOTS:
        page.on(
            "console",
            lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None,
        )
    return errors


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_apply_page_has_no_axe_violation(page, live_server, edition, nancy, elected, language):
    log_in(page, live_server, elected)
    use_language(page, live_server, language)
    page.goto(reverse("dossiers:apply", args=["commune", "54395"]))
    assert page.locator("html").get_attribute("lang") == language
    assert axe_violations(page) == []
    screenshot(page, f"dossier-apply-{language}")
    page.goto(reverse("dossiers:mine"))
    assert axe_violations(page) == []
    screenshot(page, f"dossier-mine-{language}")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_overview_and_an_axis_page_have_no_axe_violation(page, live_server, dossier, contributor, language):
    services.save_answer(contributor, dossier, "STR-01", True)
    services.save_answer(contributor, dossier, "STR-02", "both", comment="Délibération du 3 mars")
    services.add_evidence_link(contributor, dossier, "STR-03", "https://nancy.example.org/plan")
    errors = csp_errors(page)
    log_in(page, live_server, contributor)
    use_language(page, live_server, language)
    page.goto(reverse("dossiers:detail", args=[dossier.pk]))
    assert page.locator("html").get_attribute("lang") == language
    assert axe_violations(page) == []
    screenshot(page, f"dossier-overview-{language}")
    page.goto(reverse("dossiers:axis", args=[dossier.pk, "STR"]))
    assert axe_violations(page) == []
    screenshot(page, f"dossier-axis-{language}")
    # A refused value is explained next to its field, and the page stays clean.
    page.locator("#q-STR-06-value").press_sequentially("abc")
    page.locator("#q-STR-06-value-error").wait_for()
    assert page.input_value("#q-STR-06-value") == "abc"
    assert axe_violations(page) == []
    assert errors == []


def test_an_answer_typed_is_saved_and_scored_without_a_button(page, live_server, dossier, contributor):
    errors = csp_errors(page)
    log_in(page, live_server, contributor)
    use_language(page, live_server, "en")
    page.goto(reverse("dossiers:axis", args=[dossier.pk, "LOG"]))
    assert page.locator("#axis-percent").inner_text() == "0.0 %"
    page.locator("#q-LOG-03-value").press_sequentially("62,5")
    status = page.locator("#q-LOG-03-status")
    status.filter(has_text=re.compile(r"^Saved at \d\d:\d\d\.$")).wait_for()
    assert Answer.objects.get(dossier=dossier, question="LOG-03").version == 1
    assert page.locator("#axis-percent").inner_text() != "0.0 %"  # the summary came out of band
    page.reload()
    assert page.input_value("#q-LOG-03-value") == "62.5"
    assert page.locator("#q-LOG-03-state").get_attribute("data-status") == "scored"
    assert page.locator("#axis-percent").inner_text() != "0.0 %"
    assert page.locator("#q-LOG-03-version").get_attribute("value") == "1"
    assert errors == []


def test_a_yes_no_question_is_answered_by_keyboard_only(page, live_server, dossier, contributor):
    log_in(page, live_server, contributor)
    use_language(page, live_server, "en")
    page.goto(reverse("dossiers:axis", args=[dossier.pk, "LOG"]))
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q-LOG-01-value_0":
            break
    else:
        pytest.fail("the first radio of LOG-01 was not reached by Tab")
    page.keyboard.press("Space")
    page.locator("#q-LOG-01-status").filter(has_text="Saved at").wait_for()
    assert Answer.objects.get(dossier=dossier, question="LOG-01").value is True
    # Focus stays on the answer after the block came back, and the arrow keys change it.
    assert page.evaluate("document.activeElement.id") == "q-LOG-01-value_0"
    page.keyboard.press("ArrowDown")
    expect(page.locator("#q-LOG-01-version")).to_have_value("2")
    assert Answer.objects.get(dossier=dossier, question="LOG-01").value is False
    assert page.locator("#proposed-level").inner_text() == "no level reached yet"


def test_what_is_typed_while_a_save_is_on_its_way_is_kept_and_saved(page, live_server, dossier, contributor):
    log_in(page, live_server, contributor)
    use_language(page, live_server, "en")
    page.goto(reverse("dossiers:axis", args=[dossier.pk, "STR"]))
    held = []
    page.route("**/questions/STR-10/", lambda route: held.append(route))
    field = page.locator("#q-STR-10-value")
    field.press_sequentially("Un bilan")
    expect(page.locator("#q-STR-10-pending")).to_be_visible()  # the save is on its way, held here
    field.press_sequentially(" en conseil")
    held.pop(0).continue_()
    # The answer came back with "Un bilan"; what was typed since is put back and saved again.
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert field.input_value() == "Un bilan en conseil"
    while held:
        held.pop(0).continue_()
    expect(page.locator("#q-STR-10-version")).to_have_value("2")
    assert field.input_value() == "Un bilan en conseil"
    answer = Answer.objects.get(dossier=dossier, question="STR-10")
    assert (answer.value, answer.version) == ("Un bilan en conseil", 2)


def test_without_javascript_the_save_button_posts_the_answer(browser, live_server, dossier, contributor):
    context = browser.new_context(locale="en-GB", base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10000)
    try:
        log_in(page, live_server, contributor)
        use_language(page, live_server, "en")
        page.goto(reverse("dossiers:axis", args=[dossier.pk, "LOG"]))
        page.locator("#q-LOG-03-value").fill("12,5")
        page.locator("#q-LOG-03-answer").get_by_role("button", name="Save").click()
        page.wait_for_load_state()
        assert page.url.endswith(reverse("dossiers:axis", args=[dossier.pk, "LOG"]) + "#q-LOG-03")
        assert page.locator(".messages").inner_text() == "The answer to LOG-03 is saved."
        assert page.input_value("#q-LOG-03-value") == "12.5"
    finally:
        context.close()


def test_a_text_is_saved_on_input_without_leaving_the_field_and_counted_live(page, live_server, dossier, contributor):
    errors = csp_errors(page)
    log_in(page, live_server, contributor)
    use_language(page, live_server, "en")
    page.goto(reverse("dossiers:axis", args=[dossier.pk, "STR"]))
    field = page.locator("#q-STR-10-value")
    expect(page.locator("#q-STR-10-value-count")).to_have_text("0 / 10,000 characters")
    field.focus()
    field.fill("Bilan présenté en conseil")  # an input event only: no key, no change, no blur
    expect(page.locator("#q-STR-10-value-count")).to_have_text("25 / 10,000 characters")
    page.locator("#q-STR-10-status").filter(has_text=re.compile(r"^Saved at \d\d:\d\d\.$")).wait_for()
    assert page.evaluate("document.activeElement.id") == "q-STR-10-value"
    answer = Answer.objects.get(dossier=dossier, question="STR-10")
    assert (answer.value, answer.version) == ("Bilan présenté en conseil", 1)
    assert errors == []


def test_leaving_while_a_save_is_pending_asks_first(page, live_server, dossier, contributor):
    log_in(page, live_server, contributor)
    use_language(page, live_server, "en")
    page.goto(reverse("dossiers:axis", args=[dossier.pk, "STR"]))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.locator("#q-STR-10-value").fill("Un bilan")
    page.close(run_before_unload=True)  # typed, not saved yet: the browser asks, the page stays
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert not page.is_closed()
    page.locator("#q-STR-10-status").filter(has_text="Saved at").wait_for()
    assert page.evaluate("document.querySelectorAll('[data-dirty]').length") == 0
    page.close(run_before_unload=True)  # saved: nothing to ask, the page closes
    with contextlib.suppress(PlaywrightError):  # closed before the wait began
        page.wait_for_event("close", timeout=5000)
    assert page.is_closed()
    assert dialogs == ["beforeunload"]
    assert Answer.objects.get(dossier=dossier, question="STR-10").value == "Un bilan"
