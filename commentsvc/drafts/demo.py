"""Demo step: import the sample drafts from drafts/."""

from __future__ import annotations

from commentsvc.config import ROOT
from commentsvc.drafts.models import DraftKind
from commentsvc.drafts.operations import import_sample

SAMPLES_DIR = ROOT / "drafts"
SUFFIXES = (".docx", ".md", ".txt")

# Titles of the committed samples; any other file is named after its title line or its file name.
SAMPLE_TITLES = {
    "chien-luoc-chuyen-doi-so.docx": "Chiến lược chuyển đổi số trong hoạt động của cơ quan nhà nước",
    "nghi-dinh-du-lieu-mo.docx": "Nghị định quy định về dữ liệu mở của cơ quan nhà nước",
    "phuong-phap-danh-gia.docx": "Phương pháp đánh giá mức độ chuyển đổi số",
    "thong-tu-mau.md": "Thông tư quy định chế độ báo cáo định kỳ về dịch vụ công trực tuyến",
}

# The kind follows the file name's beginning (Vietnamese words without diacritics).
KIND_PREFIXES = (
    ("chien-luoc", DraftKind.STRATEGY),
    ("quyet-dinh", DraftKind.DECISION),
    ("nghi-dinh", DraftKind.DECREE),
    ("thong-tu", DraftKind.CIRCULAR),
    ("phuong-phap", DraftKind.METHODOLOGY),
    ("to-trinh", DraftKind.SUBMISSION),
    ("bao-cao", DraftKind.REPORT),
)


def load_sample_drafts(unit) -> None:
    """Import every sample draft under drafts/ as version 1 of a draft of ``unit`` (idempotent)."""
    for path in sorted(SAMPLES_DIR.iterdir()):
        if path.suffix.lower() in SUFFIXES and path.is_file():
            import_sample(
                path.read_bytes(), path.name, title=sample_title(path), kind=sample_kind(path.name), unit=unit
            )


def sample_kind(filename: str) -> DraftKind:
    name = filename.lower()
    return next((kind for prefix, kind in KIND_PREFIXES if name.startswith(prefix)), DraftKind.OTHER)


def sample_title(path) -> str:
    if path.name in SAMPLE_TITLES:
        return SAMPLE_TITLES[path.name]
    if path.suffix.lower() != ".docx":
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip().startswith("#"):
                return line.strip("# ").strip()[:500]
    return path.stem.replace("-", " ").capitalize()
