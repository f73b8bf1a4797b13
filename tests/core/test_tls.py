"""core/tls.py: where the trusted certificates come from, and a certificate failure told from any other."""

from __future__ import annotations

import ssl

import httpx
import pytest

from desktop_app.core import tls


def _paths(cafile: str | None, capath: str | None) -> ssl.DefaultVerifyPaths:
    return ssl.DefaultVerifyPaths(cafile, capath, "SSL_CERT_FILE", "/x/cert.pem", "SSL_CERT_DIR", "/x/certs")


def test_a_system_ca_folder_counts_only_when_it_holds_certificates(tmp_path, monkeypatch):
    """A distribution that ships only a hashed CA folder (c_rehash names, ``1a2b3c4d.0``) has a system store; an
    empty folder, or one of other files, does not (certifi's bundle is used then)."""
    monkeypatch.setattr(tls, "OS_STORE", False)
    folder = tmp_path / "certs"
    folder.mkdir()
    monkeypatch.setattr(ssl, "get_default_verify_paths", lambda: _paths(None, str(folder)))
    assert not tls.system_bundle_present() and tls.trust_source() == "certifi"
    (folder / "README").write_text("not a certificate")
    assert not tls.system_bundle_present()
    (folder / "1a2b3c4d.0").write_text("-----BEGIN CERTIFICATE-----")
    assert tls.system_bundle_present() and tls.trust_source() == "system_bundle"
    monkeypatch.setattr(ssl, "get_default_verify_paths", lambda: _paths(None, str(tmp_path / "missing")))
    assert tls.trust_source() == "certifi"


@pytest.mark.parametrize("named", ["SSL_CERT_FILE", "SSL_CERT_DIR"])
def test_a_bundle_named_on_purpose_wins_over_the_os_store(monkeypatch, named):
    monkeypatch.setattr(tls, "OS_STORE", True)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    assert tls.trust_source() == "os_store"
    monkeypatch.setenv(named, "/somewhere")
    assert tls.trust_source() != "os_store"


def test_only_a_certificate_check_is_a_certificate_failure():
    refused = ssl.SSLCertVerificationError(1, "certificate verify failed")
    refused.verify_message = "self-signed certificate"
    wrapped = httpx.ConnectError("handshake failed")
    wrapped.__cause__ = refused
    assert tls.certificate_failure(wrapped) == "self-signed certificate"
    bare = ssl.SSLCertVerificationError("Peer sent no certificates to verify")  # as truststore raises some
    assert tls.certificate_failure(bare) == "Peer sent no certificates to verify"
    assert tls.certificate_failure(httpx.ConnectError("[Errno 111] Connection refused")) is None
    looped = httpx.ConnectError("a")
    looped.__context__ = httpx.ConnectError("b")
    looped.__context__.__context__ = looped  # a cycle in the chain ends, never loops
    assert tls.certificate_failure(looped) is None
