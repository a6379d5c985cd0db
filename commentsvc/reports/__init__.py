"""Report requests (yêu cầu báo cáo): figures and task progress collected from agencies with per-group forms."""
