"""The report request's tracking board as an Excel workbook: core/tracking_xlsx.py's two sheets in its words, with
the submitted letter's signature verdict."""

from __future__ import annotations

from commentsvc.core import tracking_xlsx
from commentsvc.core.tracking_xlsx import Extra
from commentsvc.reports.tracking import REPORT_WORDS, Board

SIGNATURE = Extra("Chữ ký số", 30, lambda row: row.signature_label)


def to_xlsx(board: Board, title: str) -> bytes:
    return tracking_xlsx.to_xlsx(board, title, REPORT_WORDS, [SIGNATURE])
