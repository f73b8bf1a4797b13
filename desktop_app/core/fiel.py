"""Load and validate a taxpayer's FIEL (e.firma): the ``.cer`` certificate, the ``.key`` and its password.

Facts used here (sat-protocol.md §7):

* ``.cer`` is X.509 DER (users sometimes convert it to PEM); ``.key`` is an encrypted PKCS#8 DER
  (``EncryptedPrivateKeyInfo``), sometimes converted to PEM. A key converted to an *unencrypted* form
  (PKCS#1, PKCS#8 or EC, PEM or DER) is refused: it would open with any password and the app would keep a
  private key in clear.
* The RFC sits in the subject's ``x500UniqueIdentifier`` (2.5.4.45) as ``RFC / RFC-of-representative``;
  the CURP in ``serialNumber`` (2.5.4.5) with the same ``A / B`` shape; the legal name in ``CN``.
* The certificate number (NoCertificado) is the serial's bytes read as ASCII digits.
* SAT has no flag for FIEL vs CSD: a CSD names a branch (subject ``OU``) and lacks the FIEL's
  data-encipherment / key-agreement key usages.

Every failure is an :class:`~desktop_app.core.errors.AppError` with one of the codes of DESIGN.md §3.
"""

from __future__ import annotations

import base64
import binascii
import re
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.oid import NameOID, ObjectIdentifier

from desktop_app.core.errors import AppError

# Real FIEL files are 1–3 KB; anything this big is not one (and must not be read into memory whole).
MAX_CREDENTIAL_FILE_SIZE = 256 * 1024

OID_X500_UNIQUE_IDENTIFIER = ObjectIdentifier("2.5.4.45")
OID_UNSTRUCTURED_NAME = ObjectIdentifier("1.2.840.113549.1.9.2")

# OpenSSL's short names, in the form phpcfdi sends as X509IssuerName (sat-protocol.md §2.3).
_OPENSSL_NAMES = {
    NameOID.COMMON_NAME: "CN",
    NameOID.ORGANIZATION_NAME: "O",
    NameOID.ORGANIZATIONAL_UNIT_NAME: "OU",
    NameOID.EMAIL_ADDRESS: "emailAddress",
    NameOID.STREET_ADDRESS: "street",
    NameOID.POSTAL_CODE: "postalCode",
    NameOID.COUNTRY_NAME: "C",
    NameOID.STATE_OR_PROVINCE_NAME: "ST",
    NameOID.LOCALITY_NAME: "L",
    NameOID.SERIAL_NUMBER: "serialNumber",
    NameOID.GIVEN_NAME: "GN",
    NameOID.SURNAME: "SN",
    OID_X500_UNIQUE_IDENTIFIER: "x500UniqueIdentifier",
    OID_UNSTRUCTURED_NAME: "unstructuredName",
    ObjectIdentifier("2.5.4.41"): "name",
}

_PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", re.DOTALL)


@dataclass(frozen=True)
class CertificateInfo:
    """What the app needs to know about a SAT certificate (FIEL or CSD).

    Attributes:
        rfc: the taxpayer's RFC (upper case).
        representative_rfc: for companies, the legal representative's RFC ("" for individuals).
        curp: the holder's CURP ("" for companies).
        representative_curp: for companies, the representative's CURP.
        legal_name: the holder's name as SAT registered it.
        serial_number: the 20-digit certificate number (NoCertificado).
        serial_int: the X.509 serial as an integer (``X509SerialNumber`` in signatures).
        kind: ``"fiel"`` or ``"csd"``.
        valid_from / valid_to: validity window, timezone-aware UTC.
        issuer_name: the issuer DN in OpenSSL's one-line form, certificate order.
        der: the certificate bytes (DER).
    """

    rfc: str
    representative_rfc: str
    curp: str
    representative_curp: str
    legal_name: str
    serial_number: str
    serial_int: int
    kind: str
    valid_from: datetime
    valid_to: datetime
    issuer_name: str
    der: bytes

    @property
    def der_base64(self) -> str:
        return base64.b64encode(self.der).decode("ascii")

    def is_valid_at(self, now: datetime) -> bool:
        return self.valid_from <= now <= self.valid_to

    def days_left(self, now: datetime) -> int:
        return (self.valid_to - now).days

    def to_json(self) -> dict[str, object]:
        """The seed's FIEL fields (``expires_at`` in ms) plus what `fiel check` shows."""
        return {
            "rfc": self.rfc,
            "serial_number": self.serial_number,
            "kind": self.kind,
            "legal_name": self.legal_name,
            "curp": self.curp,
            "representative_rfc": self.representative_rfc,
            "valid_from": int(self.valid_from.timestamp() * 1000),
            "expires_at": int(self.valid_to.timestamp() * 1000),
            "expires_at_readable": readable_utc(self.valid_to),
            "issuer": self.issuer_name,
        }


def readable_utc(moment: datetime) -> str:
    """The seed's ``expires_at_readable``: ISO 8601 in UTC with milliseconds, ``2027-05-17T04:37:14.000Z``."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S") + f".{utc.microsecond // 1000:03d}Z"


class Fiel:
    """A loaded, checked credential: certificate plus the matching private key. Signs for SAT."""

    def __init__(self, info: CertificateInfo, certificate: x509.Certificate, key: rsa.RSAPrivateKey) -> None:
        self.info = info
        self.certificate = certificate
        self._key = key

    @property
    def rfc(self) -> str:
        return self.info.rfc

    def sign_sha1(self, data: bytes) -> bytes:
        """RSA PKCS#1 v1.5 over SHA-1, what SAT's XML-DSig profile uses (deterministic)."""
        return self._key.sign(data, padding.PKCS1v15(), hashes.SHA1())

    def __repr__(self) -> str:  # never print key material
        return f"Fiel(rfc={self.info.rfc!r}, serial={self.info.serial_number!r}, kind={self.info.kind!r})"


def read_file_capped(path: str | Path, *, what: str) -> bytes:
    """Read a credential file, refusing absurd sizes before reading them."""
    code = "invalid_certificate_format" if what == "certificate" else "invalid_key_format"
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = fh.read(MAX_CREDENTIAL_FILE_SIZE + 1)
    except FileNotFoundError:
        raise AppError(
            code, f"The {what} file does not exist: {p}", field=what, reason="missing", path=str(p)
        ) from None
    except IsADirectoryError:
        raise AppError(
            code, f"The {what} path is a folder, not a file: {p}", field=what, reason="folder", path=str(p)
        ) from None
    except OSError as exc:
        raise AppError(
            code, f"The {what} file cannot be read: {exc.strerror}", field=what, reason="unreadable", path=str(p)
        ) from None
    return data


def _pem_blocks(data: bytes) -> list[tuple[str, bytes]]:
    return [(label.decode("ascii"), body) for label, body in _PEM_BLOCK.findall(data)]


def _pem_body_der(body: bytes) -> bytes:
    lines = [ln for ln in body.splitlines() if ln.strip() and b":" not in ln]
    return base64.b64decode(b"".join(lines), validate=False)


def _name_attr(name: x509.Name, oid: ObjectIdentifier) -> str:
    attrs = name.get_attributes_for_oid(oid)
    if not attrs:
        return ""
    value = attrs[0].value
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _split_pair(value: str) -> tuple[str, str]:
    """``"EKU9003173C9 / VADA800927DJ3"`` → (``EKU9003173C9``, ``VADA800927DJ3``); ``" / X"`` → ("", "X")."""
    first, _, second = value.partition("/")
    return first.strip().upper(), second.strip().upper()


def openssl_oneline(name: x509.Name) -> str:
    """The DN as ``CN=…,O=…`` in certificate order, with OpenSSL's short attribute names."""
    parts = []
    for rdn in name.rdns:
        for attr in rdn:
            label = _OPENSSL_NAMES.get(attr.oid, attr.oid.dotted_string)
            value = attr.value.decode("latin-1") if isinstance(attr.value, bytes) else attr.value
            parts.append(f"{label}={value}")
    return ",".join(parts)


def certificate_number(serial: int) -> str:
    """SAT's NoCertificado: the serial's bytes are ASCII digits (hex ``3330…`` → ``30…``)."""
    raw = serial.to_bytes((serial.bit_length() + 7) // 8 or 1, "big")
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        text = ""
    return text if text.isdigit() else format(serial, "x")


def _classify(cert: x509.Certificate) -> str:
    has_branch = bool(cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME))
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        fiel_usages = usage.data_encipherment or usage.key_agreement
    except x509.ExtensionNotFound:
        fiel_usages = False
    return "csd" if has_branch and not fiel_usages else "fiel"


def parse_certificate(data: bytes) -> tuple[x509.Certificate, CertificateInfo]:
    """Parse a ``.cer`` (DER or PEM). Raises ``invalid_certificate_format``."""
    if not data:
        raise AppError("invalid_certificate_format", "The certificate file is empty.", field="certificate")
    if len(data) > MAX_CREDENTIAL_FILE_SIZE:
        raise AppError(
            "invalid_certificate_format",
            "The certificate file is far too large to be a SAT certificate.",
            field="certificate",
        )
    cert: x509.Certificate | None = None
    try:
        # cryptography only *warns* about some malformed certificates (a serial that is not positive); SAT
        # never issues those, so they are refused like any other damaged file.
        with warnings.catch_warnings():
            warnings.simplefilter("error", CryptographyDeprecationWarning)
            if b"-----BEGIN" in data:
                for label, body in _pem_blocks(data):
                    if label in ("CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"):
                        cert = x509.load_der_x509_certificate(_pem_body_der(body))
                        break
            else:
                cert = x509.load_der_x509_certificate(data)
    except (ValueError, binascii.Error, UnsupportedAlgorithm, CryptographyDeprecationWarning):
        cert = None
    if cert is None:
        raise AppError(
            "invalid_certificate_format",
            "The certificate is not a valid .cer file (expected the original DER file SAT gave you).",
            field="certificate",
        )
    try:  # cryptography parses lazily: a damaged subject, issuer or extension only fails when read
        info = _describe(cert)
    except (ValueError, UnsupportedAlgorithm, UnicodeDecodeError):
        raise AppError(
            "invalid_certificate_format",
            "The certificate is damaged (its fields cannot be read): use the original .cer SAT gave you.",
            field="certificate",
        ) from None
    return cert, info


def _describe(cert: x509.Certificate) -> CertificateInfo:
    if not isinstance(cert.public_key(), rsa.RSAPublicKey):  # read it now: a damaged key type fails here
        raise ValueError("SAT certificates carry RSA keys")
    subject = cert.subject
    rfc, representative_rfc = _split_pair(_name_attr(subject, OID_X500_UNIQUE_IDENTIFIER))
    curp, representative_curp = _split_pair(_name_attr(subject, NameOID.SERIAL_NUMBER))
    if not rfc:
        raise AppError(
            "invalid_certificate_format",
            "The certificate carries no RFC: it was not issued by SAT.",
            field="certificate",
        )
    return CertificateInfo(
        rfc=rfc,
        representative_rfc=representative_rfc,
        curp=curp,
        representative_curp=representative_curp,
        legal_name=_name_attr(subject, NameOID.COMMON_NAME) or _name_attr(subject, NameOID.ORGANIZATION_NAME),
        serial_number=certificate_number(cert.serial_number),
        serial_int=cert.serial_number,
        kind=_classify(cert),
        valid_from=cert.not_valid_before_utc,
        valid_to=cert.not_valid_after_utc,
        issuer_name=openssl_oneline(cert.issuer),
        der=cert.public_bytes(serialization.Encoding.DER),
    )


def _der_is_sequence(data: bytes) -> bool:
    """A cheap structural check: the bytes are one DER SEQUENCE spanning the whole input."""
    if len(data) < 2 or data[0] != 0x30:
        return False
    length = data[1]
    offset = 2
    if length & 0x80:
        n = length & 0x7F
        if n == 0 or n > 4 or len(data) < 2 + n:
            return False
        length = int.from_bytes(data[2 : 2 + n], "big")
        offset = 2 + n
    return offset + length == len(data)


UNENCRYPTED_KEY_MESSAGE = (
    "This private key is not encrypted: it was converted from the .key SAT gave you. Use that original .key "
    "file (encrypted, as SAT delivers it) without converting it; an unencrypted key is never accepted or stored."
)


def _refuse_unencrypted(data: bytes, loader: Any) -> bool:
    """``invalid_key_format`` when the key opens without a password (any form cryptography reads); else whether
    it is an encrypted key (True: it needs a password, as SAT delivers it) or not readable at all (False)."""
    try:
        loader(data, password=None)
    except TypeError:  # "private key is encrypted": as SAT delivers it
        return True
    except (ValueError, UnsupportedAlgorithm):  # damaged or not a key: the password step says which
        return False
    raise _unencrypted_key()


def require_encrypted_key(data: bytes) -> None:
    """``invalid_key_format`` unless ``data`` is a private key that needs a password (checked again before a
    key is written to the data home, whoever calls: a private key is never written there in clear)."""
    is_pem = b"-----BEGIN" in data
    if is_pem:
        _refuse_several_blocks(data)
    loader = serialization.load_pem_private_key if is_pem else serialization.load_der_private_key
    _refuse_unencrypted(data, loader)


def _refuse_several_blocks(data: bytes) -> None:
    """A PEM file is read up to its first block: a key file of two (an encrypted key, then the same key in
    clear) passed as encrypted and was stored whole, the clear copy with it. One block, or ``invalid_key_format``."""
    if len(_pem_blocks(data)) > 1 or data.count(b"-----BEGIN") > 1:
        raise AppError(
            "invalid_key_format",
            "The key file holds more than one block (it was edited or converted): use the .key file SAT gave you, "
            "as it is.",
            field="key",
            reason="several_blocks",
        )


def _unencrypted_key() -> AppError:
    return AppError("invalid_key_format", UNENCRYPTED_KEY_MESSAGE, field="key", reason="unencrypted_key")


def _load_key(data: bytes, password: bytes) -> rsa.RSAPrivateKey:
    """Decrypt a ``.key`` (encrypted PKCS#8 DER; an encrypted PEM conversion is accepted, an unencrypted key
    in any form is not)."""
    if not data:
        raise AppError("invalid_key_format", "The private key file is empty.", field="key")
    if len(data) > MAX_CREDENTIAL_FILE_SIZE:
        raise AppError("invalid_key_format", "The private key file is far too large to be a FIEL key.", field="key")
    is_pem = b"-----BEGIN" in data
    if is_pem:
        blocks = dict(_pem_blocks(data))
        if "CERTIFICATE" in blocks:
            raise AppError("invalid_key_format", "This file is a certificate, not the private key (.key).", field="key")
        if not any("PRIVATE KEY" in label for label in blocks):
            raise AppError("invalid_key_format", "The file holds no private key.", field="key")
        _refuse_several_blocks(data)
        loader = serialization.load_pem_private_key
    else:
        if not _der_is_sequence(data):
            raise AppError(
                "invalid_key_format",
                "The private key is not a valid .key file (expected the original file SAT gave you).",
                field="key",
            )
        loader = serialization.load_der_private_key
    encrypted = _refuse_unencrypted(data, loader)
    try:
        key = loader(data, password=password or None)
    except TypeError as exc:
        if "not encrypted" in str(exc).lower():  # only a key that opens without one: refused just above
            raise _unencrypted_key() from None
        raise AppError("wrong_password", "The key is encrypted and needs its password.", field="password") from None
    except (ValueError, UnsupportedAlgorithm) as exc:
        text = str(exc).lower()
        if "password" in text or "decrypt" in text:
            raise AppError(
                "wrong_password", "The password does not decrypt the private key.", field="password"
            ) from None
        if encrypted:
            # The encrypted container is whole, but what the password decrypted is not a key: a wrong password
            # whose last block happens to look padded (about 1 in 256 wrong passwords), far likelier than
            # ciphertext damaged in place. It was "damaged or not a .key" before — for a mistyped password.
            raise AppError(
                "wrong_password",
                "The password does not decrypt the private key (if you are sure of it, the .key file may be "
                "damaged: download it again from SAT).",
                field="password",
            ) from None
        # Structurally a SEQUENCE but not a key we can read: a certificate given as key, or corrupted data.
        try:
            x509.load_der_x509_certificate(data) if not is_pem else None
        except ValueError:
            pass
        else:
            if not is_pem:
                raise AppError(
                    "invalid_key_format",
                    "This file is a certificate, not the private key (.key).",
                    field="key",
                ) from None
        raise AppError("invalid_key_format", "The private key file is damaged or not a .key.", field="key") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise AppError("invalid_key_format", "SAT keys are RSA; this key is not.", field="key")
    return key


def load_fiel(
    cer: bytes,
    key: bytes,
    password: str | bytes,
    *,
    now: datetime | None = None,
    expected_rfc: str | None = None,
    require_fiel: bool = True,
    check_validity: bool = True,
) -> Fiel:
    """Load and check a credential; the order of checks is the order a user fixes them in.

    Raises AppError with ``invalid_certificate_format``, ``invalid_key_format``, ``wrong_password``,
    ``key_certificate_mismatch``, ``not_a_fiel``, ``rfc_mismatch`` or ``certificate_expired``.
    """
    cert, info = parse_certificate(cer)
    # What the certificate alone says comes first: a CSD given for the e.firma, or an expired e.firma, is not
    # fixed by typing the password again («La contraseña no abre la llave» for a CSD opened with the FIEL's
    # password), nor by switching to the RFC it belongs to.
    if require_fiel and info.kind != "fiel":
        raise AppError(
            "not_a_fiel",
            "This is a CSD (sello digital), not a FIEL (e.firma). SAT's download service needs the e.firma.",
        )
    if check_validity:
        moment = now or datetime.now(UTC)
        if moment > info.valid_to:
            raise AppError(
                "certificate_expired",
                f"The certificate expired on {info.valid_to:%Y-%m-%d}: renew the e.firma at SAT.",
                expired_at=int(info.valid_to.timestamp() * 1000),
            )
        if moment < info.valid_from:
            raise AppError(
                "certificate_expired",
                f"The certificate is not valid until {info.valid_from:%Y-%m-%d}.",
                valid_from=int(info.valid_from.timestamp() * 1000),
            )
    pwd = password.encode("utf-8") if isinstance(password, str) else password
    private_key = _load_key(key, pwd)
    cert_key = cert.public_key()  # RSA: parse_certificate checked it
    if (
        not isinstance(cert_key, rsa.RSAPublicKey)
        or private_key.public_key().public_numbers() != cert_key.public_numbers()
    ):
        raise AppError(
            "key_certificate_mismatch",
            "The private key does not belong to this certificate: choose the .key of the same FIEL.",
        )
    if expected_rfc and info.rfc != expected_rfc.strip().upper():
        raise AppError(
            "rfc_mismatch",
            f"The certificate belongs to {info.rfc}, not to {expected_rfc.strip().upper()}.",
            certificate_rfc=info.rfc,
        )
    return Fiel(info, cert, private_key)


def load_fiel_files(cer_path: str | Path, key_path: str | Path, password: str | bytes, **kwargs: object) -> Fiel:
    """:func:`load_fiel` from paths, with size caps applied before reading."""
    cer = read_file_capped(cer_path, what="certificate")
    key = read_file_capped(key_path, what="key")
    return load_fiel(cer, key, password, **kwargs)  # type: ignore[arg-type]
