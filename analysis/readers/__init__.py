"""Paging exports of every tool (CSV and JSON) -> the normalised incident frame."""
