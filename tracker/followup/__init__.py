"""Following up: reminders, overdue notices, escalation, the weekly digest, recurring reports."""
