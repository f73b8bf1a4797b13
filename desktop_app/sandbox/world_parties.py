"""The people and companies of the sandbox world: subjects, counterparts and employees.

Everything here is a fixed, small table built at import (about a hundred rows) or derived on demand from a hash,
so the world itself never materialises anything per invoice. RFCs carry a real check digit; names include the
characters that break naive code: ``&``, ``Ñ``, accents and double quotes.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache


@dataclass(frozen=True)
class Taxpayer:
    """A party to a CFDI: RFC, legal name, SAT fiscal regime (c_RegimenFiscal) and fiscal zip code."""

    rfc: str
    name: str
    regimen: str
    zip_code: str

    @property
    def is_person(self) -> bool:
        """Personas físicas have 13-character RFCs, personas morales 12."""
        return len(self.rfc) == 13


_RFC_ALPHABET = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"
_HOMOCLAVE_CHARS = "123456789ABCDEFGHIJKLMNPQRSTUVWXYZ"


def rfc_check_digit(first11: str) -> str:
    """SAT's mod-11 verification digit for the first 11 (moral) or 12 (física) characters of an RFC."""
    padded = first11.rjust(12)
    total = sum(_RFC_ALPHABET.index(ch) * (13 - pos) for pos, ch in enumerate(padded))
    digit = 11 - total % 11
    return "0" if digit == 11 else "A" if digit == 10 else str(digit)


def _digest(*parts: str) -> bytes:
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).digest()


def make_rfc(letters: str, yymmdd: str, salt: str = "") -> str:
    """An RFC with a deterministic homoclave and a correct check digit."""
    h = _digest(letters, yymmdd, salt)
    homo = _HOMOCLAVE_CHARS[h[0] % len(_HOMOCLAVE_CHARS)] + _HOMOCLAVE_CHARS[h[1] % len(_HOMOCLAVE_CHARS)]
    base = letters + yymmdd + homo
    return base + rfc_check_digit(base)


def _plain(text: str) -> str:
    """Upper case without accents, but keeping Ñ (RFCs and CURPs keep it)."""
    out = []
    for ch in text.upper():
        if ch == "Ñ":
            out.append(ch)
            continue
        out.append("".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)))
    return "".join(out)


def person_letters(first: str, last1: str, last2: str) -> str:
    """The four RFC/CURP letters of a persona física (simplified SAT rule)."""
    a, b, n = _plain(last1), _plain(last2), _plain(first).split()
    given = n[1] if len(n) > 1 and n[0] in {"JOSE", "MARIA", "MA", "J"} else n[0]
    vowel = next((c for c in a[1:] if c in "AEIOU"), "X")
    return a[0] + vowel + (b[0] if b else "X") + given[0]


# --- subjects (taxpayers whose documents the app downloads) ---------------------------------------------------

SUBJECTS: tuple[Taxpayer, ...] = (
    Taxpayer("EKU9003173C9", "ESCUELA KEMPER URGATE SA DE CV", "601", "42501"),
    Taxpayer("AAA010101AAA", "ACCEM SERVICIOS EMPRESARIALES SC", "601", "06300"),
    Taxpayer("CACX7605101P8", "XOCHILT CASAS CHAVEZ", "612", "36257"),
    Taxpayer(make_rfc("IAÑJ", "850312"), "JOSÉ IBÁÑEZ ÑÚÑEZ", "626", "64000"),
    Taxpayer(make_rfc("T&S", "100415"), "TALLER & SERVICIOS OÑATE SA DE CV", "601", "22000"),
    Taxpayer(make_rfc("LOGM", "920728"), "MARÍA FERNANDA LÓPEZ GARCÍA", "612", "44100"),
    Taxpayer(make_rfc("DAB", "150902"), "DISTRIBUIDORA DE ALIMENTOS DEL BAJÍO SA DE CV", "601", "37000"),
    Taxpayer(make_rfc("CMA", "981120"), 'COLEGIO "EL MAESTRO AMIGO" AC', "603", "03100"),
)

# Relative share of invoices in which each subject takes part (EKU ≈ 40 %).
SUBJECT_WEIGHTS: tuple[float, ...] = (0.40, 0.13, 0.07, 0.07, 0.09, 0.06, 0.10, 0.08)

# What each subject sells (sector names of world_catalog.PRODUCTS); None = anything.
SUBJECT_SECTORS: dict[str, tuple[str, ...]] = {
    SUBJECTS[0].rfc: ("educacion", "educacion", "educacion", "papeleria", "software", "restaurante"),
    SUBJECTS[1].rfc: ("consultoria", "contable", "legal", "programacion", "software"),
    SUBJECTS[2].rfc: ("consultoria", "programacion", "publicidad", "arrendamiento"),
    SUBJECTS[3].rfc: ("contable", "legal", "medicos", "consultoria"),
    SUBJECTS[4].rfc: ("autopartes", "remodelacion", "combustible", "fletes", "limpieza"),
    SUBJECTS[5].rfc: ("programacion", "publicidad", "consultoria"),
    SUBJECTS[6].rfc: ("alimentos", "alimentos", "botanas", "bebidas", "fletes"),
    SUBJECTS[7].rfc: ("educacion", "educacion", "papeleria", "mobiliario"),
}

# Subjects that run a payroll (issue Nómina receipts) and subjects who receive one as employees.
EMPLOYERS: frozenset[str] = frozenset(
    {SUBJECTS[0].rfc, SUBJECTS[1].rfc, SUBJECTS[4].rfc, SUBJECTS[6].rfc, SUBJECTS[7].rfc}
)
EMPLOYEES: frozenset[str] = frozenset({SUBJECTS[5].rfc, SUBJECTS[2].rfc})

FRONTERA_ZIPS: frozenset[str] = frozenset({"22000", "32000", "21100", "88500", "87300", "84000"})

ZIP_STATES: dict[str, str] = {
    "42": "HID", "06": "CMX", "03": "CMX", "01": "CMX", "36": "GUA", "37": "GUA", "64": "NLE", "66": "NLE",
    "22": "BCN", "21": "BCN", "44": "JAL", "45": "JAL", "76": "QUE", "97": "YUC", "72": "PUE", "32": "CHH",
    "88": "TAM", "87": "TAM", "84": "SON", "83": "SON", "50": "MEX", "52": "MEX", "54": "MEX", "91": "VER",
    "68": "OAX", "20": "AGU", "78": "SLP", "80": "SIN", "58": "MIC", "62": "MOR",
}  # fmt: skip


def state_of(zip_code: str) -> str:
    return ZIP_STATES.get(zip_code[:2], "CMX")


# --- counterparts -------------------------------------------------------------------------------------------------

# Hand-written ones first: the pool is drawn with a skew towards its head, so these show up often.
_SPECIAL_COUNTERPARTS: tuple[tuple[str, str, str, str], ...] = (
    ("P&H", "PEREZ & HIJOS SA DE CV", "601", "06700"),
    ("ÑDI", "ÑECO DISTRIBUCIONES SA DE CV", "601", "45050"),
    ("CGU", 'COMERCIAL "LA GUADALUPANA" SA DE CV', "601", "72000"),
    ("PEZJ", "JOSÉ LUIS PEÑA ZÚÑIGA", "612", "76000"),
    ("C&I", "CONSTRUCTORA & INMOBILIARIA MUÑOZ SA DE CV", "601", "64700"),
    ("RFO", 'RESTAURANTE "EL FOGÓN" S DE RL DE CV', "601", "44600"),
    ("NUOA", "MARÍA DE LOS ÁNGELES NÚÑEZ OROZCO", "606", "97000"),
    ("TC&", "TRANSPORTES CASTAÑEDA & CÍA SA DE CV", "601", "50000"),
    ("ÑARF", "FERNANDO ÑÁÑEZ RÍOS", "626", "20000"),
    ("ADP", "ABARROTES DOÑA PEPA SA DE CV", "601", "68000"),
    ("BNM", "BANCO NACIONAL MEXICANO SA INSTITUCION DE BANCA MULTIPLE", "601", "06500"),
    ("STE", "SERVICIOS TÉCNICOS ESPECIALIZADOS DE OCCIDENTE SC", "601", "45100"),
    ("SOMF", 'FRANCISCO "PACO" SOTO MÉNDEZ', "612", "58000"),
    ("FAÑ", "FARMACIAS AÑORVE SA DE CV", "601", "62000"),
    ("GCA", "GRUPO CONSTRUCTOR DEL ATLÁNTICO SAPI DE CV", "601", "91000"),
    ("HEGT", "TERESA HERNÁNDEZ GUTIÉRREZ", "605", "54000"),
)

_COMPANY_HEADS = (
    "COMERCIALIZADORA", "DISTRIBUIDORA", "GRUPO", "SERVICIOS INTEGRALES", "CONSTRUCTORA", "TRANSPORTES",
    "FARMACIAS", "INMOBILIARIA", "TECNOLOGÍA", "CONSULTORES", "IMPORTADORA", "PAPELERÍA", "LABORATORIOS",
    "AUTOPARTES", "AGROINDUSTRIAS", "LOGÍSTICA",
)  # fmt: skip
_COMPANY_CORES = (
    "DEL NORTE", "DE OCCIDENTE", "PENINSULAR", "AZTECA", "REGIOMONTANA", "DEL PACÍFICO", "HERMANOS GARZA",
    "SAN JOSÉ", "DEL GOLFO", "MAYA", "LA ESPAÑOLA", "DEL BAJÍO", "TAPATÍA", "POTOSINA", "DEL SURESTE",
    "ANÁHUAC", "CUAUHTÉMOC", "IZTACCÍHUATL", "LAGUNERA", "HUASTECA",
)  # fmt: skip
_COMPANY_TAILS = ("SA DE CV", "SA DE CV", "S DE RL DE CV", "SC", "SAPI DE CV", "SA DE CV")
_STOP_WORDS = {"DE", "DEL", "LA", "LAS", "LOS", "EL", "Y", "SA", "CV", "RL", "S", "SC", "SAPI", "AC"}

FIRST_NAMES = (
    "JUAN", "MARÍA", "JOSÉ", "GUADALUPE", "FRANCISCO", "ANA", "ALEJANDRO", "VERÓNICA", "LUIS", "PATRICIA",
    "JESÚS", "ROSA", "MIGUEL ÁNGEL", "SOFÍA", "RAÚL", "XIMENA", "IÑAKI", "BEGOÑA", "HÉCTOR", "MÓNICA",
    "RAMÓN", "LETICIA", "ÓSCAR", "MARÍA JOSÉ", "ADRIÁN", "CITLALI", "EFRAÍN", "NOEMÍ",
)  # fmt: skip
SURNAMES = (
    "HERNÁNDEZ", "GARCÍA", "MARTÍNEZ", "LÓPEZ", "GONZÁLEZ", "RODRÍGUEZ", "PÉREZ", "SÁNCHEZ", "RAMÍREZ",
    "CRUZ", "FLORES", "GÓMEZ", "MUÑOZ", "NÚÑEZ", "PEÑA", "ZÚÑIGA", "IBÁÑEZ", "CASTAÑEDA", "OCAÑA", "TREVIÑO",
    "ORDÓÑEZ", "BRISEÑO", "ALCÁNTARA", "VÁZQUEZ", "JIMÉNEZ", "DÍAZ", "REYES", "MORALES", "ORTIZ", "CHÁVEZ",
)  # fmt: skip
_PERSON_REGIMES = ("612", "612", "626", "606", "612", "626")
_ZIPS = ("06600", "44160", "64000", "76000", "97000", "72000", "20000", "78000", "80000", "21100", "32000",
         "83000", "91000", "58000", "52000", "37160", "36000", "66220", "88500", "45050")  # fmt: skip


def _company_letters(name: str) -> str:
    words = [w for w in _plain(name).replace(",", " ").split() if w not in _STOP_WORDS]
    if len(words) >= 3:
        return words[0][0] + words[1][0] + words[2][0]
    if len(words) == 2:
        return words[0][0] + words[1][:2]
    return (words[0] + "XX")[:3]


def _yymmdd(h: bytes, person: bool = False) -> str:
    """A date of incorporation (companies: 1970–2019) or of birth (people: 1955–1999) as YYMMDD."""
    year = 55 + h[0] % 45 if person else (h[0] % 30 + 70 if h[0] % 3 else h[0] % 20)
    return f"{year:02d}{h[1] % 12 + 1:02d}{h[2] % 28 + 1:02d}"


def _build_counterparts(count: int = 100) -> tuple[Taxpayer, ...]:
    out = [
        Taxpayer(make_rfc(letters, _yymmdd(_digest(name), len(letters) == 4), name), name, regimen, zip_code)
        for letters, name, regimen, zip_code in _SPECIAL_COUNTERPARTS
    ]
    seen = {t.rfc for t in out} | {s.rfc for s in SUBJECTS}
    k = 0
    while len(out) < count:
        h = _digest("counterpart", str(k))
        k += 1
        if h[3] % 5 < 3:  # company
            name = (
                f"{_COMPANY_HEADS[h[4] % len(_COMPANY_HEADS)]} {_COMPANY_CORES[h[5] % len(_COMPANY_CORES)]} "
                f"{_COMPANY_TAILS[h[6] % len(_COMPANY_TAILS)]}"
            )
            letters, regimen = _company_letters(name), "601"
        else:
            first = FIRST_NAMES[h[4] % len(FIRST_NAMES)]
            last1, last2 = SURNAMES[h[5] % len(SURNAMES)], SURNAMES[h[6] % len(SURNAMES)]
            name = f"{first} {last1} {last2}"
            letters, regimen = person_letters(first, last1, last2), _PERSON_REGIMES[h[7] % len(_PERSON_REGIMES)]
        if any(t.name == name for t in out):
            continue
        rfc = make_rfc(letters, _yymmdd(h[8:], len(letters) == 4), name)
        if rfc in seen:
            continue
        seen.add(rfc)
        out.append(Taxpayer(rfc, name, regimen, _ZIPS[h[9] % len(_ZIPS)]))
    return tuple(out)


COUNTERPARTS: tuple[Taxpayer, ...] = _build_counterparts()
COMPANY_COUNTERPARTS: tuple[Taxpayer, ...] = tuple(t for t in COUNTERPARTS if not t.is_person)
PERSON_COUNTERPARTS: tuple[Taxpayer, ...] = tuple(t for t in COUNTERPARTS if t.is_person)
BANK = COUNTERPARTS[10]

PUBLICO_EN_GENERAL = Taxpayer("XAXX010101000", "PUBLICO EN GENERAL", "616", "00000")


# --- employees (receivers of Nómina) --------------------------------------------------------------------------

_DEPARTMENTS = (
    ("Docencia", "PROFESOR"), ("Administración", "ADMINISTRADOR"), ("Ventas", "EJECUTIVO DE VENTAS"),
    ("Almacén", "ALMACENISTA"), ("Sistemas", "DESARROLLADOR"), ("Contabilidad", "CONTADOR"),
    ("Mantenimiento", "TÉCNICO"), ("Dirección", "DIRECTOR"), ("Logística", "CHOFER"), ("Recursos Humanos", "ANALISTA"),
)  # fmt: skip
_CURP_STATES = ("DF", "JC", "NL", "GT", "HG", "PL", "YN", "BC", "QT", "MC", "VZ", "OC")


@dataclass(frozen=True)
class Employee:
    taxpayer: Taxpayer
    curp: str
    nss: str
    number: str
    start: tuple[int, int, int]  # FechaInicioRelLaboral (y, m, d)
    daily_salary_cents: int
    department: str
    position: str
    risk: str


def employee_count(employer_rfc: str) -> int:
    return 12 + _digest("staff", employer_rfc)[0] % 30


@lru_cache(maxsize=4096)
def employee(employer_rfc: str, number: int, person: Taxpayer | None = None) -> Employee:
    """The ``number``-th employee of an employer; ``person`` forces who it is (a subject employed elsewhere)."""
    h = _digest("employee", employer_rfc, str(number), person.rfc if person else "")
    gender = "H" if h[0] % 2 else "M"
    if person is None:
        first = FIRST_NAMES[h[1] % len(FIRST_NAMES)]
        last1, last2 = SURNAMES[h[2] % len(SURNAMES)], SURNAMES[h[3] % len(SURNAMES)]
        letters = person_letters(first, last1, last2)
        birth = f"{60 + h[4] % 40:02d}{h[5] % 12 + 1:02d}{h[6] % 28 + 1:02d}"
        rfc = make_rfc(letters, birth, employer_rfc + str(number))
        name = f"{first} {last1} {last2}"
        person = Taxpayer(rfc, name, "605", _ZIPS[h[7] % len(_ZIPS)])
    # CURPs write Ñ as X.
    letters, birth = person.rfc[:4].replace("Ñ", "X").replace("&", "X"), person.rfc[4:10]
    plain = _plain(person.name).replace("Ñ", "X")
    consonants = "".join(c for c in plain.replace(" ", "") if c.isalpha() and c not in "AEIOU")[1:4].ljust(3, "X")
    curp = f"{letters}{birth}{gender}{_CURP_STATES[h[8] % len(_CURP_STATES)]}{consonants}{'0A'[h[9] % 2]}{h[10] % 10}"
    nss = "".join(str(b % 10) for b in h[:11])
    department, position = _DEPARTMENTS[h[11] % len(_DEPARTMENTS)]
    daily = 25_000 + (h[12] * 256 + h[13]) % 180_000  # 250.00 – 2,050.00 MXN per day
    return Employee(
        taxpayer=person,
        curp=curp,
        nss=nss,
        number=f"{number + 1:04d}",
        start=(2005 + h[14] % 14, h[15] % 12 + 1, h[2] % 28 + 1),
        daily_salary_cents=daily,
        department=department,
        position=position,
        risk=str(1 + h[3] % 3),
    )


# SAT's public test CSD of EKU9003173C9 (shared/fixtures/credentials/eku9003173c9-csd), valid 2023-05-18 →
# 2027-05-18: EKU's documents of that period carry it, as if EKU had really sealed them.
EKU_CSD_NUMBER = "30001000000500003416"
EKU_CSD_VALIDITY = (datetime(2023, 5, 18, 5, 43, 51), datetime(2027, 5, 18, 5, 43, 51))
EKU_CSD_CERTIFICATE = (
    "MIIFsDCCA5igAwIBAgIUMzAwMDEwMDAwMDA1MDAwMDM0MTYwDQYJKoZIhvcNAQELBQAwggErMQ8wDQYDVQQDDAZBQyBVQVQxLjAs"
    "BgNVBAoMJVNFUlZJQ0lPIERFIEFETUlOSVNUUkFDSU9OIFRSSUJVVEFSSUExGjAYBgNVBAsMEVNBVC1JRVMgQXV0aG9yaXR5MSgw"
    "JgYJKoZIhvcNAQkBFhlvc2Nhci5tYXJ0aW5lekBzYXQuZ29iLm14MR0wGwYDVQQJDBQzcmEgY2VycmFkYSBkZSBjYWxpejEOMAwG"
    "A1UEEQwFMDYzNzAxCzAJBgNVBAYTAk1YMRkwFwYDVQQIDBBDSVVEQUQgREUgTUVYSUNPMREwDwYDVQQHDAhDT1lPQUNBTjERMA8G"
    "A1UELRMIMi41LjQuNDUxJTAjBgkqhkiG9w0BCQITFnJlc3BvbnNhYmxlOiBBQ0RNQS1TQVQwHhcNMjMwNTE4MTE0MzUxWhcNMjcw"
    "NTE4MTE0MzUxWjCB1zEnMCUGA1UEAxMeRVNDVUVMQSBLRU1QRVIgVVJHQVRFIFNBIERFIENWMScwJQYDVQQpEx5FU0NVRUxBIEtF"
    "TVBFUiBVUkdBVEUgU0EgREUgQ1YxJzAlBgNVBAoTHkVTQ1VFTEEgS0VNUEVSIFVSR0FURSBTQSBERSBDVjElMCMGA1UELRMcRUtV"
    "OTAwMzE3M0M5IC8gVkFEQTgwMDkyN0RKMzEeMBwGA1UEBRMVIC8gVkFEQTgwMDkyN0hTUlNSTDA1MRMwEQYDVQQLEwpTdWN1cnNh"
    "bCAxMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtmecO6n2GS0zL025gbHGQVxznPDICoXzR2uUngz4DqxVUC/w9cE6"
    "FxSiXm2ap8Gcjg7wmcZfm85EBaxCx/0J2u5CqnhzIoGCdhBPuhWQnIh5TLgj/X6uNquwZkKChbNe9aeFirU/JbyN7Egia9oKH9KZ"
    "UsodiM/pWAH00PCtoKJ9OBcSHMq8Rqa3KKoBcfkg1ZrgueffwRLws9yOcRWLb02sDOPzGIm/jEFicVYt2Hw1qdRE5xmTZ7AGG0UH"
    "s+unkGjpCVeJ+BEBn0JPLWVvDKHZAQMj6s5Bku35+d/MyATkpOPsGT/VTnsouxekDfikJD1f7A1ZpJbqDpkJnss3vQIDAQABox0w"
    "GzAMBgNVHRMBAf8EAjAAMAsGA1UdDwQEAwIGwDANBgkqhkiG9w0BAQsFAAOCAgEAFaUgj5PqgvJigNMgtrdXZnbPfVBbukAbW4OG"
    "nUhNrA7SRAAfv2BSGk16PI0nBOr7qF2mItmBnjgEwk+DTv8Zr7w5qp7vleC6dIsZFNJoa6ZndrE/f7KO1CYruLXr5gwEkIyGfJ9N"
    "wyIagvHHMszzyHiSZIA850fWtbqtythpAliJ2jF35M5pNS+YTkRB+T6L/c6m00ymN3q9lT1rB03YywxrLreRSFZOSrbwWfg34EJb"
    "HfbFXpCSVYdJRfiVdvHnewN0r5fUlPtR9stQHyuqewzdkyb5jTTw02D2cUfL57vlPStBj7SEi3uOWvLrsiDnnCIxRMYJ2UA2ktDK"
    "Hk+zWnsDmaeleSzonv2CHW42yXYPCvWi88oE1DJNYLNkIjua7MxAnkNZbScNw01A6zbLsZ3y8G6eEYnxSTRfwjd8EP4kdiHNJftm"
    "7Z4iRU7HOVh79/lRWB+gd171s3d/mI9kte3MRy6V8MMEMCAnMboGpaooYwgAmwclI2XZCczNWXfhaWe0ZS5PmytD/GDpXzkX0oEg"
    "Y9K/uYo5V77NdZbGAjmyi8cE2B2ogvyaN2XfIInrZPgEffJ4AB7kFA2mwesdLOCh0BLD9itmCve3A1FGR4+stO2ANUoiI3w3Tv2y"
    "QSg4bjeDlJ08lXaaFCLW2peEXMXjQUk7fmpb5MNuOUTW6BE="
)


def certificate_for(rfc: str, moment: datetime) -> tuple[str, str]:
    """(NoCertificado, Certificado) an issuer would seal with at ``moment``."""
    if rfc == "EKU9003173C9" and EKU_CSD_VALIDITY[0] <= moment < EKU_CSD_VALIDITY[1]:
        return EKU_CSD_NUMBER, EKU_CSD_CERTIFICATE
    return certificate_of(rfc)


@lru_cache(maxsize=256)
def certificate_of(rfc: str) -> tuple[str, str]:
    """(NoCertificado, Certificado base64) of an issuer's fake CSD: stable per RFC, plausible-looking."""
    import base64

    h = _digest("csd", rfc)
    number = "000010000005" + "".join(str(b % 10) for b in h[:8])
    der = b"\x30\x82\x05\xf4\x30\x82\x03\xdc\xa0\x03\x02\x01\x02\x02\x14" + number.encode()
    der += hashlib.shake_256(rfc.encode()).digest(1500 - len(der))
    return number, base64.b64encode(der).decode()
