"""State changes of memberships and invitations: who acts for a body, in which role.

Each function is one transaction that locks the body's row (so that two people leaving at the
same moment cannot both pass the last-referent check), checks the permission, saves, writes the
audit log and queues the e-mails (sent once the transaction commits). Views and tests call these,
never `save()`.

Routing of a request to join (`request_membership`):
- the body has confirmed referents: they decide (organisers may too);
- it has no confirmed member: confirmed at once when the requester's verified address is at one of
  the body's e-mail domains (exact match, case-insensitive; a subdomain matches only when listed),
  otherwise an organiser decides;
- it has confirmed members but no referent (the first member chose "contributor"): organisers decide.

The last-referent guard (`referent_gap`): a change that would leave the body without a confirmed
elected referent, or without a confirmed technical referent, while it still has other confirmed
members is refused, with the names of those who could take the role. The very last member may
leave; the organisers are then told that the body has nobody left.
"""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tnl.core.audit import record
from tnl.core.models import AuditEntry
from tnl.core.notifications import notify
from tnl.core.services import SYSTEM, NotAllowed, Refused, ensure

from .enums import REFERENT_ROLES, MembershipRole, MembershipStatus
from .models import Invitation, Membership, Territory
from .normalize import search_key
from .rules import invitable_roles, is_referent

CONFIRMED, PENDING = MembershipStatus.CONFIRMED, MembershipStatus.PENDING
NAMES_IN_MESSAGES = 5  # a refusal lists at most this many people who could take a role
INVITATIONS_PER_DAY = 20  # e-mails one person may send for one body in 24 hours (new links included)


# Reading ------------------------------------------------------------------------------------------


def email_domain(address):
    """The domain of an e-mail address, lowercase and in its ASCII (IDNA) form: "A@Mairie.FR" -> "mairie.fr"."""
    return _ascii_domain(address.rpartition("@")[2])


def _ascii_domain(domain):
    domain = domain.strip().rstrip(".").lower()
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return domain


def domain_matches(address, domains):
    """Whether `address` is at one of `domains` exactly (a subdomain matches only when it is listed)."""
    domain = email_domain(address)
    return bool(domain) and domain in {_ascii_domain(d) for d in domains}


def has_verified_email(user):
    """Whether the user's login address was verified (allauth keeps the verification state)."""
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def organisers():
    """The people who receive organiser e-mails: active users with the organiser flag."""
    return list(get_user_model().objects.filter(is_organiser=True, is_active=True).order_by("email"))


def referent_gap(membership, new_role=None):
    """The referent role the body would lose if `membership` left (new_role None) or took `new_role`.

    Returns (role, others): `role` is None when nothing is lost (the role is not a referent role,
    another confirmed member holds it, or `membership` is the body's very last confirmed member);
    otherwise `others` are the other confirmed members, who could take the role.
    """
    if membership.status != CONFIRMED or membership.role not in REFERENT_ROLES or new_role == membership.role:
        return None, []
    others = sorted(
        Membership.objects.confirmed()
        .filter(territory_id=membership.territory_id)
        .exclude(pk=membership.pk)
        .select_related("user"),
        key=lambda other: (search_key(other.user.get_full_name()), other.user.email),
    )
    if not others or any(other.role == membership.role for other in others):
        return None, []
    return MembershipRole(membership.role), others


def people_list(memberships):
    names = [m.user.get_full_name() for m in memberships]
    shown = ", ".join(names[:NAMES_IN_MESSAGES])
    more = len(names) - NAMES_IN_MESSAGES
    if more > 0:
        return ngettext("%(names)s and %(count)d other", "%(names)s and %(count)d others", more) % {
            "names": shown,
            "count": more,
        }
    return shown


def referent_gap_message(membership, role, others, actor=None, leaving=False):
    """Why a change is refused and who could take the role, for the person making it."""
    params = {
        "person": membership.user.get_full_name(),
        "role": role.label,
        "body": membership.territory.display_name,
        "people": people_list(others),
    }
    if leaving:
        return (
            _(
                "You are the last %(role)s of %(body)s, and a body needs one to submit its application. "
                "Before you leave, the role must go to another member: %(people)s. "
                "A referent or an organiser can give it on the members page."
            )
            % params
        )
    if actor is not None and actor.pk == membership.user_id:
        return (
            _(
                "You are the last %(role)s of %(body)s, and a body needs one to submit its application. "
                "First give this role to another member (%(people)s), then change yours."
            )
            % params
        )
    return (
        _(
            "%(person)s is the last %(role)s of %(body)s, and a body needs one to submit its application. "
            "First give this role to another member: %(people)s."
        )
        % params
    )


# Helpers of the state changes -----------------------------------------------------------------------


def _lock(territory):
    return Territory.objects.select_for_update().get(pk=territory.pk)


def _fresh(membership):
    return Membership.objects.select_for_update(of=("self",)).select_related("user", "territory").get(pk=membership.pk)


def _members_path(territory):
    return reverse("territories:members", kwargs={"kind": territory.kind, "code": territory.code})


def _context(membership, **extra):
    territory = membership.territory
    return {
        "person": membership.user.get_full_name(),
        "person_email": membership.user.email,
        "body": territory.display_name,
        # The label stays lazy so that the e-mail is written in its own language.
        "role": MembershipRole(membership.role).label,
        "body_path": territory.get_absolute_url(),
        "members_path": _members_path(territory),
        "my_bodies_path": reverse("territories:my_bodies"),
        **extra,
    }


def _reset(membership, role, now):
    membership.role = role
    membership.status = PENDING
    membership.requested_at = now
    membership.confirmed_at = membership.left_at = membership.declined_at = None
    membership.decline_reason = ""


# State changes -----------------------------------------------------------------------------------


def request_membership(user, territory, role):
    """`user` asks to act for `territory` in `role`; return the Membership (pending or confirmed).

    A person who left or was declined asks again on the same row. Raises Refused when the
    person already acts for the body or already has a request waiting.
    Side effects: saves the membership; audit "membership.requested" (and
    "membership.confirmed" when confirmed by the e-mail domain); e-mails the requester
    ("membership_received" or "membership_confirmed") and, for a pending request, the body's
    confirmed referents or else the organisers ("membership_to_review").
    """
    role = MembershipRole(role)
    with transaction.atomic():
        ensure(user, "territories.join", territory)
        territory = _lock(territory)
        membership = Membership.objects.select_for_update().filter(user=user, territory=territory).first()
        if membership is not None and membership.status == CONFIRMED:
            raise Refused(_("You already act for %(body)s.") % {"body": territory.display_name})
        if membership is not None and membership.status == PENDING:
            raise Refused(
                _("Your request to act for %(body)s is already waiting for an answer.")
                % {"body": territory.display_name}
            )
        confirmed = list(territory.memberships.confirmed().select_related("user"))
        now = timezone.now()
        if membership is None:
            membership = Membership(user=user, territory=territory)
        _reset(membership, role, now)
        automatic = not confirmed and domain_matches(user.email, territory.email_domains) and has_verified_email(user)
        if automatic:
            membership.status, membership.confirmed_at = CONFIRMED, now
        membership.save()
        record(
            user,
            "membership.requested",
            membership,
            f"{user.email} asked to act for {territory.display_name} as {role.value}",
            territory=territory.pk,
            role=role.value,
        )
        if automatic:
            domain = email_domain(user.email)
            record(
                user,
                "membership.confirmed",
                membership,
                f"Confirmed automatically: {user.email} is at {domain}, a domain of {territory.display_name}",
                by="email_domain",
                domain=domain,
            )
            notify([user], "membership_confirmed", _context(membership, automatic=True))
            return membership
        reviewers = [m.user for m in confirmed if m.is_referent and m.user.is_active]
        by_referents = bool(reviewers)
        if not by_referents:
            reviewers = organisers()
        review_path = _members_path(territory) if by_referents else reverse("territories:membership_requests")
        notify([user], "membership_received", _context(membership, by_referents=by_referents))
        notify(
            reviewers, "membership_to_review", _context(membership, by_referents=by_referents, review_path=review_path)
        )
    return membership


def confirm_membership(actor, membership):
    """Accept a pending request to join a body; return the membership. By an organiser or a confirmed
    referent of that body (anyone else: 404). Raises Refused when the request was already answered.
    Side effects: saves the membership; audit "membership.confirmed"; e-mails the
    requester ("membership_confirmed").
    """
    with transaction.atomic():
        ensure(actor, "territories.manage_members", membership.territory)
        territory = _lock(membership.territory)
        membership = _fresh(membership)
        if membership.status != PENDING:
            raise Refused(_("This request was already answered."))
        membership.status, membership.confirmed_at = CONFIRMED, timezone.now()
        membership.save(update_fields=["status", "confirmed_at"])
        by = "system" if actor is SYSTEM else "referent" if is_referent(actor, territory) else "organiser"
        record(
            actor,
            "membership.confirmed",
            membership,
            f"{membership.user.email} confirmed as {membership.role} of {territory.display_name}",
            by=by,
        )
        notify([membership.user], "membership_confirmed", _context(membership, automatic=False))
    return membership


def decline_membership(actor, membership, reason=""):
    """Decline a pending request to join a body, with an optional reason sent to the requester;
    return the membership. Same permission as `confirm_membership`.
    Side effects: saves the membership; audit "membership.declined" (with the reason);
    e-mails the requester ("membership_declined").
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        ensure(actor, "territories.manage_members", membership.territory)
        territory = _lock(membership.territory)
        membership = _fresh(membership)
        if membership.status != PENDING:
            raise Refused(_("This request was already answered."))
        membership.status, membership.declined_at, membership.decline_reason = (
            MembershipStatus.DECLINED,
            timezone.now(),
            reason,
        )
        membership.save(update_fields=["status", "declined_at", "decline_reason"])
        record(
            actor,
            "membership.declined",
            membership,
            f"Request of {membership.user.email} to act for {territory.display_name} declined",
            reason=reason,
        )
        notify([membership.user], "membership_declined", _context(membership, reason=reason))
    return membership


def invite_member(actor, territory, email, role):
    """Invite `email` to act for `territory` in `role`; return the Invitation.

    Organisers and the body's confirmed members may invite (anyone else: 404); referents and
    organisers in any role, contributors as contributors only (`rules.invitable_roles`). Inviting
    an address that already has an open invitation to this body sends a fresh link (new token,
    30 more days, the new role), but only by someone who may invite in the open invitation's role
    (a contributor cannot turn a referent's invitation into a contributor's). Raises
    Refused ({"role": …} or {"email": …}) when the role is not allowed, the address
    already acts for, or asked to join, the body, the open invitation is not the actor's to
    replace, or the actor already sent INVITATIONS_PER_DAY invitations for this body in 24 hours.
    Side effects: saves the invitation; audit "invitation.sent"; e-mails the address ("invitation").
    """
    email, role = email.strip().lower(), MembershipRole(role)
    with transaction.atomic():
        ensure(actor, "territories.invite", territory)
        territory = _lock(territory)
        if actor is not SYSTEM:
            if role not in invitable_roles(actor, territory):
                raise Refused(
                    {"role": _("Contributors can invite contributors only; a referent can invite a referent.")}
                )
            sent_today = AuditEntry.objects.filter(
                actor=actor,
                action="invitation.sent",
                data__territory=territory.pk,
                at__gt=timezone.now() - timedelta(days=1),
            ).count()
            if sent_today >= INVITATIONS_PER_DAY:
                raise Refused(
                    {
                        "email": _(
                            "You have sent %(count)d invitations for %(body)s in the last 24 hours, the most allowed. "
                            "Try again tomorrow, or ask an organiser."
                        )
                        % {"count": sent_today, "body": territory.display_name}
                    }
                )
        current = territory.memberships.current().filter(user__email__iexact=email).select_related("user").first()
        if current is not None and current.status == CONFIRMED:
            raise Refused(
                {"email": _("%(email)s already acts for %(body)s.") % {"email": email, "body": territory.display_name}}
            )
        if current is not None:
            raise Refused(
                {
                    "email": _(
                        "%(email)s has already asked to act for %(body)s: "
                        "a referent can accept the request on the members page."
                    )
                    % {"email": email, "body": territory.display_name}
                }
            )
        invitation = Invitation.objects.select_for_update().filter(territory=territory, email=email, accepted_at=None)
        invitation = invitation.first()
        renewed = invitation is not None
        if renewed and actor is not SYSTEM and invitation.role not in invitable_roles(actor, territory):
            raise Refused(
                {
                    "email": _(
                        "%(email)s already has an invitation to act for %(body)s as %(role)s. "
                        "Only a referent or an organiser can change it."
                    )
                    % {"email": email, "body": territory.display_name, "role": invitation.get_role_display()}
                }
            )
        if invitation is None:
            invitation = Invitation(territory=territory, email=email)
        invitation.role = role
        invitation.token = secrets.token_urlsafe(32)
        invitation.invited_by = None if actor is SYSTEM else actor
        invitation.sent_at = timezone.now()
        invitation.save()
        record(
            actor,
            "invitation.sent",
            invitation,
            f"{email} invited to act for {territory.display_name} as {role.value}" + (" (new link)" if renewed else ""),
            email=email,
            role=role.value,
            renewed=renewed,
            territory=territory.pk,
        )
        notify(
            [email],
            "invitation",
            {
                "inviter": actor.get_full_name(),
                "body": territory.display_name,
                "role": role.label,
                "invitation_path": invitation.get_absolute_url(),
                "expires_at": invitation.expires_at,
            },
        )
    return invitation


def accept_invitation(user, invitation):
    """`user` accepts `invitation`: they act for its body in its role at once; return the Membership.

    The invitation is the proof: it works only for the address it was sent to (case-insensitive),
    once, within 30 days. A person with a pending, declined or former membership of the body gets
    it confirmed in the invited role. Raises Refused otherwise, with what to do.
    Side effects: saves the membership and the invitation; audit "invitation.accepted"
    (on the invitation) and "membership.confirmed" (on the membership); e-mails the
    person who invited ("invitation_accepted").
    """
    if user is None or not user.is_authenticated:
        raise NotAllowed
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",)).select_related("invited_by").get(pk=invitation.pk)
        )
        territory = _lock(invitation.territory)
        if invitation.accepted_at is not None:
            raise Refused(_("This invitation was already used."))
        if invitation.is_expired():
            raise Refused(_("This invitation has expired. Ask the person who invited you to send a new one."))
        if user.email.lower() != invitation.email.lower():
            raise Refused(
                _(
                    "This invitation was sent to %(invited)s, but you are logged in as %(current)s. "
                    "Log out and log in (or create an account) with %(invited)s, "
                    "or ask for an invitation to your own address."
                )
                % {"invited": invitation.email, "current": user.email}
            )
        # Whatever ACCOUNT_EMAIL_VERIFICATION says: the link proves nothing until the account
        # proves it receives that address's e-mail.
        if not has_verified_email(user):
            raise Refused(
                _(
                    "Confirm your e-mail address %(email)s first (with the link we sent you, "
                    "or from your account page), then accept the invitation."
                )
                % {"email": user.email}
            )
        membership = Membership.objects.select_for_update().filter(user=user, territory=territory).first()
        if membership is not None and membership.status == CONFIRMED:
            raise Refused(_("You already act for %(body)s.") % {"body": territory.display_name})
        now = timezone.now()
        if membership is None:
            membership = Membership(user=user, territory=territory)
        _reset(membership, invitation.role, now)
        membership.status, membership.confirmed_at = CONFIRMED, now
        membership.save()
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at"])
        record(user, "invitation.accepted", invitation, f"{user.email} accepted the invitation")
        record(
            user,
            "membership.confirmed",
            membership,
            f"{user.email} confirmed as {membership.role} of {territory.display_name} by invitation",
            by="invitation",
            invitation=invitation.pk,
        )
        if invitation.invited_by is not None and invitation.invited_by.is_active:
            notify([invitation.invited_by], "invitation_accepted", _context(membership))
    return membership


def change_role(actor, membership, role):
    """Give a confirmed member another role; return the membership. By an organiser or a confirmed
    referent of the body (anyone else: 404). Refused when it would take away the
    body's last elected or technical referent while others remain (see `referent_gap`).
    Side effects: saves the membership; audit "membership.role_changed" (before and after);
    e-mails the member ("role_changed") unless they made the change.
    """
    role = MembershipRole(role)
    with transaction.atomic():
        ensure(actor, "territories.manage_members", membership.territory)
        territory = _lock(membership.territory)
        membership = _fresh(membership)
        if membership.status != CONFIRMED:
            raise Refused(_("Only a confirmed member has a role to change."))
        if membership.role == role:
            return membership
        lost, others = referent_gap(membership, role)
        if lost is not None:
            raise Refused(referent_gap_message(membership, lost, others, actor=actor))
        before = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        record(
            actor,
            "membership.role_changed",
            membership,
            f"{membership.user.email}: {before} → {role.value} in {territory.display_name}",
            before=before,
            after=role.value,
        )
        if actor.pk != membership.user_id:
            notify(
                [membership.user],
                "role_changed",
                _context(membership, actor_name=actor.get_full_name(), before=MembershipRole(before).label),
            )
    return membership


def leave_body(user, membership):
    """`user` stops acting for a body (or withdraws a pending request); return the membership.

    Only the member themself (anyone else: 404). The row stays, with the status "left". Refused
    (Refused) when it would take away the body's last elected or technical referent while
    others remain. Side effects: saves the membership; audit "membership.left" (or
    "membership.withdrawn" for a pending request); when the last confirmed member
    leaves, e-mails the organisers ("body_without_members").
    """
    if user is None or not user.is_authenticated or membership.user_id != user.pk:
        raise NotAllowed
    with transaction.atomic():
        territory = _lock(membership.territory)
        membership = _fresh(membership)
        if membership.status not in (CONFIRMED, PENDING):
            raise Refused(_("You no longer act for %(body)s.") % {"body": territory.display_name})
        was_confirmed = membership.status == CONFIRMED
        lost, others = referent_gap(membership)
        if lost is not None:
            raise Refused(referent_gap_message(membership, lost, others, leaving=True))
        membership.status, membership.left_at = MembershipStatus.LEFT, timezone.now()
        membership.save(update_fields=["status", "left_at"])
        record(
            user,
            "membership.left" if was_confirmed else "membership.withdrawn",
            membership,
            f"{user.email} left {territory.display_name}"
            if was_confirmed
            else f"{user.email} withdrew the request to act for {territory.display_name}",
            role=membership.role,
        )
        if was_confirmed and not territory.memberships.confirmed().exists():
            notify(organisers(), "body_without_members", _context(membership))
    return membership
