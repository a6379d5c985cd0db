"""Digital signatures (ký số) of reply letters: PAdES signatures in a PDF, verified with pyHanko. Pure: no Flask.

:func:`verify_letter` says whether the PDF is signed, whether the signed bytes are intact (and nothing but form
filling or further signatures was added after signing), whether the signer's certificate chains to a trust
root of the operator's (``SIGNATURE_TRUST_ROOTS``: a PEM file or a folder of PEM/DER certificates, see
:func:`load_trust_roots`), who signed, for which organisation and when. Revocation (CRL/OCSP) is checked only when
the operator enables it: these servers usually have no network, and pyHanko is told never to fetch otherwise.

A hostile PDF (huge object streams, deep nesting, decompression bombs) must not take a worker down: obvious
cases are refused from the bytes; verification itself runs in a child process with a time and memory limit
(:func:`verify_letter_isolated`). The verdict is information for the team, not a gate, unless the operator sets
``REQUIRE_SIGNED_LETTERS``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_OBJECTS_IN_STREAM = 100_000
VERIFY_SECONDS = 15
VERIFY_MEMORY = 1024 * 1024 * 1024

VALID = "valid"
ALTERED = "altered"
UNTRUSTED = "untrusted"
EXPIRED = "expired"
UNSIGNED = "unsigned"
UNREADABLE = "unreadable"

LABELS = {
    VALID: "Chữ ký số hợp lệ",
    ALTERED: "Văn bản đã bị sửa sau khi ký",
    UNTRUSTED: "Không xác định được nguồn cấp chứng thư số",
    EXPIRED: "Chứng thư số đã hết hạn hoặc bị thu hồi",
    UNSIGNED: "Không có chữ ký số",
    UNREADABLE: "Không kiểm tra được chữ ký số (tệp PDF hỏng hoặc bất thường)",
}

MSG_NOT_PDF = "Chỉ kiểm tra được chữ ký số của tệp PDF; tệp đã chọn không phải PDF."
MSG_HOSTILE = "Tệp PDF có cấu trúc bất thường (quá nhiều đối tượng hoặc lồng nhau quá sâu) nên không được kiểm tra."
MSG_TOO_SLOW = "Tệp PDF quá phức tạp để kiểm tra chữ ký số trong thời gian cho phép."
MSG_TOO_LARGE = "Tệp PDF quá lớn để kiểm tra chữ ký số (tối đa 20 MB)."
MSG_ROOTS = "Không đọc được chứng thư gốc tin cậy tại {path}."

# Nesting a parser would have to recurse through: 256 arrays or 128 dictionaries opened with little in between.
_DEEP_ARRAYS = re.compile(rb"(?:\[[^\[\]]{0,16}){256}")
_DEEP_DICTS = re.compile(rb"(?:<<[^<>]{0,32}){128}")
_OBJECT_STREAM_COUNT = re.compile(
    rb"/Type\s*/ObjStm\b[^>]{0,200}?/N\s+(\d{1,12})|/N\s+(\d{1,12})[^>]{0,200}?/Type\s*/ObjStm\b"
)


class SignatureError(ValueError):
    """The file cannot be checked; the message is Vietnamese, for the user."""


@dataclass(frozen=True)
class SignatureVerdict:
    status: str
    signed: bool = False
    intact: bool | None = None
    trusted: bool | None = None
    signer: str = ""
    organisation: str = ""
    signed_at: datetime | None = None
    detail: str = ""

    @property
    def label(self) -> str:
        return LABELS[self.status]

    def to_json(self) -> dict:
        return {
            "signed": self.signed,
            "intact": self.intact,
            "trusted": self.trusted,
            "signer": self.signer,
            "organisation": self.organisation,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
        }


def load_trust_roots(path: str | Path | None) -> list:
    """Certificates of a PEM file (one or many) or of every PEM/DER file in a folder; [] when ``path`` is empty."""
    from asn1crypto import pem, x509

    if not path:
        return []
    path = Path(path)
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    roots = []
    try:
        for file in files:
            data = file.read_bytes()
            if pem.detect(data):
                roots.extend(x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True))
            elif data[:1] == b"\x30":
                roots.append(x509.Certificate.load(data))
        for root in roots:
            _ = root.subject  # parse now, not at verification time
    except (OSError, ValueError, TypeError) as error:
        raise SignatureError(MSG_ROOTS.format(path=path)) from error
    return roots


def is_hostile_pdf(data: bytes) -> bool:
    """Nesting no real letter has, or an object stream claiming more objects than any letter holds."""
    if _DEEP_ARRAYS.search(data) or _DEEP_DICTS.search(data):
        return True
    return any(
        int(match.group(1) or match.group(2)) > MAX_OBJECTS_IN_STREAM for match in _OBJECT_STREAM_COUNT.finditer(data)
    )


def check_pdf_bytes(data: bytes) -> None:
    """Refuse, from the bytes alone, what is not a PDF or is built to exhaust a parser."""
    if len(data) > MAX_PDF_BYTES:
        raise SignatureError(MSG_TOO_LARGE)
    if b"%PDF-" not in data[:1024]:
        raise SignatureError(MSG_NOT_PDF)
    if is_hostile_pdf(data):
        raise SignatureError(MSG_HOSTILE)
    if b"startxref" not in data[-4096:]:
        raise SignatureError(LABELS[UNREADABLE])  # truncated or not a PDF after all: nothing to rebuild it from


def verify_letter(data: bytes, trust_roots: list, *, check_revocation: bool = False) -> SignatureVerdict:
    """The verdict on the PDF's signatures (the first signature names the signer), or :class:`SignatureError`."""
    check_pdf_bytes(data)
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError, RecursionError) as error:
        raise SignatureError(LABELS[UNREADABLE]) from error
    if not signatures:
        return SignatureVerdict(UNSIGNED)
    verdicts = [_verify_one(signature, trust_roots, check_revocation) for signature in signatures]
    return _overall(verdicts)


_SEVERITY = (ALTERED, UNREADABLE, EXPIRED, UNTRUSTED, VALID)


def _overall(verdicts: list[SignatureVerdict]) -> SignatureVerdict:
    worst = min(verdicts, key=lambda verdict: _SEVERITY.index(verdict.status))
    first = verdicts[0]
    return SignatureVerdict(
        status=worst.status,
        signed=True,
        intact=all(verdict.intact for verdict in verdicts),
        trusted=all(verdict.trusted for verdict in verdicts),
        signer=first.signer,
        organisation=first.organisation,
        signed_at=first.signed_at,
        detail=worst.detail,
    )


def _validation_context(trust_roots: list, check_revocation: bool):
    from pyhanko_certvalidator import ValidationContext

    if check_revocation:
        return ValidationContext(trust_roots=trust_roots, allow_fetching=True, revocation_mode="hard-fail")
    return ValidationContext(trust_roots=trust_roots, allow_fetching=False, revocation_mode="soft-fail")


def _verify_one(signature, trust_roots: list, check_revocation: bool) -> SignatureVerdict:
    from pyhanko.sign.validation import validate_pdf_signature

    from commentsvc.core.isolation import outside_event_loop

    try:
        context = _validation_context(trust_roots, check_revocation)
        status = outside_event_loop(validate_pdf_signature, signature, context)
    except Exception as error:  # pyHanko raises many kinds on malformed signature dictionaries
        return SignatureVerdict(UNREADABLE, signed=True, intact=False, trusted=False, detail=str(error)[:300])
    signer, organisation = _names(status.signing_cert)
    intact = bool(status.intact and status.valid and not _modified_after_signing(status))
    trusted = bool(status.trusted)
    if not intact:
        verdict = ALTERED
    elif trusted:
        verdict = VALID
    elif _expired(status):
        verdict = EXPIRED
    else:
        verdict = UNTRUSTED
    return SignatureVerdict(
        verdict,
        signed=True,
        intact=intact,
        trusted=trusted,
        signer=signer,
        organisation=organisation,
        signed_at=_signed_at(status),
        detail=_detail(status),
    )


def _modified_after_signing(status) -> bool:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return False
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return True
    level = status.modification_level
    allowed = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)
    return level is None or level not in allowed


def _expired(status) -> bool:
    now = datetime.now(UTC)
    cert = status.signing_cert
    validity = cert["tbs_certificate"]["validity"]
    if not (validity["not_before"].native <= now <= validity["not_after"].native):
        return True
    text = _detail(status).lower()
    return "expired" in text or "revoked" in text


def _detail(status) -> str:
    return str(getattr(status, "trust_problem_indic", None) or "")[:300]


def _names(cert) -> tuple[str, str]:
    subject = cert.subject.native
    signer = subject.get("common_name") or ""
    organisation = subject.get("organization_name") or subject.get("organizational_unit_name") or ""
    if isinstance(organisation, list):
        organisation = ", ".join(organisation)
    return str(signer), str(organisation)


def _signed_at(status) -> datetime | None:
    timestamp = getattr(status, "timestamp_validity", None)
    when = getattr(timestamp, "timestamp", None) if timestamp is not None else None
    return when or status.signer_reported_dt


def verify_letter_isolated(
    data: bytes, trust_roots: list, *, check_revocation: bool = False, seconds: float = VERIFY_SECONDS
) -> SignatureVerdict:
    """:func:`verify_letter` in a forked child limited in time and memory (:mod:`core.isolation`), so that a PDF
    built to exhaust the parser costs a few seconds at most and never the worker."""
    from commentsvc.core.isolation import run_isolated

    check_pdf_bytes(data)
    _preload()
    roots = [root.dump() for root in trust_roots]
    return run_isolated(
        _verify_from_der,
        (data, roots, check_revocation),
        seconds=seconds,
        memory_bytes=VERIFY_MEMORY,
        expected=(SignatureError,),
        crash=SignatureError(LABELS[UNREADABLE]),
        timeout=SignatureError(MSG_TOO_SLOW),
    )


def _preload() -> None:
    # Imported once in the parent, so that every child starts with them loaded.
    import pyhanko.sign.validation  # noqa: F401
    import pyhanko_certvalidator  # noqa: F401


def _verify_from_der(data: bytes, roots: list[bytes], check_revocation: bool) -> SignatureVerdict:
    from asn1crypto import x509

    certificates = [x509.Certificate.load(der) for der in roots]
    try:
        return verify_letter(data, certificates, check_revocation=check_revocation)
    except (MemoryError, RecursionError) as error:
        raise SignatureError(MSG_HOSTILE) from error
