"""The scheduler process: one at a time (a database lease), running the follow-up jobs."""
