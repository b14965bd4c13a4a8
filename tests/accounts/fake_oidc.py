"""A small OpenID Connect provider built like ProConnect, on a free loopback port, for tests.

It speaks the authorization-code flow for real: /authorize redirects back with a code and the
state and remembers the nonce; /token checks the client and the code and returns an RS256
id_token carrying that nonce; /userinfo answers a signed JWT (Content-Type application/jwt),
as ProConnect does; /jwks publishes the public key. The key pair is made when the first
provider starts.

Knobs for the failure cases: `claims` (what userinfo says), `id_token_overrides` (e.g. a
wrong nonce or audience), `sign_with_other_key` (a bad signature, same key id).
"""

import functools
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_ID = "fake-provider-key"


@functools.cache
def _keys():
    """The provider's key pair and another one (for bad signatures), made once per test run."""
    return tuple(rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))


class FakeProvider:
    client_id = "tnl-test-client"
    client_secret = "tnl-test-secret"

    def __init__(self):
        self.key, self.other_key = _keys()
        self.claims = {}
        self.id_token_overrides = {}
        self.sign_with_other_key = False
        self.authorize_requests = []  # the query of each /authorize call
        self.token_requests = []  # the form of each /token call
        self._codes = {}  # code -> {"nonce", "redirect_uri", "sub"}
        self._access_tokens = {}  # access token -> sub
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/authorize":
                    provider._authorize(self, query)
                elif url.path == "/userinfo":
                    provider._userinfo(self)
                elif url.path == "/jwks":
                    provider._send(self, 200, "application/json", json.dumps(provider.jwks()))
                else:
                    provider._send(self, 404, "text/plain", "not found")

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlparse(self.path).path == "/token":
                    provider._token(self, form)
                else:
                    provider._send(self, 404, "text/plain", "not found")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    # Lifecycle
    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # What the relying party is configured with
    def settings(self):
        return {
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/jwks",
            "OIDC_RP_SIGN_ALGO": "RS256",
        }

    def jwks(self):
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    def sign(self, payload):
        key = self.other_key if self.sign_with_other_key else self.key
        return jwt.encode(payload, key, algorithm="RS256", headers={"kid": KEY_ID})

    # Endpoints
    def _authorize(self, handler, query):
        self.authorize_requests.append(query)
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return self._send(handler, 400, "text/plain", "bad request")
        code = secrets.token_urlsafe(16)
        self._codes[code] = {
            "nonce": query.get("nonce"),
            "redirect_uri": query["redirect_uri"],
            "sub": self.claims.get("sub", "sub-0001"),
            "acr": query.get("acr_values", ""),
        }
        location = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.end_headers()

    def _token(self, handler, form):
        self.token_requests.append(form)
        grant = self._codes.pop(form.get("code"), None)
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            return self._send(handler, 400, "application/json", json.dumps({"error": "invalid_grant"}))
        now = int(time.time())
        id_token = {
            "iss": self.url,
            "sub": grant["sub"],
            "aud": self.client_id,
            "iat": now,
            "exp": now + 60,
            "nonce": grant["nonce"],
            "acr": grant["acr"],
            **self.id_token_overrides,
        }
        access_token = secrets.token_urlsafe(16)
        self._access_tokens[access_token] = grant["sub"]
        body = {"access_token": access_token, "token_type": "Bearer", "expires_in": 60, "id_token": self.sign(id_token)}
        self._send(handler, 200, "application/json", json.dumps(body))

    def _userinfo(self, handler):
        token = (handler.headers.get("Authorization") or "").removeprefix("Bearer ")
        sub = self._access_tokens.get(token)
        if sub is None:
            return self._send(handler, 401, "text/plain", "unknown token")
        claims = {"sub": sub, "iss": self.url, "aud": self.client_id, **self.claims}
        self._send(handler, 200, "application/jwt", self.sign(claims))

    @staticmethod
    def _send(handler, status, content_type, body):
        data = body.encode()
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
