"""What the tracking boards' views say and do alike (consultations and report requests): e-mails queued by hand,
failed ones sent again ("Gửi lại"). Each view keeps its own object, its own refusal and its own queue task."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash

from commentsvc.core.db import db


def flash_queued(queued: int, skipped: int, skipped_message: str) -> None:
    """``skipped_message``: "Bỏ qua {skipped} cơ quan đã …" in the board's own words."""
    if queued:
        flash(
            f"Đã xếp {queued} thư đôn đốc vào hàng đợi gửi; kết quả gửi hiện trên bảng theo dõi "
            "(thư lỗi được tự động gửi lại).",
            "success",
        )
    if skipped:
        flash(skipped_message.format(skipped=skipped), "info")


def send_again(requeued: list, send_all: Callable[[list[int]], None]) -> None:
    """After requeueing: commit (the rows and their audit exist before the worker looks for them), queue the
    sending, and say so."""
    if not requeued:
        flash("Không có thư đôn đốc gửi lỗi nào để gửi lại.", "info")
        return
    db.session.commit()
    send_all([row.id for row in requeued])
    flash(f"Đã đưa {len(requeued)} thư đôn đốc vào hàng đợi gửi lại; kết quả hiện trên bảng theo dõi.", "success")
