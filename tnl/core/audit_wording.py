"""Audit log actions in words, in one place: pages show these sentences, never the codes.

Every code passed to `audit.record` needs an entry here (a test greps the code for them)."""

from django.utils.translation import gettext_lazy as _

ACTION_WORDS = {
    # Accounts
    "user.created": _("Account created"),
    "user.email_verified": _("E-mail address verified"),
    "user.profile_updated": _("Profile updated"),
    # Registry and memberships
    "registry.imported": _("Registry imported"),
    "territory.created": _("Body added to the registry"),
    "territory.settings_changed": _("Body settings changed"),
    "membership.requested": _("Asked to join the body"),
    "membership.confirmed": _("Membership confirmed"),
    "membership.declined": _("Membership request declined"),
    "membership.withdrawn": _("Membership request withdrawn"),
    "membership.left": _("Left the body"),
    "membership.role_changed": _("Role changed"),
    "invitation.sent": _("Person invited"),
    "invitation.accepted": _("Invitation accepted"),
    # Referentials
    "referential.imported": _("Referential imported"),
    "referential.copied": _("Referential copied"),
    "referential.replaced": _("Referential replaced from a file"),
    "referential.texts_changed": _("Referential texts changed"),
    # Editions
    "edition.created": _("Edition created"),
    "edition.dates_changed": _("Dates changed"),
    "edition.opened": _("Applications opened"),
    "edition.closed": _("Applications closed"),
    "edition.deliberation_started": _("Deliberation started"),
    "edition.review_reopened": _("Back to the jury review"),
    "edition.archived": _("Edition archived"),
    "edition.action_undone": _("Previous date restored"),
    "edition.published": _("Results published"),
    "edition.unpublished": _("Results withdrawn"),
    "release.imported": _("Past results imported"),
    "edition.publication_scheduled": _("Publication planned"),
    "edition.publication_cancelled": _("Planned publication cancelled"),
    "edition.publication_failed": _("Planned publication failed"),
    # Dossiers
    "dossier.created": _("Dossier created"),
    "dossier.form_changed": _("Dossier form changed"),
    "dossier.submitted": _("Dossier submitted"),
    "dossier.reopened": _("Dossier reopened"),
    "dossier.publicity_changed": _("Consent to public answers changed"),
    "answer.saved": _("Answer saved"),
    "evidence.added": _("Evidence added"),
    "evidence.removed": _("Evidence removed"),
    # Jury: clarifications
    "clarification.asked": _("Question asked to the candidate"),
    "clarification.answered": _("Jury's question answered"),
    "clarification.closed": _("Jury's question closed"),
    # Jury: calibration
    "calibration_sample.added": _("Calibration dossier added"),
    "calibration_sample.removed": _("Calibration dossier removed"),
    "calibration_sample.assigned": _("Calibration dossiers handed out to jurors"),
    "question_note.saved": _("Agreed reading of a question saved"),
    "question_note.deleted": _("Agreed reading of a question deleted"),
    # Jury: the organiser's console
    "reminder.sent": _("Deadline reminder sent"),
    # Jury: members, conflicts of interest, assignment
    "jury_member.added": _("Jury member added"),
    "jury_member.removed": _("Jury member removed"),
    "conflict.declared": _("Conflict of interest declared"),
    "conflict.withdrawn": _("Conflict of interest withdrawn"),
    "assignment.created": _("Dossier assigned to a reviewer"),
    "assignment.removed": _("Assignment removed"),
    "edition.jury_settings_changed": _("Jury settings changed"),
    # Jury: reviews
    "review.started": _("Review started"),
    "reading.saved": _("Reading of a question saved"),
    "evidence.checked": _("Evidence checked"),
    "opinion.saved": _("Written opinion saved"),
    "review.submitted": _("Review submitted"),
    "review.reopened": _("Review reopened"),
    # Jury: deliberation and result e-mails
    "decision.recorded": _("Level decided"),
    "decision.changed": _("Decision changed"),
    "result_template.created": _("Result e-mail template created"),
    "result_template.changed": _("Result e-mail template changed"),
    "outbox.prepared": _("Result e-mails prepared"),
    "outbox_message.edited": _("Result e-mail edited"),
    "outbox.sent": _("Result e-mails sent"),
}


def action_words(code):
    """The sentence for an action code; an unknown code is shown as it is."""
    return ACTION_WORDS.get(code, code)
