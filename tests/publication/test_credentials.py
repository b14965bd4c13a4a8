"""The Open Badges 3.0 credentials: issued at publication as VC-JWTs, verified with the published
key, refused when altered, out of date, signed by another key or revoked; the command
`verify_credential` and its exit codes."""

import base64
import json
import stat
from datetime import UTC, timedelta
from io import StringIO
from pathlib import Path

import jsonschema
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.management import call_command
from jwt.algorithms import RSAAlgorithm

from tnl.publication import credentials, keys, paths

from .issued import published_file, withdraw

DATA = Path(__file__).resolve().parent.parent / "data"

SITE = "https://label.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE + "/"
    settings.TNL_ORGANISER_NAME = "Adullact"


def token_of(result):
    return published_file(paths.credential(result.year, result.kind, result.code)).decode()


def published_json(path):
    return json.loads(published_file(path))


def expected_claims(result):
    year = result.year
    moment = result.release.published_at.replace(microsecond=0)
    name = f"Territoire Numérique Libre {year} — niveau 1 — Découverte"
    issuer = {"id": f"{SITE}/credentials/issuer.json", "type": ["Profile"], "name": "Adullact", "url": f"{SITE}/"}
    identifiers = [{"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": "Nancy"}]
    if result.siren:
        identifiers.append(
            {"type": "IdentityObject", "identityType": "ext:SIREN", "hashed": False, "identityHash": result.siren}
        )
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": f"urn:uuid:{result.credential_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{name} — Nancy (54)",
        "issuer": issuer,
        "validFrom": moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": f"{SITE}/label/commune/54395/",
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": {
                "id": f"{SITE}/credentials/{year}/level-1.json",
                "type": ["Achievement"],
                "achievementType": "Award",
                "name": name,
                "description": f"Territoire Numérique Libre {year} : l’organisme a atteint le niveau 1 du référentiel, "
                "sur décision du jury.",
                "criteria": {
                    "id": f"{SITE}/editions/{year}/criteres/",
                    "narrative": "Le jury du label a lu le dossier déposé par l’organisme et décidé du niveau 1 selon "
                    f"les critères de l’édition {year} : {SITE}/editions/{year}/criteres/",
                },
                "image": {"id": f"{SITE}/badges/{year}/level-1.svg", "type": "Image", "caption": name},
                "creator": issuer,
                "inLanguage": "fr",
            },
            "image": {"id": f"{SITE}/badges/{year}/commune-54395.svg", "type": "Image"},
        },
        "credentialStatus": {"id": f"{SITE}/credentials/revoked.json", "type": "1EdTechRevocationList"},
        "iss": f"{SITE}/credentials/issuer.json",
        "jti": f"urn:uuid:{result.credential_id}",
        "sub": f"{SITE}/label/commune/54395/",
        "nbf": int(moment.timestamp()),
    }


def test_the_credential_verifies_with_the_published_key(published):
    token = token_of(published)
    [jwk] = published_json(paths.key_set())["keys"]
    thumbprint = keys.thumbprint(RSAAlgorithm.from_jwk(jwk))
    kid = f"{SITE}/credentials/keys/{thumbprint}.json"
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "kid": kid, "typ": "JWT"}
    assert (jwk["kid"], jwk["kty"], jwk["alg"], jwk["use"], "d" in jwk) == (kid, "RSA", "RS256", "sig", False)
    assert published_json(paths.public_key(thumbprint)) == jwk  # the kid dereferences to the key
    claims = jwt.decode(token, jwt.PyJWK(jwk).key, algorithms=["RS256"])
    assert claims == expected_claims(published)


def test_the_issuer_profile_holds_the_public_key(published):
    profile = published_json(paths.issuer_profile())
    [jwk] = published_json(paths.key_set())["keys"]
    assert (profile["id"], profile["type"], profile["name"]) == (
        f"{SITE}/credentials/issuer.json",
        ["Profile"],
        "Adullact",
    )
    assert profile["verificationMethod"] == [
        {
            "id": jwk["kid"],
            "type": "JsonWebKey",
            "controller": profile["id"],
            "publicKeyJwk": {"kty": "RSA", "n": jwk["n"], "e": jwk["e"]},
        }
    ]


def test_the_thumbprint_follows_rfc_7638():
    # The example of RFC 7638, section 3.1.
    n = (
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjh"
        "Mstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQv"
        "RL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
    )
    key = RSAAlgorithm.from_jwk({"kty": "RSA", "n": n, "e": "AQAB"})
    assert keys.thumbprint(key) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"


def outcome(verdict):
    return [(check.code, check.ok) for check in verdict.checks]


ALL_CODES = ["format", "signature", "issuer", "structure", "claims", "dates", "status"]


def test_a_published_credential_is_valid(published):
    verdict = credentials.verify(token_of(published))
    assert outcome(verdict) == [(code, True) for code in ALL_CODES]
    assert (verdict.status, verdict.result) == ("valid", published)


def _tampered(token):
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["achievement"]["name"] = claims["credentialSubject"]["achievement"]["name"].replace(
        "niveau 1", "niveau 5"
    )
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def test_a_tampered_credential_fails(published):
    verdict = credentials.verify(_tampered(token_of(published)))
    assert outcome(verdict) == [("format", True), ("signature", False)]
    assert verdict.checks[-1].message == "La signature ne correspond pas : l’attestation a été modifiée ou contrefaite."
    assert verdict.status == "invalid"


def _signed(result, key, **changes):
    credential = {**credentials.credential_for(result), **changes}
    return credentials.sign(credential, key)


def test_an_expired_credential_fails(published):
    until = published.release.published_at + timedelta(days=1)
    token = _signed(published, keys.issuer_key(), validUntil=until.strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert credentials.verify(token, now=until - timedelta(seconds=1)).status == "valid"
    verdict = credentials.verify(token, now=until)
    assert dict(outcome(verdict))["dates"] is False
    assert dict(outcome(verdict))["signature"] is True
    assert verdict.status == "invalid"
    assert [check.message for check in verdict.checks if check.code == "dates"] == ["L’attestation a expiré."]


def test_a_credential_not_valid_yet_fails(published):
    later = (published.release.published_at + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    verdict = credentials.verify(_signed(published, keys.issuer_key(), validFrom=later))
    assert dict(outcome(verdict))["dates"] is False
    assert [check.message for check in verdict.checks if check.code == "dates"] == [
        "L’attestation n’est pas encore valide."
    ]


def test_a_credential_signed_by_another_key_fails(published):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    verdict = credentials.verify(_signed(published, other))
    assert outcome(verdict) == [("format", True), ("signature", False)]
    # Another key claiming to be ours (our kid in its header): the signature does not match.
    ours = keys.key_id(keys.issuer_key().public_key())
    forged = jwt.encode(
        jwt.decode(token_of(published), options={"verify_signature": False}), other, "RS256", {"kid": ours}
    )
    assert outcome(credentials.verify(forged)) == [("format", True), ("signature", False)]


def test_a_credential_signed_with_hmac_is_refused(published):
    claims = jwt.decode(token_of(published), options={"verify_signature": False})
    forged = jwt.encode(claims, "secret-key-of-at-least-32-bytes!!", "HS256")
    assert outcome(credentials.verify(forged)) == [("format", False)]


def test_a_retired_key_still_verifies(published, settings, tmp_path):
    retired = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = _signed(published, retired)
    assert credentials.verify(token).status == "invalid"
    pem = tmp_path / "retired.pub.pem"
    pem.write_bytes(
        retired.public_key().public_bytes(
            keys.serialization.Encoding.PEM, keys.serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    settings.TNL_CREDENTIAL_RETIRED_KEYS = [pem]
    assert credentials.verify(token).status == "valid"


def test_a_revoked_credential_fails(published, organiser, edition, django_capture_on_commit_callbacks):
    token = token_of(published)
    withdraw(organiser, edition, django_capture_on_commit_callbacks, reason="Un score était faux")
    verdict = credentials.verify(token)
    assert outcome(verdict)[-1] == ("status", False)
    assert verdict.status == "revoked"
    assert verdict.checks[-1].message.startswith("Révoquée le ") and verdict.checks[-1].message.endswith(
        " (Un score était faux)."
    )
    revoked = published_json(paths.revocation_list())
    assert revoked["type"] == "1EdTechRevocationList"
    assert [item["id"] for item in revoked["revokedCredentials"]] == [f"urn:uuid:{published.credential_id}"]
    assert revoked["revokedCredentials"][0]["revocationReason"] == "Un score était faux"


def test_the_key_file_is_made_once_and_private(settings, tmp_path):
    settings.TNL_CREDENTIAL_KEY_FILE = tmp_path / "keys" / "credential-key.pem"
    assert keys.issuer_key(create=False) is None
    key = keys.issuer_key()
    assert stat.S_IMODE(settings.TNL_CREDENTIAL_KEY_FILE.stat().st_mode) == 0o600
    assert key.key_size == 2048
    assert keys.issuer_key().private_numbers() == key.private_numbers()


# The command ---------------------------------------------------------------------------------------


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_credential", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def test_the_command_says_valid(published, tmp_path):
    path = tmp_path / "nancy.jwt"
    path.write_text(token_of(published))
    code, out, _err = run(str(path))
    lines = out.splitlines()
    assert code == 0
    assert [line.split(":")[0] for line in lines[:-1]] == [f"[ok  ] {name}" for name in ALL_CODES]
    assert lines[-1] == "valid"


def test_the_command_checks_with_the_published_key_set(published, tmp_path, settings):
    path, jwks, other = tmp_path / "nancy.jwt", tmp_path / "jwks.json", tmp_path / "other.json"
    path.write_text(token_of(published))
    jwks.write_bytes(published_file(paths.key_set()))
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    other.write_text(json.dumps({"keys": [keys.published_jwk(stranger)]}))
    settings.TNL_CREDENTIAL_KEY_FILE = tmp_path / "no-key-here.pem"  # only the published keys
    assert run(str(path))[0] == 0  # the current build's key set
    assert run(str(path), "--jwks", str(jwks))[0] == 0
    code, out, _err = run(str(path), "--jwks", str(other))
    assert code == 1 and "[FAIL] signature: L’attestation n’a pas été signée avec une clé de cet émetteur." in out


def test_the_command_says_revoked(published, organiser, edition, django_capture_on_commit_callbacks, tmp_path):
    path = tmp_path / "nancy.jwt"
    path.write_text(token_of(published))
    withdraw(organiser, edition, django_capture_on_commit_callbacks)
    code, out, _err = run(str(path))
    assert code == 1
    assert "[FAIL] status: Révoquée le " in out and out.splitlines()[-1] == "revoked"


def test_the_command_refuses_what_is_not_a_credential(published, tmp_path):
    tampered, garbage, huge = tmp_path / "tampered.jwt", tmp_path / "garbage.jwt", tmp_path / "huge.jwt"
    tampered.write_text(_tampered(token_of(published)))
    garbage.write_text("not a credential")
    huge.write_bytes(b"a" * (64 * 1024 + 1))
    assert run(str(tampered))[:2] == (
        1,
        "[ok  ] format: Une attestation signée (JWT, RS256).\n"
        "[FAIL] signature: La signature ne correspond pas : l’attestation a été modifiée ou contrefaite.\ninvalid\n",
    )
    assert run(str(garbage))[0] == 1
    assert run(str(huge))[0] == 2
    code, _out, err = run(str(tmp_path / "missing.jwt"))
    assert code == 2 and err.startswith("cannot read:")


def test_the_credential_follows_the_open_badges_json_schema(published):
    # The 1EdTech JSON Schema of an AchievementCredential (purl.imsglobal.org/spec/ob/v3p0/schema/
    # json/ob_v3p0_achievementcredential_schema.json), copied into tests/data.
    schema = json.loads((DATA / "ob_v3p0_achievementcredential_schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    claims = jwt.decode(token_of(published), options={"verify_signature": False})
    assert [error.message for error in validator.iter_errors(claims)] == []
    assert "@context" in schema["required"] and "credentialSubject" in schema["required"]


@pytest.mark.parametrize(
    ("changes", "parts"),
    [
        ({"@context": {"@vocab": "https://example.org/"}}, "@context"),
        ({"type": [{"odd": "type"}]}, "type"),
        (
            {"credentialSubject": {"id": f"{SITE}/label/commune/54395/", "type": "Person"}},
            "credentialSubject, achievement",
        ),
    ],
)
def test_a_credential_of_another_shape_fails(published, changes, parts):
    verdict = credentials.verify(_signed(published, keys.issuer_key(), **changes))
    assert [check.message for check in verdict.checks if check.code == "structure"] == [
        f"Ce n’est pas une attestation Open Badges 3.0 : {parts}."
    ]
    assert verdict.status == "invalid"
