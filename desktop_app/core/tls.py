"""Verified TLS settings that trust what the computer trusts (SAT, the office server, ``debug``'s probe).

Windows and macOS: the operating system's own certificate store and checks (``truststore``, as pip does since 24.2),
so a certificate authority the computer trusts — an antivirus that inspects HTTPS, a company proxy, an office's own
CA, all of which install their root there — is trusted here as in the browser the user opens SAT's portal with,
and SAT's certificates are checked the way Windows checks them (revocation, intermediates it fetches). Elsewhere
(Linux): the system's CA bundle (where OpenSSL looks, which is where ``update-ca-certificates`` puts a company's
CA), or certifi's bundle when the system has none. ``SSL_CERT_FILE``/``SSL_CERT_DIR``, when set, are obeyed on every
platform, as they were when httpx's defaults chose.

Never less than a full check: certificate required and the host name matched, on every platform.
"""

from __future__ import annotations

import os
import re
import ssl
import sys

_HASHED_CERT = re.compile(r"^[0-9a-fA-F]{8}\.[0-9]+$")  # how a CA folder names its certificates (c_rehash)
OS_STORE = sys.platform in ("win32", "darwin")  # the operating system checks certificates itself (truststore)

# An error's ``cause`` when the peer's certificate failed its check (SAT's: ``sat_unavailable``; the office
# server's: ``server_unreachable``): no retry mends it — a clock far off, an antivirus or proxy that inspects HTTPS,
# a CA this computer does not trust — so the window says what to look at.
CERTIFICATE_REJECTED = "certificate_rejected"


def verified_context() -> ssl.SSLContext:
    """New verified TLS settings (see the module's docstring); building them reads the trust store (~20-35 ms on
    Linux), so a caller that connects often keeps them (``sat.transport.borrow_tls_context``)."""
    source = trust_source()
    if source == "os_store":
        import truststore

        context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    elif source == "system_bundle":
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    else:
        import httpx  # (here: the window imports this module for its constants, before any connection)

        context = httpx.create_ssl_context()  # certifi's bundle
    context.verify_mode = ssl.CERT_REQUIRED
    context.check_hostname = True
    return context


def trust_source() -> str:
    """What certificates are checked against: ``os_store``, ``system_bundle`` or ``certifi`` (``debug`` says it).
    ``SSL_CERT_FILE``/``SSL_CERT_DIR``, set on purpose, win everywhere (on Windows with the system's root stores,
    as Python's own defaults read them): what someone configured before this module keeps working."""
    if OS_STORE and not bundle_named():
        return "os_store"
    return "system_bundle" if system_bundle_present() else "certifi"


def bundle_named() -> bool:
    """Whether ``SSL_CERT_FILE`` or ``SSL_CERT_DIR`` names the certificates to trust."""
    return bool(os.environ.get("SSL_CERT_FILE") or os.environ.get("SSL_CERT_DIR"))


def system_bundle_present() -> bool:
    """Whether OpenSSL's default places (or ``SSL_CERT_FILE``/``SSL_CERT_DIR``) hold certificates to trust."""
    paths = ssl.get_default_verify_paths()
    if paths.cafile:  # set only when the file exists
        return True
    if paths.capath and os.path.isdir(paths.capath):
        return any(_HASHED_CERT.match(name) for name in os.listdir(paths.capath))
    return False


def certificate_failure(exc: BaseException) -> str | None:
    """Why the peer's certificate failed its check, when that is what ``exc`` (or an error behind it: httpx →
    httpcore → ssl) says; None for any other failure."""
    cause: BaseException | None = exc
    for _ in range(8):  # a few links, never a loop
        if cause is None or isinstance(cause, ssl.SSLCertVerificationError):
            break
        cause = cause.__cause__ or cause.__context__
    if isinstance(cause, ssl.SSLCertVerificationError):
        # OpenSSL's says why in verify_message; one truststore raises may carry only its message as its argument
        return getattr(cause, "verify_message", None) or str(cause.args[-1] if cause.args else type(cause).__name__)
    return None
