"""The issuer's published files, which verifiers fetch: its profile (with its public keys), the
key set (JWKS), each public key at its `kid` URL, the revocation list and the JSON-LD contexts.

Written by every build, even without any live release: a withdrawn edition's credentials must
still be found revoked."""

import json
from pathlib import Path

from django.conf import settings

from . import credentials, keys, paths
from .models import RevokedCredential

CONTEXTS_FOLDER = Path(__file__).resolve().parent / "contexts"
CONTEXT_FILES = ["credentials-v2.jsonld", "ob-v3p0-context-3_0_3.json"]


def _json(document):
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def public_keys():
    """The public keys to publish: the current one first (created if need be), then the retired."""
    return [keys.issuer_key().public_key(), *keys.retired_public_keys()]


def key_set():
    return {"keys": [keys.published_jwk(key) for key in public_keys()]}


def issuer_document():
    """The issuer's profile (Open Badges 3.0 Profile), with its keys as verification methods."""
    methods = [
        {
            "id": keys.key_id(key),
            "type": "JsonWebKey",
            "controller": credentials.issuer_id(),
            "publicKeyJwk": keys.public_jwk(key),
        }
        for key in public_keys()
    ]
    return {
        "@context": list(credentials.CONTEXTS),
        **credentials.issuer_profile(),
        "description": f"Organisateur du label {settings.TNL_LABEL_NAME}.",
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods[:1]],
        "jwks": credentials.absolute(paths.key_set()),
    }


def write(build):
    build.write(paths.issuer_profile(), _json(issuer_document()))
    build.write(paths.key_set(), _json(key_set()))
    for key in public_keys():
        build.write(paths.public_key(keys.thumbprint(key)), _json(keys.published_jwk(key)))
    revoked = RevokedCredential.objects.order_by("revoked_at", "credential_id")
    build.write(paths.revocation_list(), _json(credentials.revocation_list(revoked)))
    for name in CONTEXT_FILES:
        build.write(paths.context(name), (CONTEXTS_FOLDER / name).read_bytes())
