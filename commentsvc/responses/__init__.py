"""Responses (văn bản góp ý): an agency's reply to a consultation and its comments per clause."""
