"""An e.firma for an RFC of the sandbox's world that is not SAT's test one: a self-signed RSA certificate shaped
like SAT's (the RFC in x500UniqueIdentifier, a FIEL's key usages, a NoCertificado of ASCII digits) and its key
encrypted as SAT gives it (PKCS#8 DER). The sandbox checks signatures against the certificate sent, as SAT's
WS-Security profile does, so a second RFC can sync beside EKU9003173C9."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from desktop_app.core.fiel import OID_X500_UNIQUE_IDENTIFIER


def make_fiel(folder: Path, rfc: str, name: str, password: str, *, serial: str = "30001000000500009901") -> Path:
    """``folder/RFC.cer`` and ``folder/RFC.key`` (valid 2024 → 2028); returns ``folder``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
            x509.NameAttribute(OID_X500_UNIQUE_IDENTIFIER, rfc),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, "XXXX000000XXXXXX00"),
        ]
    )
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=True,
        data_encipherment=True,
        key_agreement=True,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "SANDBOX TEST CA")]))
        .public_key(key.public_key())
        .serial_number(int.from_bytes(serial.encode("ascii"), "big"))
        .not_valid_before(datetime(2024, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2028, 1, 1, tzinfo=UTC))
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{rfc}.cer").write_bytes(cert.public_bytes(serialization.Encoding.DER))
    encrypted = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password.encode()),
    )
    (folder / f"{rfc}.key").write_bytes(encrypted)
    return folder
