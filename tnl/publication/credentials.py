"""Open Badges 3.0 credentials: one AchievementCredential per published result, signed as a VC-JWT
(the "JSON Web Token Proof Format" of Open Badges 3.0, §8.2), and their verification.

The JWT payload is the credential itself (members at the top level, VC data model 2.0) plus the
claims Open Badges 3.0 requires: `iss` = issuer.id, `jti` = id, `sub` = credentialSubject.id,
`nbf` = validFrom (and `exp` = validUntil when there is one). The JOSE header holds `alg` RS256
(the algorithm every Open Badges verifier supports), `typ` "JWT" and `kid`, the URL of the public
key (a JWK) in the published files. Revocation follows the 1EdTech Revocation List status method:
`credentialStatus` points at the published list of revoked credential ids.

PyJWT and the key functions (cryptography) are imported where a credential is signed or checked,
not with the module: the public pages import it, and they should not carry those ~10 MB in every
web worker.

Embargo: this module reads `PublishedResult`, `Release` (through a result) and
`RevokedCredential` only."""

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import paths
from .models import PublishedResult, RevokedCredential

ALGORITHM = "RS256"
CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
STATUS_TYPE = "1EdTechRevocationList"
MAX_SIZE = 64 * 1024  # a credential is a few kB; anything larger is not one of ours


def site_url():
    return settings.SITE_URL.rstrip("/")


def absolute(path):
    """The absolute URL of a published file."""
    return site_url() + paths.url(path)


def issuer_id():
    return absolute(paths.issuer_profile())


def verification_url(credential_id):
    return site_url() + reverse("publication:verify", args=[credential_id])


def credential_uri(credential_id):
    return f"urn:uuid:{credential_id}"


def credential_id_of(uri):
    """The UUID of a credential id ("urn:uuid:…"), or None."""
    if not isinstance(uri, str) or not uri.startswith("urn:uuid:"):
        return None
    try:
        return uuid.UUID(uri.removeprefix("urn:uuid:"))
    except ValueError:
        return None


def label_name(release):
    return release.facts.get("label") or settings.TNL_LABEL_NAME


def achievement_name(release, level_label):
    """ "Territoire Numérique Libre 2026 — niveau 3 — Engagement": the French label, lower-cased
    after the dash as a name reads."""
    words = level_label.get("fr") or level_label.get(settings.LANGUAGE_CODE) or ""
    return f"{label_name(release)} {release.year} — {words[:1].lower()}{words[1:]}"


def issuer_profile():
    """The issuer as credentials embed it (the full profile is the published issuer.json)."""
    return {"id": issuer_id(), "type": ["Profile"], "name": settings.TNL_ORGANISER_NAME, "url": site_url() + "/"}


def _moment(value):
    """A datetime in UTC, to the second, as the credential writes it ("2026-06-12T18:00:00Z")."""
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def achievement(release, level, level_label):
    """The achievement of a level in a year: the same for every body that reached it."""
    criteria_url = site_url() + reverse("publication:criteria", args=[release.year])
    name = achievement_name(release, level_label)
    return {
        "id": absolute(paths.achievement(release.year, level)),
        "type": ["Achievement"],
        "achievementType": "Award",
        "name": name,
        "description": (
            f"{label_name(release)} {release.year} : l’organisme a atteint le niveau {level} "
            f"du référentiel, sur décision du jury."
        ),
        "criteria": {
            "id": criteria_url,
            "narrative": (
                f"Le jury du label a lu le dossier déposé par l’organisme et décidé du niveau {level} "
                f"selon les critères de l’édition {release.year} : {criteria_url}"
            ),
        },
        "image": {"id": absolute(paths.level_badge(release.year, level, "svg")), "type": "Image", "caption": name},
        "creator": issuer_profile(),
        "inLanguage": "fr",
    }


def credential_for(result, release=None):
    """The unsigned credential of one published result (a dict, JSON-LD)."""
    release = release or result.release
    identifiers = [{"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": result.name}]
    if result.siren:
        identifiers.append(
            {"type": "IdentityObject", "identityType": "ext:SIREN", "hashed": False, "identityHash": result.siren}
        )
    name = achievement_name(release, result.level_label)
    return {
        "@context": list(CONTEXTS),
        "id": credential_uri(result.credential_id),
        "type": list(TYPES),
        "name": f"{name} — {result.display_name}",
        "issuer": issuer_profile(),
        "validFrom": _moment(release.published_at),
        "credentialSubject": {
            "id": absolute(paths.body(result.kind, result.code, "fr")),
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": achievement(release, result.level, result.level_label),
            "image": {"id": absolute(paths.badge(result.year, result.kind, result.code, "svg")), "type": "Image"},
        },
        "credentialStatus": {"id": absolute(paths.revocation_list()), "type": STATUS_TYPE},
    }


def _timestamp(moment):
    return int(datetime.strptime(moment, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())


def sign(credential, private_key):
    """The compact JWS of `credential`: the VC-JWT Open Badges 3.0 describes."""
    claims = {
        **credential,
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "sub": credential["credentialSubject"]["id"],
        "nbf": _timestamp(credential["validFrom"]),
    }
    if credential.get("validUntil"):
        claims["exp"] = _timestamp(credential["validUntil"])
    import jwt

    from . import keys

    public = private_key.public_key()
    return jwt.encode(claims, private_key, algorithm=ALGORITHM, headers={"kid": keys.key_id(public), "typ": "JWT"})


def issue(result, release=None, private_key=None):
    """The signed credential (a compact JWS string) of one published result."""
    from . import keys

    return sign(credential_for(result, release), private_key or keys.issuer_key())


def revocation_list(revoked):
    """The published revocation list (1EdTech Revocation List): every revoked credential id."""
    return {
        "id": absolute(paths.revocation_list()),
        "type": STATUS_TYPE,
        "issuer": issuer_id(),
        "revokedCredentials": [
            {
                "id": credential_uri(item.credential_id),
                "revokedAt": _moment(item.revoked_at),
                "revocationReason": item.reason,
            }
            for item in revoked
        ],
    }


# Verification ------------------------------------------------------------------------------------


@dataclass
class Check:
    code: str  # "format", "signature", "issuer", "claims", "structure", "dates", "status"
    ok: bool
    message: str


@dataclass
class Verdict:
    checks: list = field(default_factory=list)
    credential: dict | None = None
    result: PublishedResult | None = None
    revoked: RevokedCredential | None = None

    @property
    def valid(self):
        return bool(self.checks) and all(check.ok for check in self.checks)

    @property
    def status(self):
        """ "valid", "revoked" (genuine but revoked) or "invalid"."""
        if self.valid:
            return "valid"
        if self.revoked is not None and all(check.ok for check in self.checks if check.code != "status"):
            return "revoked"
        return "invalid"

    def add(self, code, ok, message):
        self.checks.append(Check(code, ok, message))
        return ok


def verify(token, verification_keys=None, now=None):
    """Check a credential the way an Open Badges 3.0 verifier does, and against this platform's
    records. Returns a Verdict listing each check; it stops at the first check that leaves nothing
    to read (an unreadable token, an unknown key, a bad signature)."""
    import jwt

    from . import keys

    verdict = Verdict()
    now = now or timezone.now()
    token = token.decode("utf-8", "replace") if isinstance(token, bytes) else token
    token = (token or "").strip()
    try:
        if len(token) > MAX_SIZE:
            raise jwt.DecodeError("too large")
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        verdict.add("format", False, _("This is not a signed credential (a JWT in compact form)."))
        return verdict
    if header.get("alg") != ALGORITHM or header.get("typ", "JWT") != "JWT":
        verdict.add("format", False, _("The signature algorithm is not the one this issuer uses (RS256)."))
        return verdict
    verdict.add("format", True, _("A signed credential (JWT, RS256)."))
    available = keys.verification_keys() if verification_keys is None else verification_keys
    public_key = available.get(header.get("kid"))
    if public_key is None:
        verdict.add("signature", False, _("The credential was not signed with a key of this issuer."))
        return verdict
    try:
        payload = jwt.decode(
            token,
            public_key,
            algorithms=[ALGORITHM],
            options={"verify_exp": False, "verify_nbf": False, "verify_iat": False, "verify_aud": False},
        )
    except jwt.PyJWTError:
        verdict.add("signature", False, _("The signature does not match: the credential was altered or forged."))
        return verdict
    verdict.add("signature", True, _("The signature matches the issuer’s key."))
    verdict.credential = payload
    _check_issuer(verdict, payload)
    _check_structure(verdict, payload)
    _check_claims(verdict, payload)
    _check_dates(verdict, payload, now)
    _check_status(verdict, payload)
    return verdict


def _check_issuer(verdict, payload):
    issuer = payload.get("issuer")
    issuer = issuer.get("id") if isinstance(issuer, dict) else issuer
    ok = issuer == issuer_id() and payload.get("iss") == issuer
    verdict.add(
        "issuer",
        ok,
        _("Issued by %(name)s.") % {"name": settings.TNL_ORGANISER_NAME}
        if ok
        else _("The issuer is not %(name)s (%(id)s).") % {"name": settings.TNL_ORGANISER_NAME, "id": issuer_id()},
    )


def _types(value):
    """A JSON-LD value that may be one item or a list, as a list of its strings."""
    return [item for item in (value if isinstance(value, list) else [value]) if isinstance(item, str)]


def _check_structure(verdict, payload):
    subject = payload.get("credentialSubject") if isinstance(payload.get("credentialSubject"), dict) else {}
    achievement_ = subject.get("achievement") if isinstance(subject.get("achievement"), dict) else {}
    problems = []
    if _types(payload.get("@context"))[:2] != CONTEXTS:
        problems.append("@context")
    credential_types = _types(payload.get("type"))
    if "VerifiableCredential" not in credential_types or not (
        {"OpenBadgeCredential", "AchievementCredential"} & set(credential_types)
    ):
        problems.append("type")
    if "AchievementSubject" not in _types(subject.get("type")) or not (subject.get("id") or subject.get("identifier")):
        problems.append("credentialSubject")
    if "Achievement" not in _types(achievement_.get("type")) or not achievement_.get("name"):
        problems.append("achievement")
    verdict.add(
        "structure",
        not problems,
        _("An Open Badges 3.0 credential (OpenBadgeCredential).")
        if not problems
        else _("Not an Open Badges 3.0 credential: %(parts)s.") % {"parts": ", ".join(problems)},
    )


def _check_claims(verdict, payload):
    subject = payload.get("credentialSubject") if isinstance(payload.get("credentialSubject"), dict) else {}
    valid_from = payload.get("validFrom")
    try:
        same_start = payload.get("nbf") == _timestamp(valid_from)
    except (TypeError, ValueError):
        same_start = False
    ok = payload.get("jti") == payload.get("id") and payload.get("sub") == subject.get("id") and same_start
    if payload.get("exp") is not None or payload.get("validUntil"):
        try:
            ok = ok and payload.get("exp") == _timestamp(payload.get("validUntil"))
        except (TypeError, ValueError):
            ok = False
    verdict.add(
        "claims",
        ok,
        _("The JWT claims match the credential.")
        if ok
        else _("The JWT claims (jti, sub, nbf, exp) contradict the credential."),
    )


def _check_dates(verdict, payload, now):
    moment = int(now.timestamp())
    nbf, exp = payload.get("nbf"), payload.get("exp")
    if not isinstance(nbf, int) or moment < nbf:
        verdict.add("dates", False, _("The credential is not valid yet."))
    elif exp is not None and (not isinstance(exp, int) or moment >= exp):
        verdict.add("dates", False, _("The credential has expired."))
    else:
        since = timezone.localtime(datetime.fromtimestamp(nbf, UTC))
        verdict.add("dates", True, _("Valid since %(date)s.") % {"date": date_format(since, "j F Y")})


def _check_status(verdict, payload):
    credential_id = credential_id_of(payload.get("id"))
    if credential_id is None:
        verdict.add("status", False, _("The credential has no identifier of this platform."))
        return
    verdict.revoked = RevokedCredential.objects.filter(credential_id=credential_id).first()
    if verdict.revoked is not None:
        verdict.add("status", False, revoked_message(verdict.revoked))
        return
    verdict.result = PublishedResult.objects.select_related("release").filter(credential_id=credential_id).first()
    if verdict.result is None:
        verdict.add("status", False, _("This platform publishes no result with this credential."))
        return
    signed = json.dumps(credential_for(verdict.result), sort_keys=True)
    same = signed == json.dumps({key: payload.get(key) for key in json.loads(signed)}, sort_keys=True)
    verdict.add(
        "status",
        same,
        _("Not revoked: the result is published.")
        if same
        else _("The credential does not match the published result."),
    )


def revoked_message(revoked):
    return _("Revoked on %(date)s (%(reason)s).") % {
        "date": date_format(timezone.localtime(revoked.revoked_at), "j F Y"),
        "reason": revoked.reason,
    }
