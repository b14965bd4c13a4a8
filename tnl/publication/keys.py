"""The issuer's signing key: an RSA key in a PEM file outside the repository, its public half as a
JSON Web Key (RFC 7517) and its thumbprint (RFC 7638).

Open Badges 3.0 requires verifiers to support RS256, so the key is RSA (2048 bits). The key is
created on first use, readable by its owner only (0600). Retired keys
(`TNL_CREDENTIAL_RETIRED_KEYS`, public PEM files) stay in the published key set so that the
credentials they signed still verify after a rotation (docs/credentials.md)."""

import base64
import hashlib
import json
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from jwt.algorithms import RSAAlgorithm

from . import paths

KEY_SIZE = 2048
_cache = {}


def _key_file():
    return Path(settings.TNL_CREDENTIAL_KEY_FILE)


def issuer_key(create=True):
    """The private key of the issuer, created (mode 0600) when the file does not exist yet.

    With `create=False`, None when there is no key file (a verification never makes a key)."""
    path = _key_file()
    try:
        stat = path.stat()
    except FileNotFoundError:
        if not create:
            return None
        return _create(path)
    cached = _cache.get(path)
    if cached and cached[0] == stat.st_mtime_ns:
        return cached[1]
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError(f"the credential key must be an RSA key: {path}")
    _cache[path] = (stat.st_mtime_ns, key)
    return key


def _create(path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return issuer_key(create=False)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    return issuer_key(create=False)


def retired_public_keys():
    """The public keys of retired signing keys, from the PEM files named in the settings."""
    keys = []
    for path in settings.TNL_CREDENTIAL_RETIRED_KEYS:
        data = Path(path).read_bytes()
        try:
            key = serialization.load_pem_public_key(data)
        except ValueError:
            key = serialization.load_pem_private_key(data, password=None).public_key()
        keys.append(key)
    return keys


def public_jwk(public_key):
    """The public key as a JWK: kty, n, e (never "d")."""
    jwk = RSAAlgorithm.to_jwk(public_key, as_dict=True)
    return {"kty": jwk["kty"], "n": jwk["n"], "e": jwk["e"]}


def thumbprint(public_key):
    """RFC 7638: base64url(SHA-256(the required members in lexicographic order, no spaces))."""
    jwk = public_jwk(public_key)
    canonical = json.dumps({"e": jwk["e"], "kty": jwk["kty"], "n": jwk["n"]}, separators=(",", ":"), sort_keys=True)
    digest = hashlib.sha256(canonical.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def key_id(public_key):
    """The `kid` of a key: the URL of its JWK in the published files (Open Badges 3.0 wants a URI
    that dereferences to the JWK), ending in its RFC 7638 thumbprint."""
    return settings.SITE_URL.rstrip("/") + paths.url(paths.public_key(thumbprint(public_key)))


def published_jwk(public_key):
    return {**public_jwk(public_key), "kid": key_id(public_key), "use": "sig", "alg": "RS256"}


def verification_keys():
    """{kid: public key} of every key whose credentials this platform accepts: those of the
    published key set (what any verifier reads), the current key (when this process may read its
    file) and the retired ones."""
    from .site import current_folder  # (site imports the writers, which import this module)

    folder = current_folder()
    published = folder / paths.key_set() if folder else None
    keys = (
        keys_from_jwks(json.loads(published.read_text(encoding="utf-8"))) if published and published.is_file() else {}
    )
    try:
        current = issuer_key(create=False)
    except PermissionError:  # the web server's user may not read the worker's key: the key set is enough
        current = None
    for public in ([current.public_key()] if current else []) + retired_public_keys():
        keys[key_id(public)] = public
    return keys


def keys_from_jwks(document):
    """{kid: public key} from a JWK Set (a dict), RSA keys only."""
    keys = {}
    for jwk in document.get("keys", []):
        if jwk.get("kty") == "RSA" and jwk.get("kid"):
            keys[jwk["kid"]] = RSAAlgorithm.from_jwk({"kty": "RSA", "n": jwk["n"], "e": jwk["e"]})
    return keys
