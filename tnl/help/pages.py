"""Which guide section explains which page: one table, keyed by URL name (namespace:name).

The context processor turns the current page's URL name into the "Help for this page" link of
base.html. A test checks that every named URL is either here or in NO_HELP_NEEDED, and that every
anchor here exists in the guide, in every language.
"""

from django.urls import reverse

# URL name -> (guide slug, heading anchor)
HELP_FOR_PAGE = {
    # Public pages and accounts
    "home": ("candidats", "le-label"),
    "publication:edition": ("candidats", "criteres"),
    "publication:criteria": ("candidats", "criteres"),
    "publication:laureates": ("candidats", "laureats"),
    "territories:search": ("candidats", "rejoindre"),
    "territories:detail": ("candidats", "rejoindre"),
    "account_login": ("candidats", "compte"),
    "account_signup": ("candidats", "compte"),
    "account_logout": ("candidats", "compte"),
    "account_inactive": ("candidats", "compte"),
    "account_confirm_email": ("candidats", "compte"),
    "account_email_verification_sent": ("candidats", "compte"),
    "account_request_login_code": ("candidats", "compte"),
    "account_confirm_login_code": ("candidats", "compte"),
    "account_reauthenticate": ("candidats", "compte"),
    "account_request_reauthentication_code": ("candidats", "compte"),
    "account_confirm_reauthentication_code": ("candidats", "compte"),
    "account_email": ("candidats", "votre-compte"),
    "account_change_password": ("candidats", "votre-compte"),
    "account_set_password": ("candidats", "votre-compte"),
    "account_reset_password": ("candidats", "mot-de-passe-oublie"),
    "account_reset_password_done": ("candidats", "mot-de-passe-oublie"),
    "account_reset_password_from_key": ("candidats", "mot-de-passe-oublie"),
    "account_reset_password_from_key_done": ("candidats", "mot-de-passe-oublie"),
    "accounts:profile": ("candidats", "votre-compte"),
    # Bodies and their members
    "territories:my_bodies": ("candidats", "rejoindre"),
    "territories:join": ("candidats", "rejoindre"),
    "territories:members": ("candidats", "membres"),
    "territories:invitation": ("candidats", "invitation"),
    "territories:decline_membership": ("candidats", "membres"),
    "territories:change_role": ("candidats", "roles"),
    "territories:leave": ("candidats", "quitter"),
    "territories:edit_settings": ("organisation", "organismes"),
    "territories:create_other": ("organisation", "organismes"),
    "territories:membership_requests": ("organisation", "demandes-adhesion"),
    # Dossiers
    "dossiers:mine": ("candidats", "commencer"),
    "dossiers:apply": ("candidats", "commencer"),
    "dossiers:detail": ("candidats", "dossier"),
    "dossiers:axis": ("candidats", "repondre"),
    "dossiers:submit": ("candidats", "deposer"),
    "dossiers:reopen": ("candidats", "deposer"),
    "dossiers:print": ("candidats", "copie"),
    # Editions and their referential
    "editions:list": ("organisation", "editions"),
    "editions:create": ("organisation", "nouvelle-edition"),
    "editions:detail": ("organisation", "phases"),
    "editions:dates": ("organisation", "phases"),
    "editions:action": ("organisation", "actions"),
    "editions:referential": ("organisation", "questionnaire"),
    "editions:referential_import": ("organisation", "structure"),
    "editions:referential_diff": ("organisation", "differences"),
    "editions:axis_texts": ("organisation", "textes"),
    # Jury: clarifications
    "jury:clarifications": ("jury", "precisions"),
    "jury:clarification": ("candidats", "questions-du-jury"),
    # Jury: calibration
    "jury:calibration_samples": ("organisation", "calibrage"),
    "jury:calibration_remove": ("organisation", "calibrage"),
    "jury:calibration_note": ("organisation", "lectures-communes"),
    "jury:calibration": ("jury", "calibrage"),
    # The organiser's console and the deadline reminders
    "jury:console": ("organisation", "console"),
    "jury:reminders": ("organisation", "rappels"),
    # Jury: members, conflicts of interest, assignment
    "jury:members": ("organisation", "jury-membres"),
    "jury:member_conflicts": ("organisation", "jury-membres"),
    "jury:assignments": ("organisation", "attribution"),
    "jury:assign": ("organisation", "attribution"),
    "jury:jury_settings": ("organisation", "attribution"),
    "jury:home": ("jury", "accueil"),
    "jury:conflicts": ("jury", "conflits"),
    # Jury
    "jury:review": ("jury", "examiner"),
    # Jury: deliberation and result e-mails
    "jury:deliberation": ("jury", "deliberation"),
    "jury:deliberation_decision": ("organisation", "decisions"),
    "jury:outbox": ("organisation", "courriels"),
    "jury:outbox_message": ("organisation", "courriels"),
    "publication:manage": ("organisation", "publication"),
    "publication:verify": ("candidats", "badge"),
    "publication:check": ("candidats", "badge"),
    # Help itself
    "help:index": ("candidats", None),
    "help:guide": ("candidats", None),
}

# URL names that are no page of their own: actions answered by a redirect, files, machine
# endpoints. The admin site (namespace "admin") is left out wholesale: no guide sends anyone there.
NO_HELP_NEEDED = {
    "set_language": "POST action of the language switch",
    "admin_login": "redirect to the login page",
    "publication:favicon": "redirect to the icon",
    "api:api-root": "JSON API (documented in docs/api.md and at /api/v1/docs)",
    "api:index": "JSON API: the list of its entry points",
    "api:openapi-json": "the API's OpenAPI document (JSON)",
    "api_docs": "the API's documentation page (it is itself the help)",
    "api:editions": "JSON API endpoint",
    "api:results": "JSON API endpoint",
    "api:body": "JSON API endpoint",
    "api:not_found": "JSON 404 of the API",
    "editions:undo": "POST action",
    "jury:close_clarification": "POST action",
    "oidc_authentication_init": "redirect to the identity provider",
    "oidc_authentication_callback": "return from the identity provider",
    "territories:confirm_membership": "POST action",
    "dossiers:save_answer": "POST action (autosave)",
    "dossiers:add_link": "POST action",
    "dossiers:remove_evidence": "POST action",
    "dossiers:set_form": "POST action",
    "dossiers:set_public_answers": "POST action",
    "dossiers:evidence_upload": "POST action",
    "dossiers:evidence_file": "a file",
    "dossiers:pdf": "a PDF file",
    "dossiers:download": "a JSON file",
    "editions:referential_export": "a YAML or JSON file",
    "jury:calibration_add": "POST action",
    "jury:calibration_sync": "POST action",
    "jury:calibration_note_choose": "redirect to the chosen question's agreed reading",
    "jury:console_export": "a CSV file",
    "jury:answers_export": "a CSV file",
    "jury:member_remove": "POST action",
    "jury:assign_auto": "POST action",
    "jury:unassign": "POST action",
    "jury:review_save_reading": "POST action (htmx fragment or redirect to the review)",
    "jury:review_check_evidence": "POST action (htmx fragment or redirect to the review)",
    "jury:review_opinion": "POST action",
    "jury:review_submit": "POST action",
    "jury:review_reopen": "POST action",
    "jury:outbox_prepare": "POST action",
    "publication:publish": "POST action",
    "publication:schedule": "POST action",
    "publication:cancel": "POST action",
    "publication:withdraw": "POST action",
}


def help_url_for(view_name):
    """The address of the guide section about the page named `view_name`, or None."""
    target = HELP_FOR_PAGE.get(view_name)
    if target is None or view_name.startswith("help:"):
        return None
    slug, anchor = target
    url = reverse("help:guide", args=[slug])
    return f"{url}#{anchor}" if anchor else url
