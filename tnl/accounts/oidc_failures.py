"""Why an OpenID Connect login failed, as `tnl.accounts.oidc` leaves it on the request for the
callback page. Apart from the backend so that the pages do not import it: the backend pulls in
PyJWT, cryptography and requests, about 15 MB of every web worker's memory, while OIDC is off."""

NO_EMAIL = "no_email"
INVALID = "invalid"
UNREACHABLE = "unreachable"
AMBIGUOUS = "ambiguous"
