"""Helpers shared by every domain: Vietnamese dates and working days, text keys, errors."""
