"""Consultations (lấy ý kiến): recipients, deadlines, extensions, closing, reminders."""
