"""Digital signatures of reply letters, against a CA and signers made at test time (no key is committed)."""

from __future__ import annotations

import pytest
from asn1crypto import x509

from commentsvc.core.isolation import outside_event_loop
from commentsvc.responses.signatures import (
    ALTERED,
    EXPIRED,
    LABELS,
    MSG_HOSTILE,
    MSG_NOT_PDF,
    MSG_TOO_SLOW,
    UNSIGNED,
    UNTRUSTED,
    VALID,
    SignatureError,
    load_trust_roots,
    verify_letter,
    verify_letter_isolated,
)
from tests.letter_factory import to_pdf
from tests.letters import PROSE_POINTS
from tests.signing_factory import make_authority, make_signer, sign_pdf


@pytest.fixture(scope="module")
def pki():
    """A trusted CA, a signer it certified, an expired signer, and a CA nobody trusts with its own signer."""
    authority = make_authority()
    stranger = make_authority("CA không rõ nguồn gốc")
    return {
        "authority": authority,
        "signer": make_signer(authority, "Nguyễn Thanh Tịnh", "Bộ Tư pháp"),
        "expired": make_signer(authority, "Lê Văn Hết", "Bộ Tư pháp", expired=True),
        "stranger": stranger,
        "stranger_signer": make_signer(stranger, "Trần Văn Lạ", "Cơ quan lạ"),
        "roots": [x509.Certificate.load(authority.der)],
    }


@pytest.fixture(scope="module")
def letter_pdf():
    return to_pdf(PROSE_POINTS)


def test_valid_signature(pki, letter_pdf):
    signed = sign_pdf(letter_pdf, pki["signer"], pki["authority"])
    verdict = verify_letter(signed, pki["roots"])
    assert verdict.status == VALID
    assert verdict.label == "Chữ ký số hợp lệ"
    json = verdict.to_json()
    assert json["signed"] is json["intact"] is json["trusted"] is True
    assert (json["signer"], json["organisation"]) == ("Nguyễn Thanh Tịnh", "Bộ Tư pháp")
    assert json["signed_at"].startswith("20")
    assert set(json) == {"signed", "intact", "trusted", "signer", "organisation", "signed_at"}


def test_altered_after_signing(pki, letter_pdf):
    signed = bytearray(sign_pdf(letter_pdf, pki["signer"], pki["authority"]))
    stream = signed.find(b"stream", 1000)
    signed[stream + 40] ^= 0x01  # one bit of the letter's content, inside the signed bytes
    verdict = verify_letter(bytes(signed), pki["roots"])
    assert verdict.status == ALTERED
    assert (verdict.signed, verdict.intact) == (True, False)
    assert verdict.label == "Văn bản đã bị sửa sau khi ký"


def test_unknown_certificate_authority(pki, letter_pdf):
    signed = sign_pdf(letter_pdf, pki["stranger_signer"], pki["stranger"])
    verdict = verify_letter(signed, pki["roots"])
    assert verdict.status == UNTRUSTED
    assert (verdict.intact, verdict.trusted, verdict.signer) == (True, False, "Trần Văn Lạ")
    assert verdict.label == "Không xác định được nguồn cấp chứng thư số"


def test_no_trust_roots_configured_means_untrusted(pki, letter_pdf):
    signed = sign_pdf(letter_pdf, pki["signer"], pki["authority"])
    assert verify_letter(signed, []).status == UNTRUSTED


def test_expired_certificate(pki, letter_pdf):
    signed = sign_pdf(letter_pdf, pki["expired"], pki["authority"])
    verdict = verify_letter(signed, pki["roots"])
    assert verdict.status == EXPIRED
    assert (verdict.intact, verdict.trusted) == (True, False)


def test_unsigned_pdf(pki, letter_pdf):
    verdict = verify_letter(letter_pdf, pki["roots"])
    assert verdict.status == UNSIGNED
    assert verdict.label == LABELS[UNSIGNED] == "Không có chữ ký số"
    assert verdict.to_json() == {
        "signed": False,
        "intact": None,
        "trusted": None,
        "signer": "",
        "organisation": "",
        "signed_at": None,
    }


@pytest.mark.parametrize("data", [b"PK\x03\x04 a docx", b"hello", b""])
def test_not_a_pdf(pki, data):
    with pytest.raises(SignatureError) as error:
        verify_letter_isolated(data, pki["roots"])
    assert str(error.value) == MSG_NOT_PDF


def _pdf_with(body: bytes) -> bytes:
    return b"%PDF-1.7\n1 0 obj\n" + body + b"\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize(
    "hostile",
    [
        _pdf_with(b"[" * 200_000 + b"]" * 200_000),
        _pdf_with(b"[0 " * 50_000 + b"]" * 50_000),
        _pdf_with(b"<< /A " * 20_000 + b">>" * 20_000),
        _pdf_with(b"<< /Type /ObjStm /N 900000000 /First 10 /Length 5 >>\nstream\nxxxxx\nendstream"),
    ],
    ids=["deep-arrays", "deep-arrays-spaced", "deep-dictionaries", "huge-object-stream"],
)
def test_hostile_pdf_is_refused(pki, hostile):
    with pytest.raises(SignatureError) as error:
        verify_letter_isolated(hostile, pki["roots"])
    assert str(error.value) == MSG_HOSTILE


def test_broken_pdf_gets_a_verdict_not_a_crash(pki):
    with pytest.raises(SignatureError) as error:
        verify_letter_isolated(b"%PDF-1.7\n" + b"\x00garbage" * 1000, pki["roots"])
    assert "Không kiểm tra được chữ ký số" in str(error.value)


def test_verification_that_takes_too_long_is_abandoned(pki, letter_pdf):
    signed = sign_pdf(letter_pdf, pki["signer"], pki["authority"])
    with pytest.raises(SignatureError) as error:
        verify_letter_isolated(signed, pki["roots"], seconds=0)
    assert str(error.value) == MSG_TOO_SLOW


def test_isolated_verification_gives_the_same_verdict(pki, letter_pdf):
    signed = sign_pdf(letter_pdf, pki["signer"], pki["authority"])
    assert verify_letter_isolated(signed, pki["roots"]) == verify_letter(signed, pki["roots"])


def test_trust_roots_from_a_pem_file_or_a_folder_of_pem_and_der(pki, tmp_path):
    bundle = tmp_path / "roots.pem"
    bundle.write_bytes(pki["authority"].pem + pki["stranger"].pem)
    assert len(load_trust_roots(bundle)) == 2
    folder = tmp_path / "roots"
    folder.mkdir()
    (folder / "a.pem").write_bytes(pki["authority"].pem)
    (folder / "b.cer").write_bytes(pki["stranger"].der)
    names = sorted(root.subject.native["common_name"] for root in load_trust_roots(folder))
    assert names == ["CA không rõ nguồn gốc", "Cục Chứng thực số thử nghiệm"]
    broken = tmp_path / "broken.pem"
    broken.write_bytes(b"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    with pytest.raises(SignatureError):
        load_trust_roots(broken)


def test_verification_inside_a_running_event_loop(pki, letter_pdf):
    """pyHanko's synchronous API starts its own loop; an async server or a browser test already runs one."""
    import asyncio

    async def inside():
        signed = sign_pdf(letter_pdf, pki["signer"], pki["authority"])
        return verify_letter(signed, pki["roots"]), verify_letter_isolated(signed, pki["roots"])

    # A thread of its own for the test's loop: in a worker that has run browser tests, Playwright's loop runs here.
    direct, isolated = outside_event_loop(asyncio.run, inside())
    assert direct.status == isolated.status == VALID
