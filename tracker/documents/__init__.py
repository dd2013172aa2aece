"""Conclusion notices, plans and dispatches, and the tasks they assign."""
